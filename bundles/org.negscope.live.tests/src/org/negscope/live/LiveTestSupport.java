package org.negscope.live;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the real live-capture tests share: the root/libpcap assumptions (the only reasons to skip: CI runs as
 * root with libpcap0.8), a throw-away Samba smbd (releng/scripts/probe-samba.sh, as the probe tests use), smbclient,
 * and the class path for a capture in a separate JVM.
 */
final class LiveTestSupport {
    static final String USER = "nsuser";
    static final String DOMAIN = "NEGSCOPE";
    /** Test-only password of the throw-away tdbsam account. */
    static final String PASSWORD = "NegScope-Test-1";

    private LiveTestSupport() {}

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("releng/scripts")) && Files.isDirectory(p.resolve("bundles"))) return p;
            p = p.getParent();
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // not Linux: the real tests are for the Linux CI
        }
    }

    /**
     * Skips (JUnit assumption) unless this process can capture: root and libpcap present. Under CI ({@code CI=true}),
     * which runs as root with libpcap installed, a missing right or library FAILS the test instead: a package that
     * lost pcap4j, JNA or libpcap must not pass as "skipped".
     */
    static void assumeCaptureRights() {
        if (!isRoot()) {
            skipOrFailInCi("live capture tests need root (CI runs them as root); uid != 0");
        }
        try {
            LiveCapture.libraryVersion();
        } catch (LiveException | LinkageError e) {
            skipOrFailInCi("libpcap, pcap4j or JNA missing (Debian package libpcap0.8): " + e.getMessage());
        }
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Under CI a failure with the reason; elsewhere a skip that says it. */
    static void skipOrFailInCi(String why) {
        if (ci()) {
            fail(why + " (CI=true: this test must run, not be skipped)");
        }
        assumeTrue(false, why + "; skipped");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** A Samba smbd on 127.0.0.1; missing Samba fails the test (CI installs it). */
    static final class Smbd implements AutoCloseable {
        final Path dir;
        final int port;

        private Smbd(Path dir, int port) { this.dir = dir; this.port = port; }

        static Smbd start(Path dir) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            // smbd serves as the test user (nss_wrapper uid): the directory must be traversable by it
            dir.toFile().setExecutable(true, false);
            dir.toFile().setReadable(true, false);
            Path pw = dir.resolve("password");
            Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
            String last = "";
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Result r = exec(40, "bash", script("probe-samba.sh").toString(), "start", dir.toString(),
                        Integer.toString(port), pw.toString(), USER);
                if (r.code == 0 && r.out.contains("ready")) return new Smbd(dir, port);
                if (r.code == 3) fail("Samba is needed (Debian packages samba, libnss-wrapper): " + r.out.strip());
                last = r.out;
                exec(20, "bash", script("probe-samba.sh").toString(), "stop", dir.toString());
            }
            throw new IOException("smbd did not start: " + last);
        }

        @Override public void close() throws IOException, InterruptedException {
            exec(20, "bash", script("probe-samba.sh").toString(), "stop", dir.toString());
        }
    }

    static Path script(String name) { return repoRoot().resolve("releng/scripts").resolve(name); }

    /**
     * {@code smbclient //127.0.0.1/IPC$ -p PORT -U nsuser --client-protection=sign -m SMB3_02 -c exit}: signing makes
     * smbclient send FSCTL_VALIDATE_NEGOTIATE_INFO after the IPC$ tree connect (as in make-captures.sh). Its own
     * client.conf keeps the host's smb.conf out.
     */
    static Result smbclient(Path work, int port) throws IOException, InterruptedException {
        Path conf = work.resolve("client.conf");
        Files.createDirectories(work.resolve("client"));
        Files.writeString(conf, String.join("\n", "[global]", "    workgroup = " + DOMAIN,
                "    lock directory = " + work.resolve("client/lock"), "    state directory = " + work.resolve("client/state"),
                "    cache directory = " + work.resolve("client/cache"), "    private dir = " + work.resolve("client/private"),
                "    client min protocol = SMB2_02", ""));
        Path auth = work.resolve("client.auth");
        Files.writeString(auth, "username = " + USER + "\npassword = " + PASSWORD + "\ndomain = " + DOMAIN + "\n");
        return exec(30, "smbclient", "//127.0.0.1/IPC$", "-s", conf.toString(), "-p", Integer.toString(port),
                "-A", auth.toString(), "--client-protection=sign", "-m", "SMB3_02", "-c", "exit");
    }

    record Result(int code, String out) {}

    static Result exec(int timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        return exec(timeoutSeconds, List.of(cmd));
    }

    static Result exec(int timeoutSeconds, List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("cannot run " + cmd.get(0) + " (CI installs it): " + e.getMessage());
            throw e;
        }
        p.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(output unreadable: ").append(e).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(2000);
            fail(cmd + " did not finish within " + timeoutSeconds + " s: " + out);
        }
        reader.join(5000);
        return new Result(p.exitValue(), out.toString());
    }

    /**
     * The class path of a {@code java org.negscope.live.LiveCommand} in a separate JVM: wherever this test's OSGi
     * framework loaded the live bundle, the core bundles and the libraries from (jars or class directories).
     */
    static String classPath() throws ClassNotFoundException {
        ClassLoader live = LiveCapture.class.getClassLoader();
        Set<String> entries = new LinkedHashSet<>();
        String[] classes = {"org.negscope.live.LiveCapture", "org.negscope.capture.CaptureReader",
                "org.negscope.smb2.Dialect", "org.negscope.crypto.Secret", "org.negscope.analysis.CaptureAnalyzer",
                "org.negscope.remedy.Remedy", "org.negscope.report.JsonReport", "com.google.gson.Gson",
                "org.pcap4j.core.Pcaps"};
        List<Class<?>> found = new ArrayList<>();
        for (String c : classes) found.add(Class.forName(c, false, live));
        // Dependencies of dependencies are not visible from here: ask the bundle that uses them
        found.add(Class.forName("org.bouncycastle.crypto.macs.CMac", false, found.get(3).getClassLoader()));
        ClassLoader pcap4j = Class.forName("org.pcap4j.core.Pcaps", false, live).getClassLoader();
        found.add(Class.forName("com.sun.jna.Native", false, pcap4j));
        found.add(Class.forName("org.slf4j.LoggerFactory", false, pcap4j));
        for (Class<?> c : found) entries.add(location(c));
        return String.join(File.pathSeparator, entries);
    }

    private static String location(Class<?> c) {
        var cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) fail("no code source for " + c.getName());
        try {
            Path p = Path.of(cs.getLocation().toURI());
            return p.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            fail("code source of " + c.getName() + " is not a file: " + cs.getLocation());
            return null;
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
