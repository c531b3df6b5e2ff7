package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Samba smbd on loopback for the probe tests, started with releng/scripts/probe-samba.sh in a private
 * directory (own smb.conf, tdbsam user, nss_wrapper account). When smbd, pdbedit or libnss-wrapper is missing
 * the test FAILS: CI installs them, so a missing server is a broken environment, not a reason to skip.
 */
final class SambaServer implements AutoCloseable {
    static final String USER = "nsuser";
    static final String DOMAIN = "NEGSCOPE";
    /** Test-only password of the throw-away tdbsam account. */
    static final String PASSWORD = "Probe-Test-Pw1";

    final Path dir;
    final int port;

    private SambaServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts smbd in {@code dir}; {@code extraGlobal} are more [global] lines ("server signing = mandatory"). */
    static SambaServer start(Path dir, String... extraGlobal) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path pw = dir.resolve("password");
        Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = TestData.freePort();
            List<String> cmd = new ArrayList<>(List.of("bash", TestData.script("probe-samba.sh").toString(), "start",
                    dir.toString(), Integer.toString(port), pw.toString(), USER));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("PROBE_SAMBA_EXTRA", String.join(";", extraGlobal));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("probe-samba.sh did not finish within 30 s: " + out);
            }
            int rc = p.exitValue();
            if (rc == 0 && out.contains("ready")) {
                return new SambaServer(dir, port);
            }
            if (rc == 3) {
                fail("Samba is needed for the probe tests and is missing (install Debian packages samba and "
                        + "libnss-wrapper): " + out.strip());
            }
            last = new IOException("probe-samba.sh start exited " + rc + ": " + out.strip());
            stop(dir);
        }
        throw last;
    }

    private static void stop(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", TestData.script("probe-samba.sh").toString(), "stop", dir.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(15, TimeUnit.SECONDS);
    }

    /** Options for the test account with a copy of the password (the caller's options own it). */
    ProbeOptions.Builder options() {
        char[] pw = PASSWORD.toCharArray();
        try {
            return ProbeOptions.builder("127.0.0.1").port(port).user(USER).domain(DOMAIN).password(pw)
                    .stepTimeoutMillis(10_000).deadlineMillis(30_000);
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop(dir);
    }
}
