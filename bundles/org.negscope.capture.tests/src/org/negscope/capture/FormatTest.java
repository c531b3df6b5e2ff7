package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.negscope.capture.SyntheticCapture.*;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File formats, on SYNTHETIC captures written by {@link SyntheticCapture}: pcap variants, pcapng, gzip. */
class FormatTest {
    @TempDir Path dir;

    static final long T0 = 1_700_000_000_123_456_000L; // microsecond-exact

    private static Pcap pcapOf(Pcap p, List<byte[]> packets, long step) {
        long t = T0;
        for (byte[] ip : packets) { p.add(t, ethernet(ip)); t += step; }
        return p;
    }

    @Test
    void syntheticBigEndianMicrosecondPcap() throws Exception {
        Pcap p = pcapOf(new Pcap(true, false, 1, 65535), basicExchange(basicFlow()), 1000);
        byte[] bytes = p.bytes();
        assertEquals((byte) 0xA1, bytes[0], "written big-endian");
        Recorder r = Recorder.read(write(dir, "be.pcap", bytes));
        assertEquals("pcap", r.summary.format());
        assertEquals(8, r.summary.frames());
        assertEquals(bytes.length, r.summary.bytes());
        assertEquals(BASIC_EVENTS, r.events);
        assertEquals(List.of(T0 + 3000, T0 + 4000), r.dataTimes);
        assertEquals("hello", new String(r.bytes(0, Direction.CLIENT_TO_SERVER)));
        assertEquals("world!", new String(r.bytes(0, Direction.SERVER_TO_CLIENT)));
        assertEquals(T0, r.connections.get(0).firstTimeNanos());
        assertEquals(List.of(), r.warnings);
    }

    @Test
    void syntheticNanosecondPcapKeepsNanoseconds() throws Exception {
        long t = 1_700_000_000_123_456_789L;
        Pcap p = new Pcap(false, true, 1, 262144);
        for (byte[] ip : basicExchange(basicFlow())) { p.add(t, ethernet(ip)); t += 1; }
        Recorder r = Recorder.read(write(dir, "ns.pcap", p.bytes()));
        assertEquals(BASIC_EVENTS, r.events);
        assertEquals(List.of(1_700_000_000_123_456_792L, 1_700_000_000_123_456_793L), r.dataTimes);
    }

    @Test
    void syntheticBigEndianNanosecondPcap() throws Exception {
        long t = 1_600_000_000_000_000_001L;
        Pcap p = new Pcap(true, true, 1, 262144);
        for (byte[] ip : basicExchange(basicFlow())) { p.add(t, ethernet(ip)); t += 10; }
        Recorder r = Recorder.read(write(dir, "bens.pcap", p.bytes()));
        assertEquals(BASIC_EVENTS, r.events);
        assertEquals(List.of(1_600_000_000_000_000_031L, 1_600_000_000_000_000_041L), r.dataTimes);
    }

    /**
     * Two interfaces with different link types and timestamp resolutions in one section: Ethernet with
     * the default microseconds, Linux SLL2 with if_tsresol = 9 (nanoseconds); plus an unknown block
     * (skipped, not a frame) and a simple packet block (a frame, interface 0, no timestamp).
     */
    @Test
    void syntheticPcapngTwoInterfacesDifferentLinkTypes() throws Exception {
        Flow a = basicFlow();
        Flow b = new Flow("192.168.7.1", 40000, "192.168.7.9", 8445, 77, 99);
        Pcapng n = new Pcapng(false).iface(1, 0, -1).iface(276, 262144, 9);
        long us = T0 / 1000;
        n.epb(0, us, ethernet(a.syn()));                              // frame 1, interface 0 (µs)
        n.epb(1, T0 + 5, sll2(b.syn()));                              // frame 2, interface 1 (ns)
        n.block(0x0BADC0DE, ascii("ignore me"));                      // unknown block: skipped
        n.epb(0, us + 1, ethernet(a.synAck()));                       // frame 3
        n.epb(1, T0 + 7, sll2(b.synAck()));                           // frame 4
        n.epb(1, T0 + 9, sll2(b.c2s(0, ascii("over sll2"))));         // frame 5
        n.spb(ethernet(a.c2s(0, ascii("simple block"))));             // frame 6: SPB, interface 0
        n.block(5, new byte[28]);                                     // interface statistics: skipped
        n.epb(0, us + 3, ethernet(a.s2c(0, ascii("answer"), PSH | ACK, 12))); // frame 7
        Recorder r = Recorder.read(write(dir, "two.pcapng", n.bytes()));
        assertEquals("pcapng", r.summary.format());
        assertEquals(7, r.summary.frames());
        assertEquals(List.of(
                "open 0 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 1",
                "open 1 192.168.7.1:40000 -> 192.168.7.9:8445 syn frame 2",
                "data 1 c2s @0 +9 frame 5",
                "data 0 c2s @0 +12 frame 6",
                "data 0 s2c @0 +6 frame 7"), r.events);
        // SPB has no timestamp: it gets the previous packet's
        assertEquals(List.of(T0 + 9, T0 + 9, T0 + 3000), r.dataTimes);
        assertEquals(T0 + 5, r.connections.get(1).firstTimeNanos());
        assertEquals(List.of(), r.warnings);
    }

