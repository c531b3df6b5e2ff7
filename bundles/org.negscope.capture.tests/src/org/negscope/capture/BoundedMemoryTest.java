package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.negscope.capture.SyntheticCapture.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Finding F1 (fuzzing): each direction's 4 KiB retransmission history had no global budget, so a capture
 * of many tiny connections ran the JVM out of memory (67 000 short connections under -Xmx512m). A SYNTHETIC
 * capture of 300 000 tiny connections that never end (SYN, SYN+ACK, two bytes each way: the cheapest way to
 * make the reader keep state) is fed through the reader; it must complete with one warning per cap, every
 * byte delivered, the retransmission check kept where the budget allows, and the live heap bounded by the
 * caps, not by the number of connections in the file.
 */
class BoundedMemoryTest {
    static final int N = 300_000;
    /** Connections whose client retransmits its bytes with different content (a rewriting middlebox). */
    static final int EARLY = 5, OVER_BUDGET = 3_000, AFTER_RECYCLING = 3 * 65_536 + 100;
    /**
     * Heap the reader may keep with the caps at their defaults: 65 536 idle connections (well under 1 KiB each
     * without the analysis) plus the 16 MiB history budget. Without the budget the histories alone take
     * 65 536 x 2 x 4 KiB = 512 MiB; without the connection cap everything grows with N.
     */
    static final long HEAP_BOUND = 160L << 20;

    /** Counts instead of recording: the listener itself must not grow with the number of connections. */
    static final class Counter implements StreamListener {
        int opened, dataCalls, wrongBytes, gaps, closed;
        final List<CaptureWarning> warnings = new ArrayList<>();

        @Override public void connectionOpened(TcpConnection c) { opened++; }
        @Override public void data(TcpConnection c, Direction d, ByteBuffer b, long off, long frame, long t) {
            dataCalls++;
            byte expected = d == Direction.CLIENT_TO_SERVER ? (byte) 'q' : (byte) 'r';
            if (off != 0 || b.remaining() != 2 || b.get(b.position()) != expected || b.get(b.position() + 1) != expected) wrongBytes++;
        }
        @Override public void gap(TcpConnection c, Direction d, long off, long missing, long frame) { gaps++; }
        @Override public void closed(TcpConnection c, Direction d, boolean reset, long frame, long t) { closed++; }
        @Override public void warning(CaptureWarning w) { warnings.add(w); }

        long matching(String text) { return warnings.stream().filter(w -> w.message().contains(text)).count(); }
        long conflictsOf(int connection) {
            String who = "TCP 10." + (connection >> 16 & 0xFF) + "." + (connection >> 8 & 0xFF) + "." + (connection & 0xFF) + ":";
            return warnings.stream().filter(w -> w.message().startsWith(who) && w.message().contains("differs")).count();
        }
    }

    @Test
    void manyTinyConnectionsCompleteWithinTheCaps() {
        Counter counter = new Counter();
        Warnings w = new Warnings("many-connections", 1000, counter);
        CaptureOptions o = CaptureOptions.DEFAULTS;
        assertEquals(65_536, o.maxConnections());
        TcpReassembler r = new TcpReassembler(counter, w, o);
        PacketDecoder d = new PacketDecoder(r, w);
        long before = usedHeap();
        long frame = 0;
        byte[] q = ascii("qq"), rr = ascii("rr"), changed = ascii("qX"); // two bytes: one would be a keep-alive probe
        for (int i = 0; i < N; i++) {
            Flow f = new Flow("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 40000 + (i & 0x3FFF),
                    "10.255.0.1", 445, 1000 + i, 5000);
            long t = i * 1_000_000L; // 1 ms apart: nobody is idle long enough to be swept, the cap must do it
            for (byte[] p : new byte[][] {f.syn(), f.synAck(), f.c2s(0, q), f.s2c(0, rr, PSH | ACK, 2)}) {
                d.packet(PacketDecoder.LINK_RAW, p, 0, p.length, p.length, ++frame, t, frame * 100);
            }
            if (i == EARLY || i == OVER_BUDGET || i == AFTER_RECYCLING) {
                byte[] p = f.c2s(0, changed);
                d.packet(PacketDecoder.LINK_RAW, p, 0, p.length, p.length, ++frame, t, frame * 100);
            }
        }
        long held = usedHeap() - before;
        assertTrue(r.liveConnections() <= o.maxConnections(), "live connections " + r.liveConnections());
        assertTrue(r.historyAllocated <= o.maxBufferedTotal() / 4, "history bytes " + r.historyAllocated);
        assertTrue(held < HEAP_BOUND, "reader holds " + (held >> 20) + " MiB for " + r.liveConnections() + " live connections");
        r.finishAll();

        assertEquals(N, r.connectionCount());
        assertEquals(N, counter.opened);
        assertEquals(2 * N, counter.dataCalls, "every byte of every connection is delivered, forgotten ones included");
        assertEquals(0, counter.wrongBytes, "the first-seen bytes are kept, at stream offset 0");
        assertEquals(0, counter.gaps);
        assertEquals(0, counter.closed, "no FIN or RST in the capture");
        assertEquals(1, counter.matching("TCP connections at once"), "one warning for the connection cap");
        assertEquals(1, counter.matching("retransmissions of further ones are not checked"), "one warning for the history budget");
        assertEquals(1, counter.conflictsOf(EARLY), "within the budget the rewritten retransmission is reported");
        assertEquals(0, counter.conflictsOf(OVER_BUDGET), "beyond the budget that direction is not checked (said once)");
        assertEquals(1, counter.conflictsOf(AFTER_RECYCLING), "forgotten connections give their history back");
        assertEquals(4, counter.warnings.size(), counter.warnings.toString());
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
