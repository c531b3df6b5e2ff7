package org.negscope.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the test inputs are: the committed Samba captures in {@code <repo>/releng/captures} (with their
 * EXPECTED.tsv) and the third-party captures in {@code <repo>/../shared/external-captures}, read in place.
 * The repository root is found by walking up from the working directory (Tycho runs tests in the test
 * bundle's directory, the dev loop wherever).
 */
final class TestData {
    private TestData() {}

    /** Password of the test account in the committed captures (documented test value, releng/captures/README.md). */
    static final String TEST_PASSWORD = "NegScope-Test-1";

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("releng")) && Files.isDirectory(q.resolve("bundles"))) {
                return q;
            }
        }
        throw new IllegalStateException("no directory with releng/ and bundles/ above " + p);
    }

    /**
     * The committed captures, or the directory named by the system property {@code negscope.captures} (a
     * regenerated set, e.g. from a CI step that reruns releng/scripts/make-captures.sh into a temp dir).
     */
    static Path captures() {
        String override = System.getProperty("negscope.captures");
        return override != null && !override.isBlank() ? Path.of(override) : repoRoot().resolve("releng/captures");
    }

    static Path capture(String name) { return captures().resolve(name); }

    /**
     * Windows trace formats from ../shared/external-captures-3, read in place. Missing: fails naming the file when
     * the environment has CI=true, else the test is skipped with that message.
     */
    static Path windows(String name) {
        Path f = repoRoot().resolve("../shared/external-captures-3").resolve(name).normalize();
        if (!Files.isRegularFile(f)) {
            String msg = "external capture missing: " + f;
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(msg);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, msg);
        }
        return f;
    }

    static Path external(String name) { return repoRoot().resolve("../shared/external-captures").resolve(name).normalize(); }

    /** One row of EXPECTED.tsv, written by releng/scripts/make-captures.sh. */
    record Expected(String file, String verdict, String verdictWithoutPassword, boolean fatal, List<String> differences,
                    String signature, String dialect, long negReq, long negResp, long valReq, long valResp,
                    long termination, String terminatedBy) {}

    static List<Expected> expected() {
        Path tsv = captures().resolve("EXPECTED.tsv");
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = null;
        List<Expected> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                header = List.of(line.substring(1).trim().split("\t"));
                continue;
            }
            String[] f = line.split("\t", -1);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < f.length && header != null && i < header.size(); i++) {
                m.put(header.get(i), f[i]);
            }
            String diffs = m.getOrDefault("differences", "-");
            out.add(new Expected(m.get("file"), m.get("verdict"), m.get("verdictWithoutPassword"),
                    Boolean.parseBoolean(m.get("fatal")),
                    diffs.equals("-") || diffs.isEmpty() ? List.of() : List.of(diffs.split(",")),
                    m.get("signature"), m.get("dialect"), num(m.get("negReq")), num(m.get("negResp")),
                    num(m.get("valReq")), num(m.get("valResp")), num(m.get("termination")), m.get("terminatedBy")));
        }
        return out;
    }

    private static long num(String s) { return s == null || s.isEmpty() ? 0 : Long.parseLong(s.trim()); }
}