    /** A big-endian section followed by a little-endian one: each section has its own interfaces. */
    @Test
    void syntheticPcapngSectionsOfBothByteOrders() throws Exception {
        Flow f = basicFlow();
        Pcapng n = new Pcapng(true).iface(101, 0, -1);                // RAW IP
        n.epb(0, 1_000_000, f.syn());
        n.section(false).iface(113, 0, 3);                            // Linux SLL, milliseconds
        n.epb(0, 2_000, sll(f.synAck()));
        n.epb(0, 2_001, sll(f.c2s(0, ascii("abc"))));
        Recorder r = Recorder.read(write(dir, "sections.pcapng", n.bytes()));
        assertEquals(3, r.summary.frames());
        assertEquals(List.of("open 0 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 1", "data 0 c2s @0 +3 frame 3"), r.events);
        assertEquals(1_000_000_000L, r.connections.get(0).firstTimeNanos());
        assertEquals(List.of(2_001_000_000L), r.dataTimes);
    }

    /** if_tsresol with the high bit set: units of 2^-n seconds. */
    @Test
    void syntheticPcapngBinaryTimestampResolution() throws Exception {
        Flow f = basicFlow();
        Pcapng n = new Pcapng(false).iface(1, 0, 0x80 | 10); // 1/1024 s
        n.epb(0, 3 * 1024 + 512, ethernet(f.c2s(0, ascii("x"))));
        Recorder r = Recorder.read(write(dir, "bin.pcapng", n.bytes()));
        assertEquals(List.of(3_500_000_000L), r.dataTimes);
    }

    @Test
    void syntheticGzipPcapAndPcapngDetectedByContent() throws Exception {
        Pcap p = pcapOf(new Pcap(1), basicExchange(basicFlow()), 1000);
        Recorder r = Recorder.read(write(dir, "no-suffix", gzip(p.bytes())));
        assertEquals("pcap.gz", r.summary.format());
        assertEquals(8, r.summary.frames());
        assertEquals(p.size(), r.summary.bytes(), "decompressed size");
        assertEquals(BASIC_EVENTS, r.events);

        Pcapng n = new Pcapng(false).iface(1, 0, -1);
        long t = 0;
        for (byte[] ip : basicExchange(basicFlow())) n.epb(0, t++, ethernet(ip));
        Recorder rn = Recorder.read(write(dir, "x.pcapng.gz", gzip(n.bytes())));
        assertEquals("pcapng.gz", rn.summary.format());
        assertEquals(BASIC_EVENTS, rn.events);
    }

    /** The "modified" pcap format (magic a1b2cd34) has 8 more bytes per record header. */
    @Test
    void syntheticModifiedPcap() throws Exception {
        Flow f = basicFlow();
        byte[] frame = ethernet(f.c2s(0, ascii("modified")));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 24 + frame.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2CD34).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(10).putInt(20).putInt(frame.length).putInt(frame.length).putInt(0).putShort((short) 0).put((byte) 0).put((byte) 0);
        b.put(frame);
        Recorder r = Recorder.read(write(dir, "mod.pcap", b.array()));
        assertEquals(1, r.summary.frames());
        assertEquals(List.of(10_000_020_000L), r.dataTimes);
        assertArrayEquals(ascii("modified"), r.bytes(0, Direction.CLIENT_TO_SERVER));
    }

    /** Record offsets in warnings are offsets in the file (here: the second record starts at 24 + 16 + len1). */
    @Test
    void syntheticRecordOffsetsAreFileOffsets() throws Exception {
        Flow f = basicFlow();
        byte[] first = ethernet(f.syn());
        Pcap p = new Pcap(1).add(T0, first).add(T0, new byte[] {1, 2, 3}); // 3-byte frame: too short for Ethernet
        p.add(T0, ethernet(tcp4("10.0.0.1", 1, "10.0.0.2", 2, 0, 0, 0x10, new byte[0]))); // fine
        byte[] bad = ethernet(f.c2s(0, ascii("z")));
        bad[14 + 20 + 12] = 0x40; // TCP data offset 4 words = 16 bytes: invalid
        p.add(T0, bad);
        Recorder r = Recorder.read(write(dir, "off.pcap", p.bytes()));
        long expectedOffset = 24 + (16 + first.length) + (16 + 3) + (16 + 54);
        assertEquals(List.of("frame 4 @" + expectedOffset + ": TCP header length 16 is less than 20: segment ignored"), r.warningTexts());
        assertTrue(r.warnings.get(0).toString().endsWith("off.pcap, frame 4, offset " + expectedOffset
                + ": TCP header length 16 is less than 20: segment ignored"), r.warnings.get(0).toString());
    }
}
