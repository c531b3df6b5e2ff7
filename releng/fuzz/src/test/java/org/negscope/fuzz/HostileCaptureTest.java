package org.negscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.capture.CaptureOptions;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Smb2StreamDecoder;

/**
 * SYNTHETIC hostile captures through the real reader: overlapping TCP segments with conflicting bytes,
 * sequence jumps of 2^31, snap-length cuts on every packet, more connections than the cap, a pcapng
 * section with 70000 interfaces and endless empty options. Each gives warnings naming file, frame and byte
 * offset, the stream contract holds ({@link ReaderOracle}), and the rest of the capture is still read.
 */
class HostileCaptureTest {
    static final Duration BOUND = Duration.ofSeconds(20);
    static final int C2S = 0, S2C = 1;

    @TempDir Path dir;

    /** Collects what the reader delivers, per direction of the first connection. */
    static final class Streams implements StreamListener {
        final ByteArrayOutputStream[] bytes = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        final List<long[]> gaps = new ArrayList<>();
        final List<CaptureWarning> warnings = new ArrayList<>();
        final Smb2StreamDecoder[] smb = new Smb2StreamDecoder[2];
        final List<Smb2Message> messages = new ArrayList<>();
        int connections;

        Streams() {
            Smb2Listener l = new Smb2Listener() { @Override public void message(Smb2Message m) { messages.add(m); } };
            smb[0] = new Smb2StreamDecoder(l, 4096);
            smb[1] = new Smb2StreamDecoder(l, 4096);
        }
        @Override public void connectionOpened(TcpConnection c) { connections++; }
        @Override public void data(TcpConnection c, Direction d, ByteBuffer b, long off, long frame, long t) {
            if (c.index() != 0) return;
            ByteBuffer copy = b.duplicate();
            byte[] x = new byte[copy.remaining()];
            copy.get(x);
            if (bytes[d.ordinal()].size() < 1 << 20) bytes[d.ordinal()].writeBytes(x);
            smb[d.ordinal()].feed(b, off, frame, t);
        }
        @Override public void gap(TcpConnection c, Direction d, long off, long missing, long frame) {
            if (c.index() != 0) return;
            gaps.add(new long[] {d.ordinal(), off, missing, frame});
            smb[d.ordinal()].gap(off, missing, frame);
        }
        @Override public void warning(CaptureWarning w) { warnings.add(w); }
    }

    /** File offset of record {@code frame} (1-based) of a pcap written by {@link SyntheticPcap}. */
    static long recordOffset(byte[] pcap, int frame) {
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        long p = 24;
        for (int i = 1; i < frame; i++) p += 16 + b.getInt((int) p + 8);
        return p;
    }

