package org.negscope.capture;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the connection of each TCP segment (one map look-up with a reused key), decides roles and
 * connection lifetimes, and hands the payload to the connection's {@link HalfStream}.
 */
final class TcpReassembler {
    final StreamListener listener;
    final Warnings warnings;
    final CaptureOptions options;
    /** Out-of-order bytes buffered over all connections (with per-piece overhead). */
    long buffered;
    /** Retransmission-history bytes allocated over all live connections (see {@link #reserveHistory}). */
    long historyAllocated;
    private boolean historyWarned;
    /** Frame and record offset of the segment being handled, for warnings. */
    long frame, fileOffset;

    /** Access order: the eldest entry is the least recently active connection, dropped first when there are too many. */
    private final LinkedHashMap<FlowKey, ConnectionState> connections;
    private boolean tooManyWarned;
    private final FlowKey key = new FlowKey();
    /**
     * The connection of the previous segment and its key: bulk transfers come in runs of segments of one
     * connection, which then skip the hash look-up and the access-order relink. It keeps the access order
     * exact: {@code last} is always the most recently accessed or inserted entry, so re-accessing it would not
     * move it. Cleared whenever entries are removed.
     */
    private final FlowKey lastKey = new FlowKey();
    private ConnectionState last;
    private int nextIndex;
    /**
     * Ended connections (FIN both ways or RST) are forgotten once idle this long in capture time, so that
     * a capture with millions of short connections does not keep them all. Two minutes: late
     * retransmissions (TIME_WAIT is 2 MSL) still find their connection instead of opening a new one.
     */
    static final long FORGET_AFTER_NANOS = 120_000_000_000L;
    /** Segments between two sweeps of ended connections. */
    private int sweepEvery = 1 << 16;
    private int untilSweep = sweepEvery;

    void sweepEvery(int segments) { sweepEvery = segments; untilSweep = segments; }

    private byte[] viewArray;
    private ByteBuffer view;

