package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.Verdict;
import org.negscope.smb2.Dialect;

/**
 * The probe through releng/scripts/NegotiateRewriteProxy.java, the capture scripts' stand-alone rewriting
 * proxy. With the account's password it derives the session key itself (its own NTLMv2, KDF, CMAC and
 * HMAC code, written independently of the crypto bundle) and logs whether each VALIDATE signature is right:
 * an independent check that the probe signs exactly as MS-SMB2 says. Its rewriting modes give the same
 * verdicts as the in-test proxy.
 */
class CapturesProxyCrossCheckTest extends WithSamba {
    /** The proxy as a child process (started with this JVM's java), with its log lines. */
    static final class ScriptProxy implements AutoCloseable {
        final Process process;
        final int port;
        final List<String> log = new ArrayList<>();
        final Thread reader;

        ScriptProxy(String mode) throws IOException, InterruptedException {
            Path pw = tmp.resolve("proxy-password");
            java.nio.file.Files.writeString(pw, SambaServer.PASSWORD + "\n");
            port = TestData.freePort();
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(java, TestData.script("NegotiateRewriteProxy.java").toString(),
                    Integer.toString(port), "127.0.0.1:" + samba.port, mode, "--password-file", pw.toString())
                    .redirectErrorStream(true).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            reader = new Thread(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (log) {
                            log.add(line);
                            log.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // process ended
                }
            }, "script-proxy-log");
            reader.setDaemon(true);
            reader.start();
            waitFor("listening on", 90_000);
        }

        void waitFor(String text, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            synchronized (log) {
                while (log.stream().noneMatch(l -> l.contains(text))) {
                    long left = end - System.currentTimeMillis();
                    if (left <= 0 || !process.isAlive() && log.stream().noneMatch(l -> l.contains(text))) {
                        fail("NegotiateRewriteProxy.java did not log '" + text + "': " + log);
                    }
                    log.wait(Math.min(left, 200));
                }
            }
        }

        List<String> log() {
            synchronized (log) {
                return List.copyOf(log);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static ProbeResult probe(int port, int dialect) {
        ProbeOptions o = samba.options().port(port).dialects(dialect).build();
        try {
            return Probe.run(o, null);
        } finally {
            o.clearSecrets();
        }
    }

    @Test
    void independentProxyConfirmsTheProbesSignatures() throws Exception {
        try (ScriptProxy proxy = new ScriptProxy("none")) {
            ProbeResult cmac = probe(proxy.port, Dialect.SMB_3_0_2);
            assertEquals(Verdict.VALIDATED, cmac.verdict(), cmac.summary());
            ProbeResult hmac = probe(proxy.port, Dialect.SMB_2_1);
            assertEquals(Verdict.VALIDATED, hmac.verdict(), hmac.summary());
            proxy.waitFor("conn 2: VALIDATE response", 10_000);
            List<String> requests = proxy.log().stream().filter(l -> l.contains("VALIDATE request")).toList();
            List<String> responses = proxy.log().stream().filter(l -> l.contains("VALIDATE response")).toList();
            assertEquals(2, requests.size(), proxy.log()::toString);
            assertTrue(requests.stream().allMatch(l -> l.endsWith("signature ok")), requests::toString);
            assertTrue(responses.stream().allMatch(l -> l.endsWith("signature ok")), responses::toString);
        }
    }

    @Test
    void scriptProxyStrippingAResponseCapabilityIsAResponseMismatch() throws Exception {
        try (ScriptProxy proxy = new ScriptProxy("strip-resp-caps")) {
            ProbeResult r = probe(proxy.port, Dialect.SMB_3_0_2);
            assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict(), r.summary());
            assertEquals("Capabilities", r.differences().get(0).field());
            assertTrue(proxy.log().stream().anyMatch(l -> l.contains("NEGOTIATE response Capabilities")), proxy.log()::toString);
        }
    }
}