    static byte[] fill(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    CaptureSummary read(byte[] pcap, Streams s, CaptureOptions o) throws Exception {
        Path f = dir.resolve("hostile.pcap");
        Files.write(f, pcap);
        ReaderOracle.Outcome outcome = assertTimeoutPreemptively(BOUND, () -> ReaderOracle.read(pcap, o, s));
        assertTrue(outcome != ReaderOracle.Outcome.REFUSED);
        return CaptureReader.read(f, new StreamListener() {
            @Override public void data(TcpConnection c, Direction d, ByteBuffer b, long off, long frame, long t) {}
        }, Progress.NONE, o);
    }

    @Test
    void overlappingSegmentsWithConflictingDataKeepTheFirstSeenBytesAndSayWhere() throws Exception {
        SyntheticPcap p = new SyntheticPcap()
                .segment(false, SyntheticPcap.SYN, 999, 0, new byte[0])                              // 1
                .segment(false, SyntheticPcap.ACK, 1000, 1, fill('A', 100))                          // 2: [0,100)
                .segment(false, SyntheticPcap.ACK, 1150, 1, fill('C', 100))                          // 3: [150,250), out of order
                .segment(false, SyntheticPcap.ACK, 1050, 1, fill('B', 150));                         // 4: [50,200), conflicts twice
        byte[] pcap = p.bytes();
        Streams s = new Streams();
        read(pcap, s, CaptureOptions.DEFAULTS);
        byte[] expected = new byte[250];
        Arrays.fill(expected, 0, 100, (byte) 'A');
        Arrays.fill(expected, 100, 150, (byte) 'B');
        Arrays.fill(expected, 150, 250, (byte) 'C');
        assertArrayEquals(expected, s.bytes[C2S].toByteArray(), "first-seen bytes win");
        long off4 = recordOffset(pcap, 4);
        assertEquals(2, s.warnings.size(), String.valueOf(s.warnings));
        for (CaptureWarning w : s.warnings) {
            assertEquals(4, w.frame(), w.toString());
            assertEquals(off4, w.offset(), w.toString());
            assertTrue(w.file().endsWith(".cap") || w.file().endsWith(".pcap"), w.toString());
        }
        assertTrue(s.warnings.get(0).message().contains("overlapping data differs from the data seen first (50 of 50 bytes, first at stream offset 50)"),
                s.warnings.get(0).message());
        assertTrue(s.warnings.get(1).message().contains("(50 of 50 bytes, first at stream offset 150)"), s.warnings.get(1).message());
    }

    @Test
    void sequenceJumpOfAlmost2To31BecomesAGapAndTheStreamGoesOn() throws Exception {
        byte[] msg = SyntheticPcap.nbss(SyntheticPcap.smb2(Smb2Command.NEGOTIATE, false, 1, 0, 0));
        int far = 1000 + msg.length + Integer.MAX_VALUE; // 2^31 - 1 bytes after the end of the first message
        SyntheticPcap p = new SyntheticPcap()
                .segment(false, SyntheticPcap.SYN, 999, 0, new byte[0])
                .segment(false, SyntheticPcap.ACK | SyntheticPcap.PSH, 1000, 1, msg)
                .segment(false, SyntheticPcap.ACK | SyntheticPcap.PSH, far, 1, msg)
                .segment(true, SyntheticPcap.ACK, 1, far + msg.length, new byte[0]); // the server acknowledges it all
        byte[] pcap = p.bytes();
        Streams s = new Streams();
        read(pcap, s, CaptureOptions.DEFAULTS);
        assertEquals(1, s.gaps.size(), "one gap");
        long[] g = s.gaps.get(0);
        assertEquals(msg.length, g[1]);
        assertEquals(Integer.MAX_VALUE, g[2], "2^31 - 1 bytes missing");
        assertEquals(2, s.messages.size(), "the message after the jump is still decoded");
        assertEquals(msg.length + (long) Integer.MAX_VALUE + 4, s.messages.get(1).streamOffset());
        CaptureWarning w = s.warnings.get(0);
        assertTrue(w.message().contains(Integer.MAX_VALUE + " bytes missing at stream offset " + msg.length), w.toString());
        assertEquals(3, w.frame(), "the frame whose data follows the gap");
        assertEquals(recordOffset(pcap, 3), w.offset());
    }

    @Test
    void everyPacketCutBySnapLengthWarnsOnceAndLeavesGaps() throws Exception {
        SyntheticPcap p = new SyntheticPcap().segment(false, SyntheticPcap.SYN, 999, 0, new byte[0]);
        int n = 3000;
        for (int i = 0; i < n; i++) p.segment(1, 50000, false, SyntheticPcap.ACK, 1000 + 1100 * i, 1, fill('x', 100), 1000);
        byte[] pcap = p.bytes();
        Streams s = new Streams();
        CaptureSummary sum = read(pcap, s, CaptureOptions.DEFAULTS);
        assertEquals(n + 1, sum.frames());
        long snap = s.warnings.stream().filter(w -> w.message().startsWith("TCP payload cut by the capture's snap length")).count();
        assertEquals(1, snap, "the snap length is reported once");
        CaptureWarning first = s.warnings.get(0);
        assertEquals(2, first.frame());
        assertEquals(recordOffset(pcap, 2), first.offset());
        assertEquals(n, s.gaps.size(), "each cut is a gap of the stream");
        assertEquals(100L * n, s.bytes[C2S].size(), "every captured byte delivered");
        assertTrue(sum.warnings().size() <= CaptureOptions.DEFAULTS.maxWarnings() + 1, "warnings capped: " + sum.warnings().size());
        assertTrue(sum.warnings().get(sum.warnings().size() - 1).message().contains("further warnings not kept"));
    }

    @Test
    void moreConnectionsThanTheCapAreForgottenWithOneWarning() throws Exception {
        SyntheticPcap p = new SyntheticPcap();
        for (int i = 0; i < 10; i++) p.segment(i + 1, 50000 + i, false, SyntheticPcap.SYN, 999, 0, new byte[0], 0);
        byte[] pcap = p.bytes();
        Streams s = new Streams();
        read(pcap, s, CaptureOptions.DEFAULTS.withMaxConnections(4));
        assertEquals(10, s.connections);
        List<CaptureWarning> cap = s.warnings.stream().filter(w -> w.message().startsWith("more than 4 TCP connections at once")).toList();
        assertEquals(1, cap.size(), String.valueOf(s.warnings));
        assertEquals(5, cap.get(0).frame());
        assertEquals(recordOffset(pcap, 5), cap.get(0).offset());
    }

    @Test
    void pcapngWith70000InterfacesAndEndlessEmptyOptions() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(block(0x0A0D0D0A, le(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array()));
        // interface 0: its options are 20000 empty comments (code 1, length 0) before the end of options
        ByteBuffer opts = le(8 + 4 * 20_000 + 4);
        opts.putShort((short) 1).putShort((short) 0).putInt(0);
        for (int i = 0; i < 20_000; i++) opts.putShort((short) 1).putShort((short) 0);
        opts.putInt(0);
        o.writeBytes(block(1, opts.array()));
        int idbs = 70_000;
        long capWarningAt = -1;
        for (int i = 1; i < idbs; i++) {
            if (i == 65536) capWarningAt = o.size();
            o.writeBytes(block(1, le(8).putShort((short) 1).putShort((short) 0).putInt(0).array()));
        }
        byte[] frame = new SyntheticPcap().segment(false, SyntheticPcap.SYN, 999, 0, new byte[0]).bytes();
        byte[] data = Arrays.copyOfRange(frame, 40, frame.length);
        int[] interfaces = {0, idbs - 1};
        long unknownAt = -1;
        for (int itf : interfaces) {
            if (itf != 0) unknownAt = o.size();
            ByteBuffer epb = le(20 + data.length);
            epb.putInt(itf).putInt(0).putInt(0).putInt(data.length).putInt(data.length).put(data);
            o.writeBytes(block(6, epb.array()));
        }
        byte[] file = o.toByteArray();
        Streams s = new Streams();
        CaptureSummary sum = read(file, s, CaptureOptions.DEFAULTS);
        assertEquals(2, sum.frames());
        assertEquals(1, s.connections, "the packet of interface 0 is read: " + s.warnings);
        assertEquals(2, s.warnings.size(), String.valueOf(s.warnings));
        assertEquals("more than 65536 interfaces in one section: further ones ignored", s.warnings.get(0).message());
        assertEquals(capWarningAt, s.warnings.get(0).offset());
        assertEquals("packet names interface 69999 but the section describes 65536", s.warnings.get(1).message());
        assertEquals(2, s.warnings.get(1).frame());
        assertEquals(unknownAt, s.warnings.get(1).offset());
    }

    static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    static byte[] block(int type, byte[] body) {
        int pad = (4 - body.length % 4) % 4;
        int len = 12 + body.length + pad;
        return le(len).putInt(type).putInt(len).put(body).put(new byte[pad]).putInt(len).array();
    }
}
