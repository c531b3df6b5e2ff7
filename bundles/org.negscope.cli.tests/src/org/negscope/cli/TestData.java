package org.negscope.cli;

import java.nio.file.Path;
import org.negscope.testing.TestInputs;

/** The CLI tests' inputs, located by {@link TestInputs} (shared by every test fragment). */
final class TestData {
    private TestData() {}

    /** Password of the test account in the committed Samba captures (documented test value, releng/captures/README.md). */
    static final String TEST_PASSWORD = TestInputs.TEST_PASSWORD;

    static Path repoRoot() { return TestInputs.repoRoot(); }

    /** A committed capture, or one in the directory named by the system property {@code negscope.captures}. */
    static Path capture(String name) { return TestInputs.capture(name); }

    static Path external(String name) { return TestInputs.external(name); }
}
