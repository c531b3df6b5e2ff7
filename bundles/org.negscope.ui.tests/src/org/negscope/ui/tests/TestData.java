package org.negscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the real captures are: the repository's releng/captures, and the shared third-party ones beside the repo. */
public final class TestData {
    private TestData() {}

    /** The sample the product ships and the README shows: Samba 3.0.2, server capabilities stripped by a proxy. */
    public static final String STRIP_RESP_CAPS = "samba-3.0.2-strip-resp-caps.pcap";

    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("releng")) && Files.isDirectory(d.resolve("bundles"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (a directory with releng/ and bundles/) above " + p);
    }

    /** A capture committed in releng/captures (made by the repo's scripts with real Samba on loopback). */
    public static Path capture(String name) {
        // NEGSCOPE_CAPTURES points at a freshly regenerated set (releng/scripts/make-captures.sh OUTDIR).
        String dir = System.getenv("NEGSCOPE_CAPTURES");
        Path f = (dir != null && !dir.isEmpty() ? Path.of(dir) : repoRoot().resolve("releng/captures")).resolve(name);
        assertTrue(Files.isRegularFile(f), "missing committed capture " + f);
        return f;
    }

    /** A third-party capture from the shared directory next to the repository (never copied into it). */
    public static Path external(String name) {
        Path f = repoRoot().resolveSibling("shared").resolve("external-captures").resolve(name);
        assertTrue(Files.isRegularFile(f), "missing external capture " + f);
        return f;
    }
}