    TcpReassembler(StreamListener listener, Warnings warnings, CaptureOptions options) {
        this.listener = listener;
        this.warnings = warnings;
        this.options = options;
        this.connections = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;
            @Override protected boolean removeEldestEntry(Map.Entry<FlowKey, ConnectionState> eldest) {
                if (size() <= TcpReassembler.this.options.maxConnections()) return false;
                tooMany(eldest.getValue());
                return true;
            }
        };
    }

    private void tooMany(ConnectionState c) {
        if (!tooManyWarned) {
            tooManyWarned = true;
            warnings.add(frame, fileOffset, "more than " + options.maxConnections() + " TCP connections at once: the least"
                    + " recently active ones are no longer followed (first: " + c + ")");
        }
        finish(c);
    }

    /**
     * Room for one direction's retransmission history, within a quarter of {@link CaptureOptions#maxBufferedTotal()}
     * over all live connections; false (said once) when it is used up: that direction's retransmissions are then
     * not compared. Ended connections give their room back.
     */
    boolean reserveHistory(int size) {
        if (historyAllocated + size > options.maxBufferedTotal() / 4) {
            if (!historyWarned) {
                historyWarned = true;
                warnings.add(frame, fileOffset, "more than " + options.maxBufferedTotal() / 4 / size + " directions of live TCP"
                        + " connections: retransmissions of further ones are not checked for differing data");
            }
            return false;
        }
        historyAllocated += size;
        return true;
    }

    int connectionCount() { return nextIndex; }
    /** Connections currently remembered (ended ones are forgotten after a while). */
    int liveConnections() { return connections.size(); }

    /** A read-only window on {@code a}; the same object is reused while the array stays the same (the read buffer). */
    ByteBuffer view(byte[] a, int off, int len) {
        if (a != viewArray) {
            viewArray = a;
            view = ByteBuffer.wrap(a).asReadOnlyBuffer();
        }
        view.clear();
        view.position(off).limit(off + len);
        return view;
    }

    void segment(TcpSegment s) {
        frame = s.frame;
        fileOffset = s.fileOffset;
        listener.position(s.frame, s.fileOffset);
        if (--untilSweep <= 0) sweep(s.timeNanos);
        boolean srcIsA = key.set(s.v6, s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort);
        ConnectionState c;
        if (last != null && key.equals(lastKey)) {
            c = last;
        } else {
            c = connections.get(key);
            if (c != null) remember(c);
        }
        boolean pureSyn = s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
        if (c != null && pureSyn) {
            HalfStream h = srcIsA == c.clientIsA ? c.toServer : c.toClient;
            boolean sameSyn = h == c.toServer && h.synSeen && h.synSeq == s.seq; // a retransmitted SYN
            // the SYN of this very connection captured after the SYN+ACK (merged or skewed captures)
            boolean lateSyn = h == c.toServer && !h.init && c.toClient.synSeen && !c.ended();
            if (!sameSyn && !lateSyn) {
                // a new SYN on this 4-tuple: the old connection is over (ended, or its end was not captured)
                finish(c);
                c = null;
            }
        }
        if (c == null) {
            c = open(s, srcIsA);
            connections.put(key.copy(), c);
            remember(c);
            listener.connectionOpened(c.connection);
        }
        c.lastTimeNanos = s.timeNanos;
        HalfStream h = srcIsA == c.clientIsA ? c.toServer : c.toClient;
        HalfStream other = h == c.toServer ? c.toClient : c.toServer;
        boolean syn = s.has(TcpSegment.SYN);
        boolean keepAlive = false;
        if (!h.init) {
            c.connection.seen(h.dir);
            // A segment of one zero byte (no SYN/FIN/RST) that opens a direction whose start the capture missed is a TCP
            // keep-alive probe (RFC 1122 4.2.3.6: one byte at SND.NXT - 1, already acknowledged; Windows sends 0x00): the
            // stream starts after it, else that byte would be taken for the first byte of an SMB message
            // (docs/protocol.md, "TCP keep-alive probes").
            keepAlive = !syn && s.payloadLength == 1 && s.payloadMissing == 0 && s.data[s.payloadOffset] == 0
                    && !s.has(TcpSegment.FIN) && !s.has(TcpSegment.RST);
            h.start(keepAlive ? s.seq + 1 : s.seq, syn);
        }
        int dataSeq = syn ? s.seq + 1 : s.seq;
        if (!keepAlive && (s.payloadLength > 0 || s.payloadMissing > 0)) {
            h.data(dataSeq, s.data, s.payloadOffset, s.payloadLength, s.payloadMissing, s);
        }
        if (s.has(TcpSegment.ACK) && other.init) other.acknowledged(s.ack, s.frame, s.fileOffset);
        if (s.has(TcpSegment.FIN)) h.fin(h.offsetOf(dataSeq) + s.payloadLength + s.payloadMissing, s.frame, s.timeNanos);
        if (s.has(TcpSegment.RST) && !h.rstReported) {
            c.reset = true;
            h.flush();
            other.flush();
            h.rstReported = true;
            listener.closed(c.connection, h.dir, true, s.frame, s.timeNanos);
        }
        if (c.ended() && c.toServer.finReported == c.toServer.finSeen && c.toClient.finReported == c.toClient.finSeen) {
            // nothing more to wait for: free the buffers (late retransmissions are then simply ignored)
            c.toServer.release();
            c.toClient.release();
        }
    }

    private void remember(ConnectionState c) {
        last = c;
        lastKey.assign(key);
    }

    private ConnectionState open(TcpSegment s, boolean srcIsA) {
        boolean syn = s.has(TcpSegment.SYN), ack = s.has(TcpSegment.ACK);
        boolean srcIsClient;
        if (syn) {
            srcIsClient = !ack;               // SYN: the sender opens; SYN+ACK: the sender answers
        } else if (isServerPort(s.dstPort) != isServerPort(s.srcPort)) {
            srcIsClient = isServerPort(s.dstPort);
        } else if (s.srcPort != s.dstPort) {
            srcIsClient = s.srcPort > s.dstPort; // ephemeral ports are the high ones
        } else {
            srcIsClient = true;
        }
        Endpoint src = FlowKey.endpoint(s.v6, s.srcHi, s.srcLo, s.srcPort);
        Endpoint dst = FlowKey.endpoint(s.v6, s.dstHi, s.dstLo, s.dstPort);
        TcpConnection tc = new TcpConnection(nextIndex++, srcIsClient ? src : dst, srcIsClient ? dst : src,
                s.frame, s.timeNanos, syn);
        return new ConnectionState(this, tc, srcIsClient == srcIsA);
    }

    private void sweep(long now) {
        untilSweep = sweepEvery;
        last = null;
        connections.values().removeIf(c -> {
            if (!c.ended() || now - c.lastTimeNanos < FORGET_AFTER_NANOS) return false;
            finish(c); // nothing should be left, but never lose buffered bytes silently
            return true;
        });
    }

    private static boolean isServerPort(int port) { return port == 445 || port == 139; }

    private void finish(ConnectionState c) {
        c.toServer.flush();
        c.toClient.flush();
        c.toServer.release();
        c.toClient.release();
    }

    /** End of the capture: every hole becomes a gap and buffered data is delivered, connection by connection. */
    void finishAll() {
        ArrayList<ConnectionState> all = new ArrayList<>(connections.values());
        all.sort((x, y) -> Integer.compare(x.connection.index(), y.connection.index()));
        for (ConnectionState c : all) finish(c);
    }
}
