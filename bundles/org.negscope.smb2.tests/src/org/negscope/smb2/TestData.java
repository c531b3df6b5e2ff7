package org.negscope.smb2;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root and the shared external captures (read by path, never copied into the repo). */
final class TestData {
    private TestData() {}

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("releng")) && Files.isDirectory(p.resolve("bundles"))) {
                return p;
            }
            // The fast dev loop may run before releng/ exists: accept a directory with bundles/ holding this fragment.
            if (Files.isDirectory(p.resolve("bundles/org.negscope.smb2.tests"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("repository root (with releng/ and bundles/) not found above "
                + Path.of("").toAbsolutePath());
    }

    static Path external(String name) {
        Path p = repoRoot().resolve("../shared/external-captures").resolve(name).normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("external capture missing: " + p);
        }
        return p;
    }
}
