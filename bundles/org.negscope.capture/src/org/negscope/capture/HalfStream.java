package org.negscope.capture;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembly of one direction of one TCP connection. Sequence numbers become 64-bit stream offsets
 * (0 = first payload byte, i.e. SYN + 1, or the first sequence number seen when the SYN is missing);
 * comparing through a signed 32-bit difference to the next expected sequence number makes wraparound
 * invisible. Policy:
 * <ul>
 * <li>in-order payload is delivered straight from the read buffer (no copy);</li>
 * <li>data before the next expected offset is a retransmission: dropped, but compared with the
 *     remembered history so that different bytes (a middlebox rewriting them) are reported;</li>
 * <li>data after it is copied into a bounded out-of-order buffer; overlaps keep the bytes seen first;</li>
 * <li>a hole becomes a gap when the buffer limit is reached, when the peer acknowledges data beyond
 *     the hole (so the receiver had it: it is missing from the capture only), on RST, and at the end.</li>
 * </ul>
 */
final class HalfStream {
    /** Bookkeeping cost of one buffered piece beyond its bytes, so that 1-byte segments cannot exhaust memory. */
    static final int PIECE_OVERHEAD = 64;

    private static final class Piece {
        final long offset;
        final byte[] data;
        final long frame, timeNanos, fileOffset;
        Piece(long offset, byte[] data, long frame, long timeNanos, long fileOffset) {
            this.offset = offset; this.data = data; this.frame = frame; this.timeNanos = timeNanos; this.fileOffset = fileOffset;
        }
        long end() { return offset + data.length; }
    }

    private final TcpReassembler r;
    final ConnectionState conn;
    final Direction dir;

    boolean init;
    private int isn;          // sequence number of stream offset 0
    long next;                // next expected stream offset
    boolean synSeen;
    int synSeq;

    private TreeMap<Long, Piece> pending;
    private long pendingCost;
    private byte[] hist;      // ring of the last delivered bytes, indexed by stream offset
    private long histFrom;    // no history before this offset (start, or the end of the last gap)

    boolean finSeen, finReported, rstReported;
    private long finOffset, finFrame, finTime;

    HalfStream(TcpReassembler r, ConnectionState conn, Direction dir) {
        this.r = r; this.conn = conn; this.dir = dir;
    }

    void start(int firstSeq, boolean syn) {
        init = true;
        synSeen = syn;
        synSeq = firstSeq;
        isn = syn ? firstSeq + 1 : firstSeq;
        next = 0;
    }

    /** Stream offset of a sequence number, relative to what is expected next (handles wraparound). */
    long offsetOf(int seq) {
        int expected = isn + (int) next;
        return next + (seq - expected);
    }

    // ------------------------------------------------------------------ payload

    void data(int seq, byte[] a, int off, int len, int missing, TcpSegment s) {
        long o = offsetOf(seq);
        if (len + missing == 1 && o == next - 1) {
            return; // TCP keep-alive probe (1 byte at SND.NXT - 1, as Wireshark recognises it): garbage, not a retransmission
        }
        if (len > 0) payload(o, a, off, len, s.frame, s.timeNanos, s.fileOffset);
        if (missing > 0) {
            // bytes the capture cut off (snap length): if they are next in the stream, say so now
            long cut = o + len, end = cut + missing;
            if (cut <= next && end > next) {
                long until = pending == null || pending.isEmpty() ? end : Math.min(end, pending.firstKey());
                gapTo(until, s.frame, s.fileOffset, "not in the captured frame");
                drain(0, 0, true);
            }
        }
    }

    private void payload(long o, byte[] a, int off, int len, long frame, long time, long fileOffset) {
        long e = o + len;
        if (e <= next) { compareWithHistory(o, a, off, len, frame, fileOffset); return; }
        if (o < next) {
            int old = (int) (next - o);
            compareWithHistory(o, a, off, old, frame, fileOffset);
            off += old; len -= old; o = next;
        }
        if (o == next) {
            long limit = pending == null || pending.isEmpty() ? Long.MAX_VALUE : pending.firstKey();
            if (e <= limit) {
                deliver(a, off, len, frame, time);
                if (e == limit) drain(frame, time, false);
                maybeReportFin();
                return;
            }
            int direct = (int) (limit - o);
            deliver(a, off, direct, frame, time);
            off += direct; len -= direct; o = limit;
            insert(o, a, off, len, frame, time, fileOffset);
            drain(frame, time, false);
            maybeReportFin();
            return;
        }
        insert(o, a, off, len, frame, time, fileOffset);
        enforceLimits(fileOffset);
    }

