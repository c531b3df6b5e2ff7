package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SYNTHETIC ETL traces ({@link SyntheticEtl}) for what no real trace shows: SMB2 inside NDIS-PacketCapture events,
 * packets split into several 1001 fragments, two CPUs' buffers interleaved, compressed buffers, damage. The packets
 * are those of a real Samba capture; the ETL must give exactly the pcap's streams.
 */
class EtlSyntheticTest {
    @TempDir Path dir;

    static final Path SAMBA = TestData.repoRoot().resolve("releng/captures/samba-3.0-clean.pcap");

    @ParameterizedTest(name = "cpus {0}, fragment {1}, compressed {2}")
    @CsvSource({"1, 100000, false", "2, 100000, false", "2, 97, false", "1, 100000, true", "3, 200, true"})
    void smbInsideEtlEqualsThePcap(int cpus, int fragment, boolean compressed) throws Exception {
        SyntheticEtl s = new SyntheticEtl();
        s.cpus = cpus;
        s.maxFragment = fragment;
        s.compress = compressed;
        Path etl = dir.resolve("synthetic.etl");
        Files.write(etl, SyntheticEtl.fromPcap(SAMBA, s).build());
        Recorder fromPcap = Recorder.read(SAMBA);
        Recorder fromEtl = Recorder.read(etl);
        assertEquals("etl", fromEtl.summary.format());
        assertEquals(fromPcap.summary.frames(), fromEtl.summary.frames(), "one frame per packet, fragments joined");
        assertEquals(List.of(), fromEtl.summary.warnings());
        assertEquals(fromPcap.events, fromEtl.events, "same callbacks, frames and offsets in the same order");
        for (int c = 0; c < fromPcap.connections.size(); c++) {
            for (Direction d : Direction.values()) assertArrayEquals(fromPcap.bytes(c, d), fromEtl.bytes(c, d));
        }
        assertEquals(fromPcap.dataTimes, fromEtl.dataTimes, "timestamps from the trace clock");
        assertEquals(List.of(), fromEtl.contractViolations);
    }

