package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged Network Monitor files: a real one (Microsoft's MS-AUTHSOD Example 3-1, 66 frames, read from
 * ../shared/external-captures-3 and damaged in a temporary copy) with a frame-table entry pointing outside the file,
 * a record length of 2 GiB, the frame table cut by the end of the file, the whole table lost, an unknown version.
 * Each damage is a warning naming the file, the frame and the byte offset, and the rest is still read.
 */
class NetmonDamageTest {
    @TempDir Path tmp;

    static byte[] real() throws Exception {
        Path f = TestData.repoRoot().resolve("../shared/external-captures-3/netmon-cap/MS-AUTHSOD_Example3-1_Win2016_X64_Win2016_X64_Domain.cap")
                .normalize();
        if (!Files.isRegularFile(f)) {
            if ("true".equals(System.getenv("CI"))) fail("third-party NetMon capture missing: " + f);
            Assumptions.abort("third-party NetMon capture missing: " + f);
        }
        return Files.readAllBytes(f);
    }

    private Recorder read(byte[] b, String name) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, b);
        return Recorder.read(f);
    }

    private static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }

    @Test
    void intactFileReadsEveryFrameWithoutWarnings() throws Exception {
        Recorder r = read(real(), "intact.cap");
        assertEquals("netmon", r.summary.format());
        assertEquals(66, r.summary.frames());
        assertEquals(0, r.summary.nonPacketRecords());
        assertEquals(java.util.List.of(), r.summary.warnings());
    }

    @Test
    void aTableEntryOutsideTheFileSkipsThatFrameOnly() throws Exception {
        byte[] b = real();
        int table = le(b).getInt(24);
        le(b).putInt(table + 4 * 9, 0x7FFF_FF00); // frame 10
        Recorder r = read(b, "entry.cap");
        assertEquals(66, r.summary.frames(), "frame numbers stay those of the table");
        // the reader's warning, then what the missing frame means for its TCP stream (the bytes it carried are a gap)
        assertEquals(2, r.summary.warnings().size(), r.summary.warnings().toString());
        assertTrue(r.summary.warnings().get(1).message().contains("124 bytes missing"), r.summary.warnings().toString());
        CaptureWarning w = r.summary.warnings().get(0);
        assertEquals(10, w.frame());
        assertEquals(table + 36, w.offset());
        assertTrue(w.toString().startsWith(tmp.resolve("entry.cap") + ", frame 10, offset " + (table + 36)
                + ": frame table entry points to offset 2147483392, outside the file's " + b.length + " bytes"), w.toString());
    }

    @Test
    void aHostileRecordLengthIsAWarningAndTheRestIsRead() throws Exception {
        byte[] b = real();
        int table = le(b).getInt(24);
        int record = le(b).getInt(table + 4 * 19); // frame 20
        le(b).putInt(record + 12, 0x7FFF_FFFF);
        Recorder intact = read(real(), "intact.cap");
        Recorder r = read(b, "length.cap");
        assertEquals(66, r.summary.frames());
        CaptureWarning w = r.summary.warnings().get(0);
        assertEquals(20, w.frame());
        assertEquals(record, w.offset());
        assertTrue(w.message().startsWith("frame length 2147483647 exceeds the maximum of"), w.message());
        assertTrue(r.connections.size() == intact.connections.size(), "the other frames still make the same connections");
    }

    @Test
    void aFrameTableCutByTheEndOfTheFileLocatesTheFramesItStillHolds() throws Exception {
        byte[] b = real();
        int table = le(b).getInt(24);
        Recorder r = read(Arrays.copyOf(b, table + 4 * 30 + 2), "cut-table.cap");
        assertEquals(30, r.summary.frames());
        CaptureWarning w = r.summary.warnings().get(0);
        assertEquals(24, w.offset());
        assertTrue(w.message().startsWith("frame table (offset " + table + ", 66 entries) runs past the end of the file")
                && w.message().endsWith("only the first 30 frames can be located"), w.message());

        Recorder none = read(Arrays.copyOf(b, table - 100), "no-table.cap");
        assertEquals(0, none.summary.frames());
        assertTrue(none.summary.warnings().get(0).message().endsWith("no frame can be located"), none.summary.warnings().toString());
    }

    @Test
    void anUnknownMajorVersionIsRefusedWithTheOffset() throws Exception {
        byte[] b = real();
        b[5] = 9;
        Path f = tmp.resolve("v9.cap");
        Files.write(f, b);
        CaptureException e = assertThrows(CaptureException.class, () -> Recorder.read(f));
        assertEquals(f + ", offset 5: Network Monitor format version 9.3 is not supported (2.x is)", e.getMessage());
    }

}
