package org.negscope.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test-only "WAN accelerator": forwards SMB2 direct-TCP traffic between the probe and real Samba and alters
 * one NEGOTIATE or VALIDATE field on the way, as middleboxes that "optimise" SMB do. Alterations of the
 * NEGOTIATE <em>request</em> are invisible to the client: only the server notices, at VALIDATE. Connection
 * ends are mirrored (FIN as half-close, reset as reset) so the probe sees what the server did.
 * <p>
 * (releng/scripts/NegotiateRewriteProxy.java does the same for the capture scripts as a stand-alone program;
 * this one runs inside the test JVM, needs no process start, and covers request SecurityMode and ClientGuid
 * too.)
 */
final class RewritingProxy implements AutoCloseable {
    enum Rule {
        /** forward unchanged */
        NONE,
        /** NEGOTIATE request: clear capability bits {@code param} (2.2.3) */
        REQ_CLEAR_CAPS,
        /** NEGOTIATE request: clear SecurityMode bits {@code param} */
        REQ_CLEAR_SECMODE,
        /** NEGOTIATE request: remove dialect {@code param} from Dialects[] (not with 3.1.1 contexts) */
        REQ_DROP_DIALECT,
        /** NEGOTIATE request: flip the last byte of ClientGuid */
        REQ_GUID,
        /** NEGOTIATE response: clear capability bits {@code param} (2.2.4) */
        RESP_CLEAR_CAPS,
        /** NEGOTIATE response: XOR SecurityMode with {@code param} */
        RESP_XOR_SECMODE,
        /** NEGOTIATE response: flip the last byte of ServerGuid */
        RESP_GUID,
        /** VALIDATE response: clear SMB2_FLAGS_SIGNED and zero the Signature */
        UNSIGN_VALIDATE_RESP,
        /** VALIDATE response: flip one bit of the Signature */
        CORRUPT_VALIDATE_SIG
    }

    private static final int HEADER = 64;

    private final ServerSocket listener;
    private final int targetPort;
    private final Rule rule;
    private final int param;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;
    private volatile boolean closed;

