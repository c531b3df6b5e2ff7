package org.negscope.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import org.negscope.capture.Progress;

/**
 * SMB2 direct TCP (MS-SMB2 2.1): each message preceded by a zero byte and a 24-bit big-endian length.
 * A non-blocking NIO channel with a selector, so every connect, write and read is bounded by the step's
 * deadline and notices cancellation within {@link #POLL_MILLIS}. Reads are bounded: a length above the
 * limit is refused before anything is allocated, and the body buffer grows only as bytes actually arrive
 * (a hostile "16 MiB follow" costs nothing until they do).
 * <p>
 * Everything sent and received is appended to a {@link Transcript} for the pcapng export.
 */
final class SmbTransport implements AutoCloseable {
    /** How often a blocked wait checks the cancel flag. */
    static final long POLL_MILLIS = 100;
    /** NetBIOS session keep-alive (RFC 1002 4.3.7): some servers and middleboxes send it; it carries no SMB. */
    private static final int NBSS_KEEPALIVE = 0x85;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Transcript transcript;
    private final Progress progress;
    private final int maxMessageBytes;
    private final String peer;
    private final long epochBaseNanos;
    private final long nanoBase;
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private long bytesSent;
    private long bytesReceived;
    private boolean closedByPeer;
    private boolean closed;

