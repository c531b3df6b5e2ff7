package org.negscope.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;

/** The ring of pcapng files, without capture rights: frames built here, read back with the capture bundle's reader. */
class RingWriterTest {
    /** An Ethernet/IPv4/TCP frame of one connection carrying {@code payload} bytes at {@code seq}. */
    static byte[] frame(int seq, int payload) {
        byte[] f = new byte[14 + 20 + 20 + payload];
        f[12] = 0x08; // IPv4
        f[14] = 0x45;
        int ipLen = 40 + payload;
        f[16] = (byte) (ipLen >> 8); f[17] = (byte) ipLen;
        f[22] = 64; f[23] = 6; // TTL, TCP
        f[26] = 10; f[29] = 1; // 10.0.0.1
        f[30] = 10; f[33] = 2; // 10.0.0.2
        f[34] = (byte) 0xC0; f[35] = 0x01; // port 49153
        f[36] = 0x01; f[37] = (byte) 0xBD; // port 445
        f[38] = (byte) (seq >>> 24); f[39] = (byte) (seq >>> 16); f[40] = (byte) (seq >>> 8); f[41] = (byte) seq;
        f[46] = 0x50; f[47] = 0x18; // header length 20, PSH+ACK
        for (int i = 0; i < payload; i++) f[54 + i] = (byte) i;
        return f;
    }

    @Test
    void ringKeepsTheNewestFilesWithinItsBound(@TempDir Path dir) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        int seq = 1;
        for (int i = 0; i < 60; i++) {
            byte[] f = frame(seq, 1000);
            seq += 1000;
            frames.add(f);
        }
        RingWriter w = new RingWriter(dir, "t", 3, 8192, 1, 65535, "test");
        long t = 1_700_000_000_000_000_000L;
        for (byte[] f : frames) w.write(t += 1_000_000, f, 0, f.length, f.length);
        w.close();

        List<Path> kept = w.files();
        assertEquals(3, kept.size(), "ring of 3 files: " + kept);
        assertFalse(w.deleted().isEmpty(), "60 frames of ~1 KiB do not fit in 3 × 8 KiB");
        for (Path d : w.deleted()) assertFalse(Files.exists(d), d + " should be deleted");
        try (var s = Files.list(dir)) {
            assertEquals(3, s.count(), "only the ring's files are left in the directory");
        }
        long frameTotal = 0;
        for (Path f : kept) {
            assertTrue(Files.size(f) <= 8192, f + " is " + Files.size(f) + " bytes, above the 8 KiB bound");
            CaptureSummary s = CaptureReader.read(f, new Counting(), Progress.NONE);
            assertEquals("pcapng", s.format());
            assertTrue(s.warnings().isEmpty(), "a ring file reads without warnings: " + s.warnings());
            assertTrue(s.frames() > 0);
            frameTotal += s.frames();
        }
        // 7 frames of 1088 bytes (1054 + 34 block overhead) fit in 8 KiB after the 72-byte header: the deleted
        // files held the oldest frames, the kept ones the newest
        assertEquals(60, w.deleted().size() * 7L + frameTotal);
        assertEquals(dir.resolve("t-" + String.format("%05d", w.deleted().size() + 3) + ".pcapng"), kept.get(2));
    }

    @Test
    void aFrameLargerThanTheFileSizeStillGetsWritten(@TempDir Path dir) throws Exception {
        byte[] big = frame(1, 6000);
        try (RingWriter w = new RingWriter(dir, "big", 2, 4096, 1, 65535, "test")) {
            w.write(1, big, 0, big.length, big.length);
            w.write(2, big, 0, big.length, big.length);
            w.close();
            assertEquals(2, w.files().size(), "one frame per file when a frame exceeds the size");
            for (Path f : w.files()) assertEquals(1, CaptureReader.read(f, new Counting(), Progress.NONE).frames());
        }
    }

    @Test
    void settingsRejectARingThatCannotWork(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> new RingWriter(dir, "x", 0, 1 << 20, 1, 65535, "t"));
        assertThrows(IllegalArgumentException.class, () -> new RingWriter(dir, "x", 1, 100, 1, 65535, "t"));
        assertThrows(IllegalArgumentException.class, () -> LiveSettings.of("lo", dir).withRing(0, 1 << 20));
        assertEquals(LiveSettings.DEFAULT_FILTER, LiveSettings.of("lo", dir).withFilter("  ").filter());
    }

    static final class Counting implements StreamListener {
        long bytes;
        @Override public void data(TcpConnection c, Direction d, java.nio.ByteBuffer b, long off, long frame, long t) {
            bytes += b.remaining();
        }
    }
}
