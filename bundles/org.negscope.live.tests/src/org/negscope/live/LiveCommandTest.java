package org.negscope.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Verdict;

/**
 * {@code negscope capture}: arguments, and the real command in a separate JVM — without capture rights, without
 * libpcap, and stopping by itself on the first fatal verdict (smbclient through NegotiateRewriteProxy, which alters
 * the NEGOTIATE response as a WAN accelerator would).
 */
class LiveCommandTest {
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = LiveCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), c -> { });
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void wrongArgumentsExit2WithTheUsage() {
        String[] r = run("--interface", "lo");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--out DIR is required"), r[2]);
        assertTrue(r[2].contains("usage: negscope capture"), r[2]);
        assertEquals("2", run("--interface", "lo", "--out", "x", "--ring-files", "0")[0]);
        assertEquals("2", run("--interface", "lo", "--out", "x", "--ring-mb", "many")[0]);
        assertEquals("2", run("--interface", "lo", "--out", "x", "--bogus")[0]);
        String[] help = run("--help");
        assertEquals("0", help[0]);
        assertTrue(help[1].contains("--stop-on-failure") && help[1].contains("tcp port 445"), help[1]);
    }

    @Test
    void argumentsBecomeSettings() {
        LiveCommand.Args a = LiveCommand.Args.parse(new String[] {"-i", "eth0", "--out", "d", "--ring-files", "4",
                "--ring-mb", "2", "--stop-on-failure", "--duration", "30"});
        assertEquals(new LiveSettings("eth0", LiveSettings.DEFAULT_FILTER, Path.of("d"), 4, 2L << 20, true, 30_000), a.settings);
        assertEquals("tcp port 4450", LiveCommand.Args.parse(new String[] {"-i", "lo", "-o", "d", "-f", "tcp port 4450"}).settings.filter());
    }

    /** A separate JVM whose capabilities lack CAP_NET_RAW/CAP_NET_ADMIN (what a normal user has). */
    @Test
    void withoutCaptureRightsTheMessageSaysHowToGetThem(@TempDir Path tmp) throws Exception {
        LiveTestSupport.assumeCaptureRights(); // root, to take the rights away
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=-net_raw,-net_admin",
                "--inh-caps=-net_raw,-net_admin", LiveTestSupport.java(), "-cp", LiveTestSupport.classPath(),
                "org.negscope.live.LiveCommand", "capture", "--interface", "lo", "--out", tmp.resolve("out").toString()));
        LiveTestSupport.Result r = LiveTestSupport.exec(60, cmd);
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("no capture rights on lo"), r.out());
        assertTrue(r.out().contains("run as root") && r.out().contains("setcap cap_net_raw,cap_net_admin=eip"), r.out());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written without rights");
    }

    /** pcap4j asked to load a library that does not exist: what a machine without libpcap0.8 sees. */
    @Test
    void withoutLibpcapTheMessageNamesThePackage(@TempDir Path tmp) throws Exception {
        LiveTestSupport.assumeCaptureRights();
        List<String> cmd = List.of(LiveTestSupport.java(), "-Dorg.pcap4j.core.pcapLibName=negscope-no-such-pcap",
                "-cp", LiveTestSupport.classPath(), "org.negscope.live.LiveCommand", "capture", "--interface", "lo",
                "--out", tmp.resolve("out").toString());
        LiveTestSupport.Result r = LiveTestSupport.exec(60, cmd);
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("libpcap is not available") && r.out().contains("apt-get install libpcap0.8"), r.out());
        assertFalse(r.out().contains("\tat "), "no stack trace: " + r.out());
    }

    @Test
    void stopOnFailureEndsTheCaptureAfterTheFirstFatalVerdict(@TempDir Path tmp) throws Exception {
        LiveTestSupport.assumeCaptureRights();
        try (LiveTestSupport.Smbd smbd = LiveTestSupport.Smbd.start(tmp.resolve("smbd"))) {
            int proxyPort = LiveTestSupport.freePort();
            Process proxy = new ProcessBuilder(LiveTestSupport.java(), LiveTestSupport.script("NegotiateRewriteProxy.java").toString(),
                    Integer.toString(proxyPort), "127.0.0.1:" + smbd.port, "strip-resp-caps")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("proxy.log").toFile()).start();
            Process capture = null;
            try {
                waitListening(proxyPort, proxy, tmp.resolve("proxy.log"));
                Path out = tmp.resolve("ring");
                capture = new ProcessBuilder(LiveTestSupport.java(), "-cp", LiveTestSupport.classPath(),
                        "org.negscope.live.LiveCommand", "capture", "--interface", "lo", "--filter", "tcp port " + proxyPort,
                        "--out", out.toString(), "--stop-on-failure", "--duration", "60", "--json")
                        .redirectOutput(tmp.resolve("capture.out").toFile()).redirectError(tmp.resolve("capture.err").toFile()).start();
                waitFor(tmp.resolve("capture.err"), "capturing on lo", capture);
                LiveTestSupport.Result client = LiveTestSupport.smbclient(tmp, proxyPort);
                assertTrue(client.out().contains("NT_STATUS_ACCESS_DENIED"), "smbclient refuses the altered NEGOTIATE: " + client.out());
                assertTrue(capture.waitFor(20, TimeUnit.SECONDS), "capture did not stop by itself after the fatal verdict: "
                        + Files.readString(tmp.resolve("capture.err")));
                String stdout = Files.readString(tmp.resolve("capture.out"));
                assertEquals(1, capture.exitValue(), "exit 1: fatal verdict\n" + stdout + Files.readString(tmp.resolve("capture.err")));
                String[] lines = stdout.strip().split("\n");
                assertTrue(lines[0].startsWith("{\"event\":\"connection\""), lines[0]);
                assertTrue(stdout.contains("\"verdict\":\"RESPONSE_MISMATCH\""), stdout);
                String last = lines[lines.length - 1];
                assertTrue(last.startsWith("{\"event\":\"stopped\",\"reason\":\"fatal verdict: "), last);
                assertTrue(last.contains("RESPONSE_MISMATCH"), last);

                List<Path> files;
                try (var l = Files.list(out)) { files = l.sorted().toList(); }
                assertEquals(1, files.size());
                AnalysisResult saved = CaptureAnalyzer.analyze(files, null, null, null);
                assertFalse(saved.connections().isEmpty());
                ConnectionReport first = saved.connections().get(0);
                assertEquals(Verdict.RESPONSE_MISMATCH, first.verdict(), first.summary());
                assertTrue(first.fatal());
                assertEquals("3.0.2", first.dialect());
            } finally {
                if (capture != null) capture.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void waitListening(int port, Process p, Path log) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                assumeAlive(p, log);
                Thread.sleep(100);
            }
        }
        throw new AssertionError("proxy not listening on " + port + ": " + Files.readString(log));
    }

    private static void waitFor(Path file, String text, Process p) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            if (Files.exists(file) && Files.readString(file).contains(text)) return;
            assumeAlive(p, file);
            Thread.sleep(100);
        }
        throw new AssertionError("\"" + text + "\" not seen in " + file + ": " + Files.readString(file));
    }

    private static void assumeAlive(Process p, Path log) throws Exception {
        if (!p.isAlive()) throw new AssertionError("process ended (" + p.exitValue() + "): " + Files.readString(log));
    }
}
