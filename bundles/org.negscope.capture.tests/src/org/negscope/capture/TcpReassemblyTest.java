package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.negscope.capture.SyntheticCapture.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP reassembly on SYNTHETIC captures (loopback never loses, reorders or overlaps segments): each
 * test lists the packets in capture order (frame 1 first) and asserts the exact callbacks.
 */
class TcpReassemblyTest {
    @TempDir Path dir;
    private final Flow f = basicFlow();
    private static final String OPEN = "open 0 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 1";
    private static final String CONN = "TCP 10.0.0.1:50000 -> 10.0.0.2:445";
    private Recorder last;

    private Recorder run(CaptureOptions options, byte[]... ipPackets) throws Exception {
        Pcap p = new Pcap(1);
        long t = 1_000_000_000L;
        for (byte[] ip : ipPackets) p.add(t += 1000, ethernet(ip));
        last = Recorder.read(write(dir, "t.pcap", p.bytes()), options);
        return last;
    }

    private Recorder run(byte[]... ipPackets) throws Exception { return run(CaptureOptions.DEFAULTS, ipPackets); }

    /** File offset of frame {@code n} (1-based) when every packet is wrapped in Ethernet. */
    private static long offset(int n, byte[]... ipPackets) {
        long o = 24;
        for (int i = 0; i < n - 1; i++) o += 16 + 14 + ipPackets[i].length;
        return o;
    }

    @AfterEach void contract() {
        if (last != null) {
            assertEquals(List.of(), last.contractViolations, "data/gap callbacks must tile each stream");
            assertTrue(last.allReadOnly, "buffers handed out must be read-only");
        }
    }

    private byte[] c2s(int off, String s) { return f.c2s(off, ascii(s)); }

