package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.negscope.capture.CaptureOptions;

/**
 * Fuzz target: the Message Analyzer (.matp) reader: zip handling (entry names with path tricks, many entries, a
 * highly compressible part: the inflation limit), the scan for NDIS 1001 records in .mmstream parts and the
 * time-order window. Byte 0 chooses the package shape; the rest is the content of the stream part (seeds: the
 * first records of the real packages' stream parts) or, for shape 0, the whole file as it is.
 */
class MatpReaderFuzz {
    static final FuzzStats STATS = new FuzzStats("MatpReader");
    private static final CaptureOptions SMALL = CaptureOptions.DEFAULTS.withBufferSize(4096).withMaxRecordLength(1 << 16).withMaxWarnings(20);

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length == 0) return;
        int shape = data[0] & 7;
        byte[] part = Arrays.copyOfRange(data, 1, data.length);
        byte[] file = shape == 0 ? data : zip(shape, part);
        boolean small = (data[0] & 8) != 0;
        STATS.outcome(ReaderOracle.read(file, small ? SMALL : CaptureOptions.DEFAULTS, null).name());
    }

    /** A package around one stream part: plain, split in two parts, with hostile names, or after a zip bomb. */
    static byte[] zip(int shape, byte[] part) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(shape == 5 ? 9 : 1);
            put(z, "[Content_Types].xml", "<Types/>".getBytes());
            switch (shape) {
                case 2 -> {
                    put(z, "a.mmstream", Arrays.copyOfRange(part, 0, part.length / 2));
                    put(z, "b.mmstream", Arrays.copyOfRange(part, part.length / 2, part.length));
                }
                case 3 -> put(z, "../../../etc/negscope-fuzz.mmstream", part);
                case 4 -> put(z, "/abs\u0000olute\\..\\x.mmstream", part);
                case 5 -> {
                    put(z, "bomb.mmstream", new byte[8 << 20]); // 8 MiB of zeros: inflates ~1000:1
                    put(z, "s.mmstream", part);
                }
                case 6 -> {
                    for (int i = 0; i < 300; i++) put(z, "e" + i + ".mmsection", new byte[0]);
                    put(z, "s.mmstream", part);
                }
                default -> put(z, "s.mmstream", part);
            }
            z.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ZipOutputStream z, String name, byte[] content) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(content);
        z.closeEntry();
    }

    @AfterAll static void report() { STATS.report(); }
}
