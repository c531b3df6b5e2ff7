package org.negscope.crypto;

import java.nio.file.Path;
import org.negscope.testing.TestInputs;

/** Locates test inputs relative to the repository (never an absolute path of one machine). */
final class TestData {

    private TestData() {
    }

    static Path repoRoot() {
        return TestInputs.repoRoot();
    }

    /** Third-party captures, read in place (docs/architecture.md). */
    static Path externalCapture(String name) {
        return TestInputs.external(name);
    }

    /** Captures made by the repository's own scripts with Samba on loopback. */
    static Path relengCapture(String name) {
        return repoRoot().resolve("releng").resolve("captures").resolve(name);
    }

    /** Hex text to bytes; whitespace inside is ignored so long vectors can be wrapped. */
    static byte[] hex(String text) {
        String s = text.replaceAll("\\s+", "");
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd hex length " + s.length());
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String hex(byte[] b) {
        return Bytes.hex(b);
    }
}