    @Test void retransmissionIsDroppedSilently() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "abcdef"), c2s(0, "abcdef"), c2s(6, "gh"));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +6 frame 3", "data 0 c2s @6 +2 frame 5"), r.events);
        assertEquals(List.of(), r.warnings);
    }

    /**
     * TCP keep-alive probes (SYNTHETIC; real: msod-fasod-ex1-1903-workgroup.pcapng frame 6): one zero byte at SND.NXT - 1.
     * Inside the stream it is not compared as a retransmission (its byte is garbage, no warning); opening a direction
     * whose start was not captured, it is skipped so the stream starts with the next segment.
     */
    @Test void keepAliveProbesAreNotData() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "abcdef"), f.c2s(5, new byte[] {0}), c2s(6, "gh"));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +6 frame 3", "data 0 c2s @6 +2 frame 5"), r.events);
        assertEquals(List.of(), r.warnings);
        Recorder mid = run(f.c2s(9, new byte[] {0}), c2s(10, "SMB"));
        assertEquals(List.of("open 0 10.0.0.1:50000 -> 10.0.0.2:445 nosyn frame 1", "data 0 c2s @0 +3 frame 2"), mid.events);
        assertArrayEquals(ascii("SMB"), mid.bytes(0, Direction.CLIENT_TO_SERVER));
    }

    @Test void outOfOrderSegmentsAreDeliveredWhenTheHoleIsFilled() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(5, "FGHIJ"), c2s(10, "KL"), c2s(0, "ABCDE"));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +5 frame 5", "data 0 c2s @5 +5 frame 5", "data 0 c2s @10 +2 frame 5"), r.events);
        assertArrayEquals(ascii("ABCDEFGHIJKL"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
    }

    @Test void overlappingRepacketizedDataIsDeliveredOnce() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "0123456789"), c2s(5, "56789ABCDE"));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +10 frame 3", "data 0 c2s @10 +5 frame 4"), r.events);
        assertArrayEquals(ascii("0123456789ABCDE"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
    }

    /** A retransmission with different bytes: the first-seen bytes are kept and the difference is reported. */
    @Test void conflictingRetransmissionKeepsFirstSeenAndWarns() throws Exception {
        byte[][] pk = {f.syn(), f.synAck(), c2s(0, "hello world"), c2s(6, "WORLD")};
        Recorder r = run(pk);
        assertArrayEquals(ascii("hello world"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of("frame 4 @" + offset(4, pk) + ": " + CONN + " client to server: overlapping data differs from the"
                + " data seen first (5 of 5 bytes, first at stream offset 6); the first-seen bytes are kept"), r.warningTexts());
    }

    /** Overlaps among out-of-order segments: first seen wins there too, differences reported. */
    @Test void conflictingOverlapInTheOutOfOrderBuffer() throws Exception {
        byte[][] pk = {f.syn(), f.synAck(), c2s(10, "klmno"), c2s(8, "ijKLmnop"), c2s(0, "abcdefgh")};
        Recorder r = run(pk);
        assertArrayEquals(ascii("abcdefghijklmnop"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +8 frame 5", "data 0 c2s @8 +2 frame 5", "data 0 c2s @10 +5 frame 5",
                "data 0 c2s @15 +1 frame 5"), r.events);
        assertEquals(List.of("frame 4 @" + offset(4, pk) + ": " + CONN + " client to server: overlapping data differs from the"
                + " data seen first (2 of 5 bytes, first at stream offset 10); the first-seen bytes are kept"), r.warningTexts());
    }

    /** An in-order segment that runs into buffered data: its overlapping part is compared, not delivered twice. */
    @Test void inOrderSegmentOverlappingBufferedData() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(4, "EFGH"), c2s(0, "ABCDEFG"));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +4 frame 4", "data 0 c2s @4 +4 frame 4"), r.events);
        assertArrayEquals(ascii("ABCDEFGH"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
    }

    /** Keep-alive probes carry one old byte of arbitrary value: not a conflict. */
    @Test void keepAliveIsNotAConflict() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "abc"), c2s(2, "\0"));
        assertArrayEquals(ascii("abc"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
    }

    @Test void historyCanBeDisabled() throws Exception {
        Recorder r = run(CaptureOptions.DEFAULTS.withHistoryBytes(0), f.syn(), f.synAck(), c2s(0, "hello world"), c2s(6, "WORLD"));
        assertArrayEquals(ascii("hello world"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
    }

    /** A message split over many 1-byte segments, in order, reversed and shuffled. */
    @Test void messageSplitIntoOneByteSegments() throws Exception {
        byte[] msg = pattern(300, 5);
        List<byte[]> segs = new ArrayList<>();
        for (int i = 0; i < msg.length; i++) segs.add(f.c2s(i, new byte[] {msg[i]}));

        List<byte[]> inOrder = new ArrayList<>(List.of(f.syn(), f.synAck()));
        inOrder.addAll(segs);
        Recorder r = run(inOrder.toArray(byte[][]::new));
        assertArrayEquals(msg, r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(1 + 300, r.events.size());
        assertEquals("data 0 c2s @299 +1 frame 302", r.events.get(300));

        List<byte[]> reversed = new ArrayList<>(segs);
        Collections.reverse(reversed);
        reversed.addAll(0, List.of(f.syn(), f.synAck()));
        r = run(reversed.toArray(byte[][]::new));
        assertArrayEquals(msg, r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals("data 0 c2s @0 +1 frame 302", r.events.get(1));
        assertEquals("data 0 c2s @299 +1 frame 302", r.events.get(300)); // all completed by the last frame

        List<byte[]> shuffled = new ArrayList<>(segs);
        Collections.shuffle(shuffled, new Random(42));
        shuffled.addAll(0, List.of(f.syn(), f.synAck()));
        shuffled.addAll(segs.subList(100, 120)); // and some duplicates afterwards
        r = run(shuffled.toArray(byte[][]::new));
        assertArrayEquals(msg, r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
        assertFalse(r.events.stream().anyMatch(e -> e.startsWith("gap")));
    }

    /** A segment missing from the capture: once the peer acknowledges past it, it is a gap and the stream goes on. */
    @Test void lostSegmentBecomesGapWhenAcknowledged() throws Exception {
        byte[][] pk = {f.syn(), f.synAck(), c2s(0, "aaaa"), /* c2s(4, "bbbb") lost */ c2s(8, "cccc"),
                f.s2c(0, new byte[0], ACK, 12), c2s(12, "dd")};
        Recorder r = run(pk);
        assertEquals(List.of(OPEN, "data 0 c2s @0 +4 frame 3", "gap 0 c2s @4 +4 frame 4", "data 0 c2s @8 +4 frame 4",
                "data 0 c2s @12 +2 frame 6"), r.events);
        assertEquals(List.of("frame 4 @" + offset(4, pk) + ": " + CONN
                + " client to server: 4 bytes missing at stream offset 4 (acknowledged by the peer but not in the capture)"), r.warningTexts());
        assertArrayEquals(ascii("aaaaccccdd"), r.bytes(0, Direction.CLIENT_TO_SERVER));
    }

    /** An acknowledgement exactly up to the buffered data, and one ending inside a second hole. */
    @Test void acknowledgementBoundaries() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "aa"), c2s(4, "cc"), c2s(10, "ee"),
                f.s2c(0, new byte[0], ACK, 4),    // frame 6: [2,4) was received: gap, then "cc" follows
                f.s2c(0, new byte[0], ACK, 8),    // frame 7: [6,8) received; [8,10) may still come
                c2s(8, "dd"));                    // frame 8: and it does
        assertEquals(List.of(OPEN, "data 0 c2s @0 +2 frame 3", "gap 0 c2s @2 +2 frame 4", "data 0 c2s @4 +2 frame 4",
                "gap 0 c2s @6 +2 frame 5", "data 0 c2s @8 +2 frame 8", "data 0 c2s @10 +2 frame 8"), r.events);
    }

    /** Without an acknowledgement the hole stays open until the end of the capture. */
    @Test void lostSegmentBecomesGapAtEndOfCapture() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "aaaa"), c2s(8, "cccc"), f.s2c(0, ascii("reply")));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +4 frame 3", "data 0 s2c @0 +5 frame 5",
                "gap 0 c2s @4 +4 frame 4", "data 0 c2s @8 +4 frame 4"), r.events);
    }

    /** A duplicate ACK at the hole does not give up on it: the retransmission fills it. */
    @Test void duplicateAckThenRetransmissionFillsTheHole() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "aaaa"), c2s(8, "cccc"), f.s2c(0, new byte[0], ACK, 4),
                f.s2c(0, new byte[0], ACK, 4), c2s(4, "bbbb"));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +4 frame 3", "data 0 c2s @4 +4 frame 7", "data 0 c2s @8 +4 frame 7"), r.events);
        assertEquals(List.of(), r.warnings);
    }

    /** Out-of-order data beyond the per-direction limit: the oldest hole is declared a gap. */
    @Test void outOfOrderBufferLimitPerDirection() throws Exception {
        byte[] twenty = pattern(20, 1), other = pattern(20, 2);
        byte[][] pk = {f.syn(), f.synAck(), c2s(0, "x"), f.c2s(10, twenty), f.c2s(40, other)};
        // limit 100: one 20-byte piece costs 20 + 64 = 84 (fits), two cost 168 (do not)
        Recorder r = run(CaptureOptions.DEFAULTS.withMaxBufferedPerDirection(100), pk);
        assertEquals(List.of(OPEN, "data 0 c2s @0 +1 frame 3", "gap 0 c2s @1 +9 frame 4", "data 0 c2s @10 +20 frame 4",
                "gap 0 c2s @30 +10 frame 5", "data 0 c2s @40 +20 frame 5"), r.events);
        long o5 = offset(5, pk);
        assertEquals(List.of(
                "frame 5 @" + o5 + ": " + CONN + " client to server: out-of-order buffer limit of 100 bytes reached; giving up on the hole at stream offset 1",
                "frame 4 @" + offset(4, pk) + ": " + CONN + " client to server: 9 bytes missing at stream offset 1 (never seen)",
                "frame 5 @" + o5 + ": " + CONN + " client to server: 10 bytes missing at stream offset 30 (never seen)"), r.warningTexts());
    }

    /** The limit over all connections: the direction that crosses it is flushed. */
    @Test void outOfOrderBufferLimitTotal() throws Exception {
        Flow g = new Flow("10.0.0.3", 50001, "10.0.0.2", 445, 7, 9);
        Recorder r = run(CaptureOptions.DEFAULTS.withMaxBufferedTotal(150),
                f.syn(), g.syn(), f.c2s(10, pattern(20, 1)), g.c2s(10, pattern(20, 2)));
        assertEquals(List.of(OPEN, "open 1 10.0.0.3:50001 -> 10.0.0.2:445 syn frame 2",
                "gap 1 c2s @0 +10 frame 4", "data 1 c2s @10 +20 frame 4",       // flushed at once
                "gap 0 c2s @0 +10 frame 3", "data 0 c2s @10 +20 frame 3"), r.events); // at the end
        assertEquals("frame 4 @" + offset(4, f.syn(), g.syn(), f.c2s(10, pattern(20, 1))) + ": TCP 10.0.0.3:50001 -> 10.0.0.2:445"
                + " client to server: total out-of-order buffer limit of 150 bytes reached; flushing this direction", r.warningTexts().get(0));
    }

    /** Sequence numbers wrapping past 2^32, with reordering across the wrap. */
    @Test void sequenceNumberWraparound() throws Exception {
        Flow w = new Flow("10.0.0.1", 50000, "10.0.0.2", 445, 0xFFFFFFF0, 0x7FFFFFFF);
        byte[] a = pattern(10, 1), b = pattern(10, 2), c = pattern(10, 3);
        Recorder r = run(w.syn(), w.synAck(), w.c2s(0, a), w.c2s(20, c), w.c2s(10, b), // seq 0xFFFFFFFB.. crosses 0
                w.c2s(30, new byte[0], FIN | ACK, 0), w.s2c(0, ascii("ok"), PSH | ACK, 31));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +10 frame 3", "data 0 c2s @10 +10 frame 5", "data 0 c2s @20 +10 frame 5",
                "FIN 0 c2s frame 6", "data 0 s2c @0 +2 frame 7"), r.events);
        assertArrayEquals(concat(a, b, c), r.bytes(0, Direction.CLIENT_TO_SERVER));
    }

    /** FIN reported once per side, and only after all data before it (here it overtakes a segment). */
    @Test void finReportedOnceAfterTheDataBeforeIt() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "ab"), f.c2s(4, ascii("ef"), FIN | ACK, 0), c2s(2, "cd"),
                f.c2s(4, ascii("ef"), FIN | ACK, 0), f.s2c(0, new byte[0], FIN | ACK, 7), f.s2c(0, new byte[0], FIN | ACK, 7));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +2 frame 3", "data 0 c2s @2 +2 frame 5", "data 0 c2s @4 +2 frame 5",
                "FIN 0 c2s frame 4", "FIN 0 s2c frame 7"), r.events);
    }

    /** RST: buffered data of both sides is flushed first (with gaps), then the reset is reported, once per side. */
    @Test void resetFlushesAndIsReportedOncePerSide() throws Exception {
        Recorder r = run(f.syn(), f.synAck(), c2s(0, "ab"), c2s(4, "ef"), f.s2c(0, new byte[0], RST | ACK, 2),
                f.s2c(0, new byte[0], RST, 0), f.c2s(6, new byte[0], RST, 0));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +2 frame 3", "gap 0 c2s @2 +2 frame 4", "data 0 c2s @4 +2 frame 4",
                "RST 0 s2c frame 5", "RST 0 c2s frame 7"), r.events);
    }

    /** Capture started mid-connection: the first sequence number seen is offset 0, roles by port 445. */
    @Test void midStreamConnectionRolesByWellKnownPort() throws Exception {
        Flow m = new Flow("10.0.0.1", 50000, "10.0.0.2", 445, 123456, 987654);
        Recorder r = run(m.s2c(100, ascii("late")), m.c2s(50, ascii("client")), m.s2c(104, ascii("!")));
        assertEquals(List.of("open 0 10.0.0.1:50000 -> 10.0.0.2:445 nosyn frame 1", "data 0 s2c @0 +4 frame 1",
                "data 0 c2s @0 +6 frame 2", "data 0 s2c @4 +1 frame 3"), r.events);
        assertFalse(r.connections.get(0).sawSyn());
    }

    @Test void midStreamConnectionRolesByHigherPortThenFirstSender() throws Exception {
        Flow m = new Flow("10.0.0.9", 40000, "10.0.0.8", 8080, 1, 2);
        Recorder r = run(m.s2c(0, ascii("from 8080")));
        assertEquals("open 0 10.0.0.9:40000 -> 10.0.0.8:8080 nosyn frame 1", r.events.get(0));
        Flow same = new Flow("10.0.0.9", 7000, "10.0.0.8", 7000, 1, 2);
        r = run(same.s2c(0, ascii("equal ports")));
        assertEquals("open 0 10.0.0.8:7000 -> 10.0.0.9:7000 nosyn frame 1", r.events.get(0));
    }

    /** The SYN+ACK sender is the server even when the SYN was not captured. */
    @Test void synAckFirstGivesRoles() throws Exception {
        Flow m = new Flow("10.0.0.9", 40000, "10.0.0.8", 30000, 1, 2);
        Recorder r = run(m.synAck(), m.c2s(0, ascii("req")));
        assertEquals(List.of("open 0 10.0.0.9:40000 -> 10.0.0.8:30000 syn frame 1", "data 0 c2s @0 +3 frame 2"), r.events);
    }

    /** A SYN that shows up after its SYN+ACK (clock skew between merged captures) belongs to the same connection. */
    @Test void synAfterSynAckIsTheSameConnection() throws Exception {
        Recorder r = run(f.synAck(), f.syn(), c2s(0, "req"), f.s2c(0, ascii("resp"), PSH | ACK, 3));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +3 frame 3", "data 0 s2c @0 +4 frame 4"), r.events);
        assertEquals(1, r.connections.size());
    }

    /** Port reuse: a new SYN after FIN/RST is a new connection; a retransmitted SYN is not. */
    @Test void newSynOnSameTupleStartsNewConnection() throws Exception {
        Flow again = new Flow("10.0.0.1", 50000, "10.0.0.2", 445, 777777, 888888);
        List<byte[]> pk = new ArrayList<>(basicExchange(f));           // frames 1-8, FIN both ways
        pk.add(again.syn());                                           // 9
        pk.add(again.syn());                                           // 10: retransmitted SYN
        pk.add(again.synAck());                                        // 11
        pk.add(again.c2s(0, ascii("second")));                         // 12
        pk.add(again.c2s(0, new byte[0], RST | ACK, 0));               // 13
        Flow third = new Flow("10.0.0.1", 50000, "10.0.0.2", 445, 5, 6);
        pk.add(third.syn());                                           // 14: after RST
        pk.add(third.c2s(0, ascii("third")));                          // 15
        Recorder r = run(pk.toArray(byte[][]::new));
        List<String> expected = new ArrayList<>(BASIC_EVENTS);
        expected.addAll(List.of("open 1 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 9", "data 1 c2s @0 +6 frame 12",
                "RST 1 c2s frame 13", "open 2 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 14", "data 2 c2s @0 +5 frame 15"));
        assertEquals(expected, r.events);
        assertEquals(3, r.connections.size());
    }

    /** A new SYN while the old connection still waits for a hole: the old one is finished (gap) first. */
    @Test void newSynFinishesTheOldConnectionFirst() throws Exception {
        Flow again = new Flow("10.0.0.1", 50000, "10.0.0.2", 445, 42, 43);
        Recorder r = run(f.syn(), f.synAck(), c2s(3, "later"), again.syn());
        assertEquals(List.of(OPEN, "gap 0 c2s @0 +3 frame 3", "data 0 c2s @3 +5 frame 3",
                "open 1 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 4"), r.events);
    }

    /** Payload cut by the snap length: what was kept is delivered, the rest is a gap right away. */
    @Test void snapLengthCutPayloadIsAGap() throws Exception {
        byte[] big = ethernet(f.c2s(0, pattern(200, 9)));
        byte[] cut = java.util.Arrays.copyOf(big, 100);                 // 14 + 20 + 20 + 46 payload bytes kept
        Pcap p = new Pcap(false, false, 1, 100).add(1000, ethernet(f.syn())).add(2000, cut, big.length)
                .add(3000, ethernet(f.c2s(200, ascii("next"))));
        last = Recorder.read(write(dir, "snap.pcap", p.bytes()));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +46 frame 2", "gap 0 c2s @46 +154 frame 2", "data 0 c2s @200 +4 frame 3"), last.events);
        long o2 = 24 + 16 + ethernet(f.syn()).length;
        assertEquals(List.of(
                "frame 2 @" + o2 + ": TCP payload cut by the capture's snap length (46 of 200 bytes kept): the streams have gaps where bytes were not captured",
                "frame 2 @" + o2 + ": " + CONN + " client to server: 154 bytes missing at stream offset 46 (not in the captured frame)"),
                last.warningTexts());
        assertArrayEquals(java.util.Arrays.copyOf(pattern(200, 9), 46), java.util.Arrays.copyOf(last.bytes(0, Direction.CLIENT_TO_SERVER), 46));
    }

    /** Both directions are independent streams; SYN data (TCP Fast Open) starts at offset 0. */
    @Test void bothDirectionsAndSynPayload() throws Exception {
        byte[] synData = f.c2sRaw(f.clientIsn, 0, SYN, ascii("tfo"));
        Recorder r = run(synData, f.synAck(), c2s(3, "more"), f.s2c(0, ascii("resp"), PSH | ACK, 7));
        assertEquals(List.of(OPEN, "data 0 c2s @0 +3 frame 1", "data 0 c2s @3 +4 frame 3", "data 0 s2c @0 +4 frame 4"), r.events);
    }
}
