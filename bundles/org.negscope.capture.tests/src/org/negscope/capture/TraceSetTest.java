package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ETL traces and Message Analyzer packages as members of a capture set ({@link CaptureSet}): a multi-file netsh/pktmon
 * trace reads as one capture, frames numbered across the files, pktmon's copies set aside once per packet.
 */
class TraceSetTest {
    @TempDir Path dir;

    private static Recorder readSet(List<Path> files) throws CaptureException {
        Recorder r = new Recorder();
        r.summary = CaptureSet.read(files, r, Progress.NONE);
        return r;
    }

    /**
     * SYNTHETIC ({@link SyntheticEtl}): a real Samba capture's packets written into two ETL files, first half and
     * second half (given in the wrong order); the set must give exactly the unsplit pcap's streams, frame numbers and
     * times, and the members must say which frames each file holds.
     */
    @Test
    void syntheticSplitEtlEqualsThePcap() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(EtlSyntheticTest.SAMBA)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, b.getInt(0), "a little-endian microsecond pcap");
        Recorder whole = Recorder.read(EtlSyntheticTest.SAMBA);
        long half = whole.summary.frames() / 2;
        SyntheticEtl first = new SyntheticEtl(), second = new SyntheticEtl();
        second.cpus = 2; // the second file's buffers of two CPUs interleave
        b.position(24);
        for (long i = 0; b.remaining() >= 16; i++) {
            long sec = b.getInt() & 0xFFFFFFFFL, usec = b.getInt() & 0xFFFFFFFFL;
            int incl = b.getInt();
            b.getInt();
            (i < half ? first : second).packet(116_444_736_000_000_000L + sec * 10_000_000L + usec * 10, b.array(), b.position(), incl);
            b.position(b.position() + incl);
        }
        Path a = dir.resolve("trace-1.etl"), c = dir.resolve("trace-2.etl");
        Files.write(a, first.build());
        Files.write(c, second.build());
        Recorder set = readSet(List.of(c, a));
        assertEquals("set", set.summary.format());
        assertEquals(whole.summary.frames(), set.summary.frames());
        assertEquals(List.of(), set.summary.warnings());
        assertEquals(whole.events, set.events, "same callbacks with the same set-wide frames in the same order");
        assertEquals(whole.connections.size(), set.connections.size());
        for (int i = 0; i < whole.connections.size(); i++) {
            for (Direction d : Direction.values()) assertArrayEquals(whole.bytes(i, d), set.bytes(i, d));
        }
        assertEquals(whole.dataTimes, set.dataTimes);
        assertEquals(List.of(), set.contractViolations);
        List<CaptureSummary.Member> m = set.summary.members();
        assertEquals(2, m.size());
        assertEquals(a.toString(), m.get(0).path());
        assertEquals("etl", m.get(0).format());
        assertEquals(1, m.get(0).firstFrame());
        assertEquals(half, m.get(0).frames());
        assertEquals(c.toString(), m.get(1).path());
        assertEquals(half + 1, m.get(1).firstFrame());
        assertEquals(whole.summary.frames() - half, m.get(1).frames());
    }

    /**
     * SYNTHETIC: pktmon logs a packet once per network-stack component; a set of two pktmon files (each packet's
     * copies in one file) sets each packet's extra copies aside once and counts them in the set's duplicates.
     */
    @Test
    void pktmonCopiesSetAsideOncePerPacket() throws Exception {
        byte[][] frames = new byte[4][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = ethernetIpv4Tcp(i);
        }
        Path[] files = new Path[2];
        for (int f = 0; f < 2; f++) {
            SyntheticEtl s = new SyntheticEtl();
            for (int i = f * 2; i < f * 2 + 2; i++) {
                long t = SyntheticEtl.START_FILETIME + 10_000 + i * 10_000L;
                // received (dir 1): three components log it, the first appearance is analysed
                for (int appearance = 1; appearance <= 3; appearance++) {
                    s.pktmon(0, t + appearance, 100 + i, i + 1, appearance, 1, 1, appearance, frames[i]);
                }
            }
            files[f] = dir.resolve("pktmon-" + f + ".etl");
            Files.write(files[f], s.build());
        }
        Recorder one = Recorder.read(files[0]), two = Recorder.read(files[1]);
        Recorder set = readSet(List.of(files[1], files[0]));
        assertEquals(one.summary.frames() + two.summary.frames(), set.summary.frames());
        assertEquals(one.summary.duplicates() + two.summary.duplicates(), set.summary.duplicates());
        assertEquals(8, set.summary.duplicates(), "two of each packet's three copies");
        assertEquals(12, set.summary.frames(), "every pktmon event has a frame number");
        assertEquals(one.summary.frames() + 1, set.summary.members().get(1).firstFrame());
    }

    /** An Ethernet/IPv4/TCP frame (a SYN to port 445 from port 40000 + i). */
    private static byte[] ethernetIpv4Tcp(int i) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 20);
        f.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) i).putShort((short) 0).put((byte) 64)
                .put((byte) 6).putShort((short) 0).put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        f.putShort((short) (40000 + i)).putShort((short) 445).putInt(1000).putInt(0).put((byte) 0x50).put((byte) 0x02)
                .putShort((short) 8192).putShort((short) 0).putShort((short) 0);
        return f.array();
    }

    /** Two real pktmon traces as a 2-member set: frames and duplicates add up, data in time order, members counted. */
    @Test
    void twoRealPktmonTracesAsOneSet() throws Exception {
        Path a = TestData.windows("etl-pktmon/nathaniel-a-PktMon.etl"), c = TestData.windows("etl-pktmon/nathaniel-b-PktMon.etl");
        Recorder one = Recorder.read(a), two = Recorder.read(c);
        Recorder set = readSet(List.of(c, a));
        System.out.println("set of " + a.getFileName() + " (" + one.summary.frames() + " frames, " + one.summary.duplicates()
                + " duplicates) and " + c.getFileName() + " (" + two.summary.frames() + ", " + two.summary.duplicates()
                + "): " + set.summary.frames() + " frames, " + set.summary.duplicates() + " duplicates, members "
                + set.summary.members());
        assertEquals(one.summary.frames() + two.summary.frames(), set.summary.frames());
        assertEquals(one.summary.duplicates() + two.summary.duplicates(), set.summary.duplicates());
        assertEquals(2, set.summary.members().size());
        long sum = 0;
        for (CaptureSummary.Member m : set.summary.members()) {
            assertEquals("etl", m.format());
            sum += m.frames();
        }
        assertEquals(set.summary.frames(), sum);
        assertEquals(one.dataTimes.size() + two.dataTimes.size(), set.dataTimes.size(), "every data callback of both files");
        for (int i = 1; i < set.dataTimes.size(); i++) {
            assertTrue(set.dataTimes.get(i) >= set.dataTimes.get(i - 1) - 1_000_000_000L,
                    "data in time order across the files (within the second of reordering one file itself allows), at " + i);
        }
        assertEquals(List.of(), set.contractViolations);
    }

    /** A real Message Analyzer package alone as a 1-member set reads exactly as the single file does. */
    @Test
    void realMatpAsOneMemberSet() throws Exception {
        Path f = TestData.windows("matp/MS-AZOD_Example3_Win2016_X64_Win10_X64_Domain.matp");
        Recorder single = Recorder.read(f);
        Recorder set = readSet(List.of(f));
        assertEquals("set", set.summary.format());
        assertEquals(single.summary.frames(), set.summary.frames());
        assertEquals(single.events, set.events);
        assertEquals(single.dataTimes, set.dataTimes);
        assertEquals(single.warningTexts(), set.warningTexts());
        assertEquals(List.of(new CaptureSummary.Member(f.toString(), "matp", single.summary.frames(), 1, List.of())),
                set.summary.members());
    }

    /** A pcap and an ETL of the same Samba capture's halves (mixed formats) read as the unsplit pcap. */
    @Test
    void mixedPcapAndEtl() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(EtlSyntheticTest.SAMBA)).order(ByteOrder.LITTLE_ENDIAN);
        Recorder whole = Recorder.read(EtlSyntheticTest.SAMBA);
        long half = whole.summary.frames() / 2;
        SyntheticEtl second = new SyntheticEtl();
        java.io.ByteArrayOutputStream pcap = new java.io.ByteArrayOutputStream();
        pcap.write(b.array(), 0, 24);
        b.position(24);
        for (long i = 0; b.remaining() >= 16; i++) {
            int start = b.position();
            long sec = b.getInt() & 0xFFFFFFFFL, usec = b.getInt() & 0xFFFFFFFFL;
            int incl = b.getInt();
            b.getInt();
            if (i < half) pcap.write(b.array(), start, 16 + incl);
            else second.packet(116_444_736_000_000_000L + sec * 10_000_000L + usec * 10, b.array(), b.position(), incl);
            b.position(b.position() + incl);
        }
        Path p = dir.resolve("first.pcap"), e = dir.resolve("second.etl");
        Files.write(p, pcap.toByteArray());
        Files.write(e, second.build());
        Recorder set = readSet(List.of(e, p));
        assertEquals(whole.events, set.events);
        assertEquals(whole.dataTimes, set.dataTimes);
        assertEquals(List.of("pcap", "etl"), set.summary.members().stream().map(CaptureSummary.Member::format).toList());
    }
}
