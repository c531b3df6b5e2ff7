package org.negscope.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the test data lies. The repository root is the system property {@code negscope.repo} (set by the
 * pom), else found by walking up from the working directory to a directory holding {@code releng/} and
 * {@code bundles/}. Real third-party captures are read in place from {@code <root>/../shared/external-captures}
 * (never copied into the repository).
 */
public final class Repo {
    private Repo() {}

    /** Password of the test account of the committed Samba captures (a documented test value, releng/captures/README.md). */
    public static final String TEST_PASSWORD = "NegScope-Test-1";

    public static Path root() {
        String p = System.getProperty("negscope.repo");
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path q = start; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("releng")) && Files.isDirectory(q.resolve("bundles"))) {
                return q;
            }
        }
        throw new IllegalStateException("no directory with releng/ and bundles/ above " + start);
    }

    public static Path captures() { return root().resolve("releng/captures"); }

    public static Path broken() { return captures().resolve("broken"); }

    public static Path external() { return root().resolve("../shared/external-captures").normalize(); }

    /** A committed Samba capture by name. */
    public static Path capture(String name) { return captures().resolve(name); }

    /** The committed Samba captures, sorted by name. */
    public static List<Path> sambaCaptures() { return list(captures(), "samba-"); }

    /** The real Network Monitor files (../shared/external-captures-3/netmon-cap; empty when absent). */
    public static List<Path> netmonCaptures() {
        Path dir = root().resolve("../shared/external-captures-3/netmon-cap").normalize();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".cap")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    /** The external captures (empty when the directory is absent, e.g. on a fresh clone). */
    public static List<Path> externalCaptures() { return list(external(), ""); }

    private static List<Path> list(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().startsWith(prefix))
                    .filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng"))
                    .sorted()
                    .forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    /** Whether the bytes hold the text as ASCII or as UTF-16LE (how NTLMSSP carries names). */
    static boolean carries(byte[] bytes, String text) {
        return indexOf(bytes, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) >= 0
                || indexOf(bytes, text.getBytes(java.nio.charset.StandardCharsets.UTF_16LE)) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
