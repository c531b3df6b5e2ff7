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
}
