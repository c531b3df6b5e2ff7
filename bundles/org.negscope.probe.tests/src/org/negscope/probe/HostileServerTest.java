package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.Verdict;
import org.negscope.capture.Progress;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Header;

/**
 * Synthetic servers (a Java ServerSocket in the test) that misbehave in ways a real server on loopback will
 * not: garbage, a huge length, silence, close, reset, SMB1, a broken NEGOTIATE response. Each must end in a
 * clean, named failure within the timeout, never a hang or an unchecked exception.
 */
class HostileServerTest {
    @TempDir
    Path tmp;

    /** What the fake server does with each accepted connection. */
    interface Behaviour {
        void serve(Socket s) throws IOException, InterruptedException;
    }

    /** A one-connection fake server on loopback. */
    static final class FakeServer implements AutoCloseable {
        final ServerSocket listener;
        final Thread thread;

        FakeServer(Behaviour b) throws IOException {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            thread = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    b.serve(s);
                } catch (IOException | InterruptedException e) {
                    // the probe went away first: fine
                }
            }, "fake-smb-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            thread.interrupt();
        }
    }

    private static ProbeOptions.Builder options(int port) {
        return ProbeOptions.builder("127.0.0.1").port(port).user("u").domain("d").password("secret-pw".toCharArray())
                .connectTimeoutMillis(2000).stepTimeoutMillis(1500).deadlineMillis(10_000);
    }

    private static ProbeResult probe(Behaviour b, ProbeOptions.Builder o, Progress p) throws IOException {
        try (FakeServer f = new FakeServer(b)) {
            ProbeOptions opts = o.port(f.port()).build();
            try {
                return Probe.run(opts, p);
            } finally {
                opts.clearSecrets();
            }
        }
    }

    private static ProbeResult probe(Behaviour b) throws IOException {
        return probe(b, options(1), null);
    }

    /** Reads the probe's first message (its NEGOTIATE) so the answer comes after a request, like a real server's. */
    static byte[] readMessage(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] h = in.readNBytes(4);
        int len = (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
        return in.readNBytes(len);
    }

    static void send(Socket s, byte[] b) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(b);
        out.flush();
    }

    static byte[] framed(byte[] msg) {
        byte[] f = new byte[4 + msg.length];
        f[1] = (byte) (msg.length >>> 16);
        f[2] = (byte) (msg.length >>> 8);
        f[3] = (byte) msg.length;
        System.arraycopy(msg, 0, f, 4, msg.length);
        return f;
    }

    private static void assertFailure(ProbeResult r, ProbeFailure expected, String messagePart) {
        assertEquals(expected, r.failure(), () -> r.failure() + ": " + r.error());
        assertTrue(r.error().contains(messagePart), r.error());
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertFalse(r.error().contains("secret-pw"));
        assertFalse(r.validateSent());
    }

    @Test
    void httpServerIsNotSmb2() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertFailure(r, ProbeFailure.NOT_SMB2, "\"HTTP\"");
    }

    @Test
    void hugeLengthIsRefusedBeforeAnythingIsAllocated() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            Thread.sleep(5000);
        }, options(1).maxMessageBytes(1 << 20), null);
        assertFailure(r, ProbeFailure.MESSAGE_TOO_LARGE, "16777215-byte message");
    }

    @Test
    void hugeLengthWithinTheLimitThenSilenceTimesOut() throws Exception {
        long t0 = System.nanoTime();
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 'S', 'M', 'B'});
            Thread.sleep(5000);
        });
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        assertFailure(r, ProbeFailure.TIMEOUT, "NEGOTIATE");
        assertTrue(ms < 5000, "took " + ms + " ms with a 1.5 s step timeout");
    }

    @Test
    void silentServerTimesOutWithinTheStepTimeout() throws Exception {
        long t0 = System.nanoTime();
        ProbeResult r = probe(s -> Thread.sleep(5000));
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        assertFailure(r, ProbeFailure.TIMEOUT, "NEGOTIATE");
        assertTrue(ms >= 1400 && ms < 5000, "took " + ms + " ms with a 1.5 s step timeout (the server stays silent 5 s)");
        ProbeStep neg = r.steps().get(r.steps().size() - 1);
        assertEquals("NEGOTIATE", neg.name());
        assertEquals("TIMEOUT", neg.status());
        assertTrue(neg.bytesSent() > 0 && neg.bytesReceived() == 0, neg::toString);
    }

    @Test
    void wholeRunDeadlineWinsOverALongerStepTimeout() throws Exception {
        long t0 = System.nanoTime();
        ProbeResult r = probe(s -> Thread.sleep(5000), options(1).stepTimeoutMillis(10_000).deadlineMillis(700), null);
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        assertFailure(r, ProbeFailure.TIMEOUT, "in time");
        assertTrue(ms < 4000, "took " + ms + " ms with a 0.7 s deadline (step timeout 10 s)");
    }

    @Test
    void cancelStopsAWaitQuickly() throws Exception {
        AtomicLong cancelAt = new AtomicLong(System.nanoTime() + 300_000_000L);
        Progress p = new Progress() {
            @Override
            public boolean isCanceled() {
                return System.nanoTime() > cancelAt.get();
            }
        };
        long t0 = System.nanoTime();
        ProbeResult r = probe(s -> Thread.sleep(5000), options(1).stepTimeoutMillis(10_000), p);
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        assertFailure(r, ProbeFailure.CANCELLED, "cancelled");
        assertTrue(ms < 3000, "took " + ms + " ms to notice the cancel (step timeout 10 s)");
    }

    @Test
    void serverClosingWithoutAnswerIsConnectionClosed() throws Exception {
        ProbeResult r = probe(s -> readMessage(s));
        assertFailure(r, ProbeFailure.CONNECTION_CLOSED, "closed the connection (FIN) during NEGOTIATE");
    }

    @Test
    void serverResetIsConnectionReset() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            s.setSoLinger(true, 0);
            s.close();
        });
        assertFailure(r, ProbeFailure.CONNECTION_RESET, "reset the connection (RST)");
        List<WireEvent> ev = r.transcript().events();
        assertEquals(WireEvent.Type.RST, ev.get(ev.size() - 1).type());
        assertFalse(ev.get(ev.size() - 1).fromClient());
    }

    @Test
    void smb1OnlyServerIsNamed() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            byte[] smb1 = new byte[40];
            smb1[0] = (byte) 0xff;
            smb1[1] = 'S';
            smb1[2] = 'M';
            smb1[3] = 'B';
            smb1[4] = 0x72;
            send(s, framed(smb1));
        });
        assertFailure(r, ProbeFailure.NOT_SMB2, "SMB1");
    }

    @Test
    void framedGarbageIsNotSmb() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, framed("this is no SMB at all, sorry".getBytes(StandardCharsets.US_ASCII)));
        });
        assertFailure(r, ProbeFailure.NOT_SMB2, "not SMB");
    }

    @Test
    void truncatedSmb2HeaderIsAProtocolError() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, framed(new byte[] {(byte) 0xfe, 'S', 'M', 'B', 64, 0, 0, 0, 0, 0}));
        });
        assertFailure(r, ProbeFailure.PROTOCOL_ERROR, "not a valid SMB2 message");
    }

    private static byte[] negotiateResponse(long messageId, int dialect, byte[] bodyOverride) {
        Smb2Header h = new Smb2Header(0, 0, Smb2Command.NEGOTIATE, 1, Smb2Header.FLAGS_SERVER_TO_REDIR, 0, messageId, 0, 0,
                0, 0, null);
        byte[] m = new NegotiateResponse(1, dialect, UUID.randomUUID(), 0x2f, 65536, 65536, 65536, 0, 0, new byte[0],
                List.of()).encode(h);
        if (bodyOverride != null) {
            System.arraycopy(bodyOverride, 0, m, 64, Math.min(bodyOverride.length, m.length - 64));
        }
        return m;
    }

    @Test
    void undecodableNegotiateResponseNamesTheField() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, framed(negotiateResponse(0, Dialect.SMB_3_0_2, new byte[] {0x11, 0x00})));
        });
        assertFailure(r, ProbeFailure.PROTOCOL_ERROR, "StructureSize");
    }

    @Test
    void dialectNotOfferedIsAProtocolError() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, framed(negotiateResponse(0, 0x0222, null)));
        }, options(1).dialects(Dialect.SMB_3_0_2), null);
        assertFailure(r, ProbeFailure.PROTOCOL_ERROR, "dialect 0x0222, which the probe did not offer");
    }

    @Test
    void wrongMessageIdIsAProtocolError() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, framed(negotiateResponse(7, Dialect.SMB_3_0_2, null)));
        });
        assertFailure(r, ProbeFailure.PROTOCOL_ERROR, "MessageId 7");
    }

    @Test
    void refusedConnectionIsNamed() throws Exception {
        int port = TestData.freePort(); // nothing listens there any more
        ProbeOptions o = options(port).build();
        ProbeResult r = Probe.run(o, null);
        o.clearSecrets();
        assertFailure(r, ProbeFailure.CONNECTION_REFUSED, "refused");
        assertTrue(r.transcript().isEmpty());
        assertEquals("CONNECTION_REFUSED", r.steps().get(0).status());
    }

    @Test
    void unknownHostIsNamed() {
        ProbeOptions o = ProbeOptions.builder("no-such-host.invalid").password("x".toCharArray()).user("u").build();
        ProbeResult r = Probe.run(o, null);
        assertFailure(r, ProbeFailure.UNKNOWN_HOST, "no-such-host.invalid");
    }

    @Test
    void failedRunStillSavesAReadablePcapng() throws Exception {
        ProbeResult r = probe(s -> {
            readMessage(s);
            send(s, "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        Path f = tmp.resolve("hostile.pcapng");
        PcapngWriter.write(r.transcript(), f);
        assertTrue(Files.size(f) > 100);
        int port = r.transcript().server().getPort();
        Tshark.Result t = Tshark.fields(f, port, "frame", "frame.number", "tcp.flags.str");
        assertEquals(PcapngWriter.frameCount(r.transcript()), t.rows().size(), t::toString);
        Tshark.Result bad = Tshark.fields(f, port, "tcp.checksum.status == 0 || ip.checksum.status == 0", "frame.number");
        assertTrue(bad.rows().isEmpty(), bad::toString);
    }
}