    /** The decompressor against the encoder on data with long runs (every length form) and random bytes. */
    @Test
    void lz77RoundTrip() {
        java.util.Random r = new java.util.Random(7);
        for (int size : new int[] {0, 1, 31, 32, 33, 1000, 70_000, 300_000}) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) data[i] = (byte) (i % 5000 < 2500 ? 'A' : r.nextInt(4));
            byte[] packed = SyntheticEtl.Lz77Encoder.encode(data);
            byte[] out = new byte[size];
            XpressLz77 lz = new XpressLz77();
            assertEquals(size, lz.decompress(packed, 0, packed.length, out, 0, size), "size " + size);
            assertArrayEquals(data, out);
        }
    }

    /** Damage inside a compressed buffer: a warning with the file offset; the other buffers are still read. */
    @Test
    void damagedCompressedBuffer() throws Exception {
        SyntheticEtl s = new SyntheticEtl();
        s.compress = true;
        s.cpus = 2;
        byte[] etl = SyntheticEtl.fromPcap(SAMBA, s).build();
        // the second data buffer: its compressed bytes become a match that reaches before the start
        int first = 1024, second = first + ByteBuffer.wrap(etl, first, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        Arrays.fill(etl, second + 72, second + 72 + 4, (byte) 0xFF);   // all items are matches
        Arrays.fill(etl, second + 76, second + 78, (byte) 0xFF);       // offset 8192: nothing written yet
        Path f = dir.resolve("damaged.etl");
        Files.write(f, etl);
        Recorder r = Recorder.read(f);
        Recorder whole = Recorder.read(SAMBA);
        assertTrue(r.summary.warnings().stream().anyMatch(w -> w.message().startsWith("compressed ETL buffer damaged")
                && w.offset() == second + 72 + 4), r.summary.warnings().toString());
        assertTrue(r.summary.frames() > 0 && r.summary.frames() < whole.summary.frames(), "the other buffers' packets are read");
    }

    /** A trace cut in the middle of a buffer: a warning naming the offset, the packets before it analysed. */
    @Test
    void truncatedTrace() throws Exception {
        SyntheticEtl s = new SyntheticEtl();
        byte[] etl = SyntheticEtl.fromPcap(SAMBA, s).build();
        int cut = 1024 + 4096 + 100;
        Path f = dir.resolve("cut.etl");
        Files.write(f, Arrays.copyOf(etl, cut));
        Recorder r = Recorder.read(f);
        assertTrue(r.summary.warnings().stream().anyMatch(w -> w.offset() == 1024 + 4096
                && w.message().contains("cut by the end of the file")), r.summary.warnings().toString());
        assertTrue(r.summary.frames() > 0);
    }

    /** A damaged record size: the rest of that buffer is skipped with a warning, later buffers are read. */
    @Test
    void damagedRecordSize() throws Exception {
        SyntheticEtl s = new SyntheticEtl();
        byte[] etl = SyntheticEtl.fromPcap(SAMBA, s).build();
        int record = 1024 + 72;
        etl[record] = 0x10; etl[record + 1] = 0; // 16 bytes: less than an EVENT_HEADER
        Path f = dir.resolve("badsize.etl");
        Files.write(f, etl);
        Recorder r = Recorder.read(f);
        assertTrue(r.summary.warnings().stream().anyMatch(w -> w.offset() == record && w.message().contains("is damaged")),
                r.summary.warnings().toString());
        assertTrue(r.summary.frames() > 0);
    }

    /**
     * PktMon copies (SYNTHETIC, builds that link copies by PktGroupId): a received packet is analysed at its first
     * appearance, a sent one at its last (nearest the adapter, here logged as 802.11 after two Ethernet copies);
     * every event keeps its frame number; copies whose IP bytes differ are reported once.
     */
    @Test
    void pktmonCopiesAnalysedOnceNearestTheAdapter() throws Exception {
        byte[] syn = SyntheticCapture.tcp4("10.0.0.1", 50000, "10.0.0.2", 445, 1000, 0, 0x02, new byte[0]);
        byte[] synAck = SyntheticCapture.tcp4("10.0.0.2", 445, "10.0.0.1", 50000, 5000, 1001, 0x12, new byte[0]);
        byte[] data = SyntheticCapture.tcp4("10.0.0.1", 50000, "10.0.0.2", 445, 1001, 5001, 0x18, "hello".getBytes());
        byte[] changed = SyntheticCapture.tcp4("10.0.0.1", 50000, "10.0.0.2", 445, 1001, 5001, 0x18, "HELLO".getBytes());
        byte[] snap = {(byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0, 8, 0};
        byte[] wifiHeader = new byte[24];
        wifiHeader[0] = 0x08; wifiHeader[1] = 0x01;
        SyntheticEtl s = new SyntheticEtl();
        long t = SyntheticEtl.START_FILETIME + 10_000;
        int tx = EtlPackets.PKTMON_TX, rx = EtlPackets.PKTMON_RX;
        s.pktmon(0, t, 1, 1, 1, tx, 1, 70, SyntheticCapture.ethernet(syn));                                      // frame 1
        s.pktmon(0, t + 1, 1, 1, 2, tx, 1, 60, SyntheticCapture.ethernet(syn));                                  // frame 2
        s.pktmon(0, t + 2, 1, 1, 3, tx, 2, 10, SyntheticCapture.concat(wifiHeader, snap, syn));                   // frame 3: analysed
        s.pktmon(0, t + 10, 2, 1, 1, rx, 1, 10, SyntheticCapture.ethernet(synAck));                              // frame 4: analysed
        s.pktmon(0, t + 11, 2, 1, 2, rx, 1, 60, SyntheticCapture.ethernet(synAck));                              // frame 5
        s.pktmon(0, t + 20, 3, 1, 1, tx, 1, 70, SyntheticCapture.ethernet(data));                                // frame 6
        s.pktmon(0, t + 21, 3, 1, 2, tx, 1, 10, SyntheticCapture.ethernet(changed));                             // frame 7: analysed, differs
        Path f = dir.resolve("pktmon.etl");
        Files.write(f, s.build());
        Recorder r = Recorder.read(f);
        assertEquals(7, r.summary.frames());
        assertEquals(4, r.summary.duplicates());
        assertEquals("open 0 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 3", r.events.get(0));
        assertTrue(r.events.contains("data 0 c2s @0 +5 frame 7"), r.events.toString());
        assertArrayEquals("HELLO".getBytes(), r.bytes(0, Direction.CLIENT_TO_SERVER), "the copy nearest the adapter");
        assertEquals(1, r.summary.warnings().size(), r.summary.warnings().toString());
        assertTrue(r.summary.warnings().get(0).message().contains("differ in their IP bytes"));
        assertEquals(7, r.summary.warnings().get(0).frame());
    }
}
