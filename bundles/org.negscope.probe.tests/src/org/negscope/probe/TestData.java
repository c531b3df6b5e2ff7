package org.negscope.probe;

import java.io.IOException;
import java.nio.file.Path;
import org.negscope.testing.TestInputs;

/** The probe tests' inputs and ports, from {@link TestInputs} (shared by every test fragment). */
final class TestData {
    private TestData() {}

    /** The directory holding both {@code releng/} and {@code bundles/}. */
    static Path repoRoot() { return TestInputs.repoRoot(); }

    static Path script(String name) { return TestInputs.script(name); }

    /** A TCP port that was free a moment ago on 127.0.0.1. */
    static int freePort() throws IOException { return TestInputs.freePort(); }
}