    private SmbTransport(SocketChannel channel, Selector selector, SelectionKey key, Transcript transcript,
            Progress progress, int maxMessageBytes, String peer, long epochBaseNanos, long nanoBase) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
        this.transcript = transcript;
        this.progress = progress;
        this.maxMessageBytes = maxMessageBytes;
        this.peer = peer;
        this.epochBaseNanos = epochBaseNanos;
        this.nanoBase = nanoBase;
    }

    /** Opens the TCP connection; {@code deadlineNanos} is a {@link System#nanoTime()} value. */
    static SmbTransport connect(String host, int port, long deadlineNanos, Progress progress, int maxMessageBytes,
            Transcript transcript) throws ProbeException {
        String peer = host + ":" + port;
        long epochBase = System.currentTimeMillis() * 1_000_000L;
        long nanoBase = System.nanoTime();
        InetSocketAddress address;
        try {
            // Resolution blocks without a timeout of its own; it is normally quick or fails quickly.
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException | SecurityException e) {
            throw new ProbeException(ProbeFailure.UNKNOWN_HOST, "cannot resolve host name '" + host + "'");
        }
        SocketChannel ch = null;
        Selector sel = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            sel = Selector.open();
            SelectionKey k;
            if (ch.connect(address)) {
                k = ch.register(sel, 0);
            } else {
                k = ch.register(sel, SelectionKey.OP_CONNECT);
                while (true) {
                    long wait = waitMillis(deadlineNanos, progress, peer, "connect");
                    sel.select(wait);
                    sel.selectedKeys().clear();
                    if (k.isValid() && ch.finishConnect()) {
                        break;
                    }
                }
                k.interestOps(0);
            }
            SmbTransport t = new SmbTransport(ch, sel, k, transcript, progress, maxMessageBytes, peer, epochBase, nanoBase);
            transcript.endpoints((InetSocketAddress) ch.getLocalAddress(), (InetSocketAddress) ch.getRemoteAddress());
            transcript.add(new WireEvent(WireEvent.Type.CONNECT, true, t.now(), null));
            return t;
        } catch (ProbeException e) {
            closeQuietly(ch, sel);
            throw e;
        } catch (ConnectException e) {
            closeQuietly(ch, sel);
            throw new ProbeException(ProbeFailure.CONNECTION_REFUSED, "connection to " + peer
                    + " refused: nothing listens on that port, or a firewall rejects it");
        } catch (NoRouteToHostException e) {
            closeQuietly(ch, sel);
            throw new ProbeException(ProbeFailure.UNREACHABLE, "no route to " + peer);
        } catch (UnresolvedAddressException e) {
            closeQuietly(ch, sel);
            throw new ProbeException(ProbeFailure.UNKNOWN_HOST, "cannot resolve host name '" + host + "'");
        } catch (IOException e) {
            closeQuietly(ch, sel);
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("unreachable")) {
                throw new ProbeException(ProbeFailure.UNREACHABLE, "network unreachable for " + peer);
            }
            throw new ProbeException(ProbeFailure.IO_ERROR, "cannot connect to " + peer + ": " + e.getMessage(), e);
        }
    }

    /** Epoch nanoseconds, monotonic within the connection. */
    long now() {
        return epochBaseNanos + (System.nanoTime() - nanoBase);
    }

    long bytesSent() { return bytesSent; }
    long bytesReceived() { return bytesReceived; }
    String peer() { return peer; }

    /** Sends one SMB2 message (from its ProtocolId) behind a direct-TCP header. */
    void send(byte[] message, long deadlineNanos, String step) throws ProbeException {
        if (message.length > 0xFFFFFF) {
            throw new IllegalArgumentException("message of " + message.length + " bytes does not fit direct-TCP framing");
        }
        byte[] framed = new byte[4 + message.length];
        framed[1] = (byte) (message.length >>> 16);
        framed[2] = (byte) (message.length >>> 8);
        framed[3] = (byte) message.length;
        System.arraycopy(message, 0, framed, 4, message.length);
        ByteBuffer out = ByteBuffer.wrap(framed);
        try {
            while (out.hasRemaining()) {
                int n = channel.write(out);
                if (n == 0) {
                    key.interestOps(SelectionKey.OP_WRITE);
                    selector.select(waitMillis(deadlineNanos, progress, peer, step));
                    selector.selectedKeys().clear();
                    key.interestOps(0);
                }
            }
        } catch (IOException e) {
            throw ioFailure(e, step);
        }
        bytesSent += framed.length;
        transcript.add(new WireEvent(WireEvent.Type.DATA, true, now(), framed));
    }

    /**
     * Reads the next SMB2 message (bytes from its ProtocolId). Skips NetBIOS keep-alives.
     *
     * @throws ProbeException TIMEOUT, CONNECTION_CLOSED, CONNECTION_RESET, NOT_SMB2, MESSAGE_TOO_LARGE, CANCELLED
     */
    byte[] receive(long deadlineNanos, String step) throws ProbeException {
        while (true) {
            header.clear();
            readFully(header, deadlineNanos, step, true);
            int type = header.get(0) & 0xff;
            int len = (header.get(1) & 0xff) << 16 | (header.get(2) & 0xff) << 8 | (header.get(3) & 0xff);
            if (type == NBSS_KEEPALIVE && len == 0) {
                bytesReceived += 4;
                transcript.add(new WireEvent(WireEvent.Type.DATA, false, now(), header.array().clone()));
                continue;
            }
            if (type != 0) {
                bytesReceived += 4;
                transcript.add(new WireEvent(WireEvent.Type.DATA, false, now(), header.array().clone()));
                throw new ProbeException(ProbeFailure.NOT_SMB2, peer + " does not speak SMB2 over direct TCP: during "
                        + step + " its first bytes were " + describe(header.array(), 4)
                        + " (expected 00 and a 24-bit length)");
            }
            if (len > maxMessageBytes) {
                bytesReceived += 4;
                transcript.add(new WireEvent(WireEvent.Type.DATA, false, now(), header.array().clone()));
                throw new ProbeException(ProbeFailure.MESSAGE_TOO_LARGE, peer + " announced a " + len + "-byte message during "
                        + step + "; the probe accepts at most " + maxMessageBytes + " bytes");
            }
            if (len < 4) {
                bytesReceived += 4;
                transcript.add(new WireEvent(WireEvent.Type.DATA, false, now(), header.array().clone()));
                throw new ProbeException(ProbeFailure.NOT_SMB2, peer + " sent a " + len + "-byte message during " + step
                        + ": too short for any SMB header");
            }
            // Grow with the data actually received (at most 64 KiB ahead of it).
            byte[] framed = new byte[4 + Math.min(len, 64 * 1024)];
            framed[1] = header.get(1);
            framed[2] = header.get(2);
            framed[3] = header.get(3);
            int have = 0;
            while (have < len) {
                if (4 + have == framed.length) {
                    framed = java.util.Arrays.copyOf(framed, 4 + Math.min(len, Math.max(have * 2, have + 64 * 1024)));
                }
                ByteBuffer body = ByteBuffer.wrap(framed, 4 + have, framed.length - 4 - have);
                try {
                    readFully(body, deadlineNanos, step, false);
                } catch (ProbeException e) {
                    // Keep what did arrive for the transcript: the pcapng then shows the truncated message.
                    int got = body.position() - 4;
                    if (got > 0) {
                        transcript.add(new WireEvent(WireEvent.Type.DATA, false, now(), java.util.Arrays.copyOf(framed, 4 + got)));
                    }
                    throw e;
                }
                have = framed.length - 4;
            }
            bytesReceived += framed.length;
            transcript.add(new WireEvent(WireEvent.Type.DATA, false, now(), framed));
            byte[] message = java.util.Arrays.copyOfRange(framed, 4, framed.length);
            int p0 = message[0] & 0xff;
            boolean smb = message[1] == 'S' && message[2] == 'M' && message[3] == 'B';
            if (smb && p0 == 0xFE) {
                return message;
            }
            if (smb && p0 == 0xFF) {
                throw new ProbeException(ProbeFailure.NOT_SMB2, peer + " answered with SMB1 during " + step
                        + ": it does not offer SMB2 (enable SMB2/3 on the server)");
            }
            if (smb && p0 == 0xFD) {
                throw new ProbeException(ProbeFailure.ENCRYPTION_REQUIRED, peer + " sent an SMB3 encrypted message during "
                        + step + "; the probe does not encrypt (the server or share requires encryption)");
            }
            throw new ProbeException(ProbeFailure.NOT_SMB2, peer + " sent a " + len + "-byte message during " + step
                    + " that is not SMB: it starts " + describe(message, Math.min(8, message.length)));
        }
    }

    /** Fills {@code buf}; at a clean EOF before the first byte of a message: CONNECTION_CLOSED. */
    private void readFully(ByteBuffer buf, long deadlineNanos, String step, boolean atMessageStart) throws ProbeException {
        try {
            while (buf.hasRemaining()) {
                int n = channel.read(buf);
                if (n < 0) {
                    closedByPeer = true;
                    transcript.add(new WireEvent(WireEvent.Type.FIN, false, now(), null));
                    throw new ProbeException(ProbeFailure.CONNECTION_CLOSED, peer + " closed the connection (FIN) during "
                            + step + (atMessageStart && buf.position() == 0 ? " without answering"
                                    : " in the middle of a message"));
                }
                if (n == 0) {
                    key.interestOps(SelectionKey.OP_READ);
                    selector.select(waitMillis(deadlineNanos, progress, peer, step));
                    selector.selectedKeys().clear();
                    key.interestOps(0);
                }
            }
        } catch (IOException e) {
            throw ioFailure(e, step);
        }
    }

    private ProbeException ioFailure(IOException e, String step) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketException && m.contains("reset") || m.contains("connection reset") || m.contains("broken pipe")) {
            closedByPeer = true;
            transcript.add(new WireEvent(WireEvent.Type.RST, false, now(), null));
            return new ProbeException(ProbeFailure.CONNECTION_RESET, peer + " reset the connection (RST) during " + step);
        }
        return new ProbeException(ProbeFailure.IO_ERROR, "I/O error talking to " + peer + " during " + step + ": "
                + e.getMessage(), e);
    }

    /** Milliseconds to wait in one select: at most POLL_MILLIS, so cancellation is noticed quickly. */
    private static long waitMillis(long deadlineNanos, Progress progress, String peer, String step) throws ProbeException {
        if (progress.isCanceled()) {
            throw new ProbeException(ProbeFailure.CANCELLED, "cancelled during " + step);
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new ProbeException(ProbeFailure.TIMEOUT, "no answer from " + peer + " in time during " + step);
        }
        return Math.max(1, Math.min(POLL_MILLIS, (left + 999_999) / 1_000_000));
    }

    /** True once the peer has closed or reset the connection. */
    boolean closedByPeer() {
        return closedByPeer;
    }

    /**
     * Orderly close: FIN, then wait briefly (until {@code deadlineNanos}) for the server's FIN so the
     * transcript shows how the connection ended.
     */
    void shutdown(long deadlineNanos) {
        if (closed) {
            return;
        }
        if (!closedByPeer) {
            try {
                channel.shutdownOutput();
                transcript.add(new WireEvent(WireEvent.Type.FIN, true, now(), null));
                ByteBuffer sink = ByteBuffer.allocate(512);
                while (System.nanoTime() < deadlineNanos) {
                    sink.clear();
                    int n = channel.read(sink);
                    if (n < 0) {
                        transcript.add(new WireEvent(WireEvent.Type.FIN, false, now(), null));
                        break;
                    }
                    if (n == 0) {
                        key.interestOps(SelectionKey.OP_READ);
                        selector.select(Math.max(1, Math.min(POLL_MILLIS, (deadlineNanos - System.nanoTime()) / 1_000_000)));
                        selector.selectedKeys().clear();
                        key.interestOps(0);
                    }
                }
            } catch (IOException e) {
                transcript.add(new WireEvent(WireEvent.Type.RST, false, now(), null));
            }
        } else {
            // The server went first: our side's close follows (a FIN after its FIN; nothing after an RST).
            java.util.List<WireEvent> ev = transcript.events();
            if (!ev.isEmpty() && ev.get(ev.size() - 1).type() == WireEvent.Type.FIN) {
                transcript.add(new WireEvent(WireEvent.Type.FIN, true, now(), null));
            }
        }
        close();
    }

    /**
     * Aborts the connection with RST, as a Windows client does after a failed validation: SO_LINGER 0 makes
     * the kernel discard unsent data and reset instead of the FIN handshake. If the option cannot be set, falls
     * back to {@link #shutdown(long)}.
     */
    void abort() {
        if (closed) {
            return;
        }
        if (!closedByPeer) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | UnsupportedOperationException e) {
                shutdown(System.nanoTime() + 500_000_000L);
                return;
            }
            transcript.add(new WireEvent(WireEvent.Type.RST, true, now(), null));
        }
        close();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(channel, selector);
    }

    private static void closeQuietly(SocketChannel ch, Selector sel) {
        try {
            if (sel != null) {
                sel.close();
            }
        } catch (IOException ignored) {
            // nothing useful to do
        }
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    /** "48 54 54 50 ("HTTP")". */
    static String describe(byte[] b, int n) {
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n && i < b.length; i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
            char c = (char) (b[i] & 0xff);
            text.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        return hex + " (\"" + text + "\")";
    }
}