    RewritingProxy(int targetPort, Rule rule, int param) throws IOException {
        this.targetPort = targetPort;
        this.rule = rule;
        this.param = param;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** What the proxy changed, one line per alteration. */
    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress("127.0.0.1", targetPort), 5000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                AtomicBoolean aborted = new AtomicBoolean();
                start(() -> pump(client, server, false, aborted), "proxy-c2s");
                start(() -> pump(server, client, true, aborted), "proxy-s2c");
            } catch (IOException e) {
                if (!closed) {
                    log.add("accept failed: " + e.getMessage());
                }
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean fromServer, AtomicBoolean aborted) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] nb = new byte[4];
            while (true) {
                if (!readFully(in, nb, 4)) {
                    break;
                }
                int len = (nb[1] & 0xff) << 16 | (nb[2] & 0xff) << 8 | (nb[3] & 0xff);
                byte[] msg = new byte[len];
                if (!readFully(in, msg, len)) {
                    break;
                }
                byte[] outMsg = nb[0] == 0 && isSmb2(msg) ? (fromServer ? fromServer(msg) : fromClient(msg)) : msg;
                out.write(new byte[] {0, (byte) (outMsg.length >>> 16), (byte) (outMsg.length >>> 8), (byte) outMsg.length});
                out.write(outMsg);
                out.flush();
            }
            if (!aborted.get()) {
                to.shutdownOutput(); // mirror the FIN
            }
        } catch (IOException e) {
            if (aborted.compareAndSet(false, true)) {
                abort(from);
                abort(to); // mirror the reset
            }
        }
    }

    private byte[] fromClient(byte[] m) {
        if (command(m) != 0 || response(m) || m.length < HEADER + 36) {
            return m;
        }
        int b = HEADER;
        switch (rule) {
            case REQ_CLEAR_CAPS -> {
                long caps = u32(m, b + 8);
                if ((caps & param) != 0) {
                    put32(m, b + 8, caps & ~param);
                    log.add(String.format("NEGOTIATE request Capabilities 0x%08x -> 0x%08x", caps, caps & ~param));
                }
            }
            case REQ_CLEAR_SECMODE -> {
                int mode = u16(m, b + 4);
                put16(m, b + 4, mode & ~param);
                log.add(String.format("NEGOTIATE request SecurityMode 0x%04x -> 0x%04x", mode, mode & ~param));
            }
            case REQ_GUID -> {
                m[b + 12 + 15] ^= 0x01;
                log.add("NEGOTIATE request ClientGuid: last byte flipped");
            }
            case REQ_DROP_DIALECT -> {
                return dropDialect(m);
            }
            default -> { }
        }
        return m;
    }

    private byte[] dropDialect(byte[] m) {
        int b = HEADER;
        int count = u16(m, b + 2);
        int idx = -1;
        for (int i = 0; i < count; i++) {
            if (u16(m, b + 36 + 2 * i) == param) {
                idx = i;
            }
        }
        if (idx < 0 || count < 2 || u16(m, b + 32) != 0) {
            return m; // absent, the only one, or 3.1.1 contexts follow (not handled here)
        }
        byte[] out = new byte[m.length - 2];
        System.arraycopy(m, 0, out, 0, b + 36 + 2 * idx);
        System.arraycopy(m, b + 36 + 2 * idx + 2, out, b + 36 + 2 * idx, m.length - (b + 36 + 2 * idx + 2));
        put16(out, b + 2, count - 1);
        log.add(String.format("NEGOTIATE request Dialects: removed 0x%04x", param));
        return out;
    }

    private byte[] fromServer(byte[] m) {
        if (!response(m)) {
            return m;
        }
        int b = HEADER;
        if (command(m) == 0 && m.length >= HEADER + 64) {
            switch (rule) {
                case RESP_CLEAR_CAPS -> {
                    long caps = u32(m, b + 24);
                    put32(m, b + 24, caps & ~param);
                    log.add(String.format("NEGOTIATE response Capabilities 0x%08x -> 0x%08x", caps, caps & ~param));
                }
                case RESP_XOR_SECMODE -> {
                    int mode = u16(m, b + 2);
                    put16(m, b + 2, mode ^ param);
                    log.add(String.format("NEGOTIATE response SecurityMode 0x%04x -> 0x%04x", mode, mode ^ param));
                }
                case RESP_GUID -> {
                    m[b + 8 + 15] ^= 0x01;
                    log.add("NEGOTIATE response ServerGuid: last byte flipped");
                }
                default -> { }
            }
        } else if (command(m) == 0x0B && m.length >= HEADER + 8 && u32(m, b + 4) == 0x00140204L) {
            switch (rule) {
                case UNSIGN_VALIDATE_RESP -> {
                    put32(m, 16, u32(m, 16) & ~0x8L);
                    java.util.Arrays.fill(m, 48, 64, (byte) 0);
                    log.add("VALIDATE response: SMB2_FLAGS_SIGNED cleared, Signature zeroed");
                }
                case CORRUPT_VALIDATE_SIG -> {
                    m[48] ^= 0x01;
                    log.add("VALIDATE response: Signature bit flipped");
                }
                default -> { }
            }
        }
        return m;
    }

    private static boolean isSmb2(byte[] m) {
        return m.length >= HEADER && (m[0] & 0xff) == 0xFE && m[1] == 'S' && m[2] == 'M' && m[3] == 'B';
    }

    private static int command(byte[] m) {
        return u16(m, 12);
    }

    private static boolean response(byte[] m) {
        return (u32(m, 16) & 1) != 0;
    }

    private static boolean readFully(InputStream in, byte[] b, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, n, len - n);
            if (r < 0) {
                return false;
            }
            n += r;
        }
        return true;
    }

    private static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int o) {
        return (u16(b, o) | (long) u16(b, o + 2) << 16) & 0xffffffffL;
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