    /** Buffers [o, o+len) except where already buffered (first-seen wins); reports differing overlaps. */
    private void insert(long o, byte[] a, int off, int len, long frame, long time, long fileOffset) {
        if (pending == null) pending = new TreeMap<>();
        long e = o + len, cur = o;
        long conflictAt = -1; int conflicts = 0, compared = 0;
        ArrayList<long[]> pieces = null;
        Map.Entry<Long, Piece> start = pending.floorEntry(o);
        long from = start != null && start.getValue().end() > o ? start.getKey() : o;
        for (Piece p : pending.tailMap(from, true).values()) {
            if (p.offset >= e) break;
            if (cur < p.offset) {
                if (pieces == null) pieces = new ArrayList<>(2);
                pieces.add(new long[] {cur, p.offset});
            }
            long ovFrom = Math.max(cur, p.offset), ovTo = Math.min(e, p.end());
            for (long x = ovFrom; x < ovTo; x++) {
                compared++;
                if (p.data[(int) (x - p.offset)] != a[off + (int) (x - o)]) {
                    if (conflicts++ == 0) conflictAt = x;
                }
            }
            cur = Math.max(cur, p.end());
        }
        if (cur < e) {
            if (pieces == null) pieces = new ArrayList<>(1);
            pieces.add(new long[] {cur, e});
        }
        if (conflicts > 0) conflict(conflicts, compared, conflictAt, frame, fileOffset);
        if (pieces == null) return;
        for (long[] pc : pieces) {
            int n = (int) (pc[1] - pc[0]);
            byte[] copy = new byte[n];
            System.arraycopy(a, off + (int) (pc[0] - o), copy, 0, n);
            pending.put(pc[0], new Piece(pc[0], copy, frame, time, fileOffset));
            pendingCost += n + PIECE_OVERHEAD;
            r.buffered += n + PIECE_OVERHEAD;
        }
    }

    /** Delivers buffered pieces that have become contiguous with the stream. */
    private void drain(long frame, long time, boolean ownFrames) {
        if (pending == null) return;
        while (!pending.isEmpty()) {
            Piece p = pending.firstEntry().getValue();
            if (p.offset > next) break;
            pending.pollFirstEntry();
            pendingCost -= p.data.length + PIECE_OVERHEAD;
            r.buffered -= p.data.length + PIECE_OVERHEAD;
            int skip = (int) Math.min(p.data.length, next - p.offset); // defensive; pieces never start before next
            if (skip < p.data.length) {
                deliver(p.data, skip, p.data.length - skip, ownFrames ? p.frame : frame, ownFrames ? p.timeNanos : time);
            }
        }
    }

    private void enforceLimits(long fileOffset) {
        if (pendingCost > r.options.maxBufferedPerDirection()) {
            r.warnings.add(r.frame, fileOffset, conn + " " + name() + ": out-of-order buffer limit of "
                    + r.options.maxBufferedPerDirection() + " bytes reached; giving up on the hole at stream offset " + next);
            while (pendingCost > r.options.maxBufferedPerDirection() && !pending.isEmpty()) {
                Piece p = pending.firstEntry().getValue();
                gapTo(p.offset, p.frame, p.fileOffset, "never seen");
                drain(0, 0, true);
            }
            maybeReportFin();
        }
        if (r.buffered > r.options.maxBufferedTotal()) {
            r.warnings.add(r.frame, fileOffset, conn + " " + name() + ": total out-of-order buffer limit of "
                    + r.options.maxBufferedTotal() + " bytes reached; flushing this direction");
            flush();
        }
    }

    private void deliver(byte[] a, int off, int len, long frame, long time) {
        ByteBuffer view = r.view(a, off, len);
        long at = next;
        next += len;
        remember(a, off, len, at);
        r.listener.data(conn.connection, dir, view, at, frame, time);
    }

    void gapTo(long target, long frame, long fileOffset, String why) {
        if (target <= next) return;
        long missing = target - next;
        if (r.warnings.wanted()) {
            r.warnings.add(frame, fileOffset, conn + " " + name() + ": " + missing + " bytes missing at stream offset "
                    + next + " (" + why + ")");
        }
        long at = next;
        next = target;
        histFrom = target;
        r.listener.gap(conn.connection, dir, at, missing, frame);
    }

    // ------------------------------------------------------------------ history (retransmission check)

