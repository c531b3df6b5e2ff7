package org.negscope.crypto;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates test inputs relative to the repository (never an absolute path of one machine). */
final class TestData {

    private TestData() {
    }

    /** The repository root: the first ancestor of the working directory with releng/ and bundles/. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("releng")) && Files.isDirectory(p.resolve("bundles"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no directory with releng/ and bundles/ above " + Path.of("").toAbsolutePath());
    }

    /** Third-party captures, read in place (docs/architecture.md). */
    static Path externalCapture(String name) {
        return repoRoot().resolveSibling("shared").resolve("external-captures").resolve(name);
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
