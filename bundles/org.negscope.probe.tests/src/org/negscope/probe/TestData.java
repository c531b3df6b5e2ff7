package org.negscope.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository (tests run in the test bundle's directory under Tycho) and other shared bits. */
final class TestData {
    private TestData() {}

    /** The directory holding both {@code releng/} and {@code bundles/}. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("releng")) && Files.isDirectory(p.resolve("bundles"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("repository root (with releng/ and bundles/) not found above "
                + Path.of("").toAbsolutePath());
    }

    static Path script(String name) {
        return repoRoot().resolve("releng/scripts").resolve(name);
    }

    /** A TCP port that was free a moment ago on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
