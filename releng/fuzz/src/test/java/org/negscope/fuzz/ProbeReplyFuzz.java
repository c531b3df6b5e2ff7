package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.negscope.probe.Probe;
import org.negscope.probe.ProbeOptions;
import org.negscope.probe.ProbeResult;

/**
 * Fuzz target: the probe's handling of a server's replies — hostile bytes from the network. A fake server on
 * 127.0.0.1 answers each request of a real {@link Probe#run} with the next reply of the input, byte for byte (NBSS
 * framing included, so the transport's framing is fuzzed too), and closes the connection when the replies run out.
 * Input: replies, each a 2-byte big-endian length and that many bytes. Seeds: the server-to-client NBSS frames of
 * the real captures (NEGOTIATE, SESSION_SETUP, TREE_CONNECT, IOCTL responses), one reply per frame.
 * Checks: {@link Probe#run} never throws (a server's trouble is a {@link ProbeResult#failure()} or a verdict) and
 * always ends with a verdict.
 */
class ProbeReplyFuzz {
    static final FuzzStats STATS = new FuzzStats("ProbeReply");
    /** A request the fake server reads before its next reply, at most (the probe's requests are a few hundred bytes). */
    private static final int MAX_REQUEST = 64 * 1024;
    /** How long the fake server waits for a request before it sends the next reply anyway (no deadlock on hostile framing). */
    private static final int REQUEST_WAIT_MILLIS = 100;

    private static ServerSocket server;

    private static synchronized ServerSocket server() throws IOException {
        if (server == null) {
            server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        }
        return server;
    }

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) throws Exception {
        STATS.execution();
        STATS.outcome(probe(data));
    }

    /** One probe run against the fake server answering with {@code data}'s replies; the outcome's name. */
    static String probe(byte[] data) throws Exception {
        List<byte[]> replies = replies(data);
        ServerSocket ss = server();
        Thread fake = new Thread(() -> serve(ss, replies), "fake-smb-server");
        fake.setDaemon(true);
        fake.start();
        ProbeOptions o = ProbeOptions.builder("127.0.0.1").port(ss.getLocalPort()).user("fuzz").domain("FUZZ")
                .password("fuzz-password".toCharArray()).connectTimeoutMillis(1000).stepTimeoutMillis(500)
                .deadlineMillis(3000).build();
        ProbeResult r;
        try {
            r = Probe.run(o, null);
        } finally {
            o.clearSecrets();
            fake.join(5000);
        }
        if (r == null || r.verdict() == null) {
            throw new AssertionError("the probe ended without a verdict");
        }
        return r.failure() != null ? r.failure().name() : r.verdict().name();
    }

    /** The input as replies: 2-byte length, bytes; a last, short one takes what is left. */
    static List<byte[]> replies(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (p + 2 <= data.length && out.size() < 16) {
            int len = Math.min(((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF), data.length - p - 2);
            out.add(java.util.Arrays.copyOfRange(data, p + 2, p + 2 + len));
            p += 2 + len;
        }
        return out;
    }

    /** One connection: for each reply, wait briefly for a request, then send the reply; then close. */
    private static void serve(ServerSocket ss, List<byte[]> replies) {
        try (Socket s = ss.accept()) {
            s.setSoTimeout(REQUEST_WAIT_MILLIS);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[MAX_REQUEST];
            for (byte[] reply : replies) {
                try {
                    if (in.read(buf) < 0) {
                        return; // the probe closed the connection
                    }
                } catch (SocketTimeoutException e) {
                    // no request (or only part of one): answer anyway
                }
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            // the probe reset or closed the connection: that ends this exchange
        }
    }

    @AfterAll
    static void report() throws IOException {
        STATS.report();
        synchronized (ProbeReplyFuzz.class) {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
