package org.negscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository (walking up from the working directory) and the test captures. */
final class TestData {
    private TestData() {}

    /** Password of the test account in the committed Samba captures (documented test value, releng/captures/README.md). */
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

    /** A committed capture, or one in the directory named by the system property {@code negscope.captures}. */
    static Path capture(String name) {
        String override = System.getProperty("negscope.captures");
        Path dir = override != null && !override.isBlank() ? Path.of(override) : repoRoot().resolve("releng/captures");
        return dir.resolve(name);
    }

    static Path external(String name) { return repoRoot().resolve("../shared/external-captures").resolve(name).normalize(); }
}