    private void remember(byte[] a, int off, int len, long at) {
        int size = r.options.historyBytes();
        if (size == 0) return;
        if (hist == null) {
            // a hostile file can open many connections that each send one byte: without a global cap the
            // histories alone would take connections x 2 x historyBytes (GiBs at the connection cap)
            if (!r.reserveHistory(size)) return;
            hist = new byte[size];
            histFrom = Math.max(histFrom, at); // nothing before this point is remembered (e.g. after release())
        }
        int mask = size - 1;
        if (len > size) { off += len - size; at += len - size; len = size; }
        int idx = (int) (at & mask);
        int first = Math.min(len, size - idx);
        System.arraycopy(a, off, hist, idx, first);
        if (first < len) System.arraycopy(a, off + first, hist, 0, len - first);
    }

    private void compareWithHistory(long o, byte[] a, int off, int len, long frame, long fileOffset) {
        if (hist == null) return;
        if (len == 1 && o == next - 1) return; // keep-alive probe: one byte of garbage by design
        long from = Math.max(Math.max(o, histFrom), next - hist.length), to = Math.min(o + len, next);
        if (from >= to) return;
        int mask = hist.length - 1, compared = (int) (to - from);
        // the ring holds [from, to) in at most two runs; Arrays.mismatch compares a run with vectorised code
        // (retransmissions are mostly exact copies, so the usual answer is "no difference" at memory speed)
        int idx = (int) (from & mask), first = Math.min(compared, hist.length - idx);
        int at = off + (int) (from - o);
        int d = Arrays.mismatch(hist, idx, idx + first, a, at, at + first);
        if (d < 0 && first < compared) {
            d = Arrays.mismatch(hist, 0, compared - first, a, at + first, at + compared);
            if (d >= 0) d += first;
        }
        if (d < 0) return;
        int conflicts = 0;
        for (int i = d; i < compared; i++) { // only after a difference: count them for the warning
            if (hist[(idx + i) & mask] != a[at + i]) conflicts++;
        }
        conflict(conflicts, compared, from + d, frame, fileOffset);
    }

    private void conflict(int conflicts, int compared, long at, long frame, long fileOffset) {
        if (!r.warnings.wanted()) return;
        r.warnings.add(frame, fileOffset, conn + " " + name() + ": overlapping data differs from the data seen first ("
                + conflicts + " of " + compared + " bytes, first at stream offset " + at + "); the first-seen bytes are kept");
    }

    // ------------------------------------------------------------------ FIN / RST / ACK

    void fin(long offset, long frame, long time) {
        if (finSeen) return;
        finSeen = true;
        finOffset = offset;
        finFrame = frame;
        finTime = time;
        maybeReportFin();
    }

    /** The FIN is reported once every byte before it has been delivered or declared missing. */
    void maybeReportFin() {
        if (finSeen && !finReported && next >= finOffset) {
            finReported = true;
            r.listener.closed(conn.connection, dir, false, finFrame, finTime);
        }
    }

    /** The peer acknowledged up to {@code ack}: buffered data below it cannot wait for a hole to be filled. */
    void acknowledged(int ack, long frame, long fileOffset) {
        if (pending == null || pending.isEmpty()) return;
        long ackOffset = offsetOf(ack);
        // the receiver has every byte below ackOffset: what the capture lacks there will not come any more
        while (!pending.isEmpty() && next < ackOffset) {
            Piece p = pending.firstEntry().getValue();
            gapTo(Math.min(p.offset, ackOffset), p.frame, p.fileOffset, "acknowledged by the peer but not in the capture");
            drain(0, 0, true);
        }
        maybeReportFin();
    }

    /** Gives up waiting: every hole becomes a gap, buffered data is delivered (end of capture, RST). */
    void flush() {
        if (pending != null) {
            while (!pending.isEmpty()) {
                Piece p = pending.firstEntry().getValue();
                gapTo(p.offset, p.frame, p.fileOffset, "never seen");
                drain(0, 0, true);
            }
        }
        if (finSeen && next < finOffset) gapTo(finOffset, finFrame, r.fileOffset, "never seen before the FIN");
        maybeReportFin();
    }

    /** Frees the buffers of a connection that has ended. */
    void release() {
        r.buffered -= pendingCost;
        pendingCost = 0;
        pending = null;
        if (hist != null) r.historyAllocated -= hist.length;
        hist = null;
    }

    String name() { return dir == Direction.CLIENT_TO_SERVER ? "client to server" : "server to client"; }
}
