package org.negscope.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Samba smbd on loopback for the probe view's tests, as the probe bundle's tests start it: with
 * releng/scripts/probe-samba.sh in a private directory (own smb.conf, tdbsam user, nss_wrapper account). A missing
 * smbd FAILS the test (CI installs it): a broken environment is not a reason to skip.
 */
public final class Samba implements AutoCloseable {
    public static final String USER = "nsuser";
    public static final String DOMAIN = "NEGSCOPE";
    /** Test-only password of the throw-away tdbsam account. */
    public static final String PASSWORD = "Probe-Ui-Test-Pw1";

    final Path dir;
    public final int port;

    private Samba(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static Samba start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path pw = dir.resolve("password");
        Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
        Path script = TestData.repoRoot().resolve("releng/scripts/probe-samba.sh");
        String last = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder("bash", script.toString(), "start", dir.toString(), Integer.toString(port),
                    pw.toString(), USER).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("probe-samba.sh did not finish within 30 s: " + out);
            }
            if (p.exitValue() == 0 && out.contains("ready")) {
                return new Samba(dir, port);
            }
            if (p.exitValue() == 3) {
                fail("Samba is needed for the probe view's tests and is missing (Debian packages samba, libnss-wrapper): "
                        + out.strip());
            }
            last = "probe-samba.sh start exited " + p.exitValue() + ": " + out.strip();
            stop(dir);
        }
        throw new IOException(last);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void stop(Path dir) throws IOException, InterruptedException {
        Path script = TestData.repoRoot().resolve("releng/scripts/probe-samba.sh");
        Process p = new ProcessBuilder("bash", script.toString(), "stop", dir.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop(dir);
    }
}
