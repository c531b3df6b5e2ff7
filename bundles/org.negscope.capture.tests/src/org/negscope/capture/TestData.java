package org.negscope.capture;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.negscope.testing.TestInputs;

/** The capture tests' inputs, located by {@link TestInputs} (shared by every test fragment). */
final class TestData {
    private TestData() {}

    static Path repoRoot() { return TestInputs.repoRoot(); }

    /** A third-party Windows trace (missing: fails under CI=true, else skips). */
    static Path windows(String name) { return TestInputs.windows(name, msg -> Assumptions.assumeTrue(false, msg)); }

    /** A third-party capture, read in place; missing: fails naming it. */
    static Path external(String name) { return TestInputs.requireExternal(name); }
}
