package org.negscope.smb2;

import java.nio.file.Path;
import org.negscope.testing.TestInputs;

/** The SMB2 tests' inputs, located by {@link TestInputs} (shared by every test fragment): read by path, never copied. */
final class TestData {
    private TestData() {}

    static Path repoRoot() { return TestInputs.repoRoot(); }

    /** A third-party capture, read in place; missing: fails naming it. */
    static Path external(String name) { return TestInputs.requireExternal(name); }
}
