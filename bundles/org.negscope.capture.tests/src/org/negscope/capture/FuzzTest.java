package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies (SYNTHETIC damage with a fixed seed) of real captures: whatever the damage, the
 * reader either refuses the file with a CaptureException or reads it with warnings, never throws
 * anything else, and the stream callbacks still tile each direction.
 */
class FuzzTest {
    @TempDir Path dir;

    @Test void damagedCopiesNeverCrash() throws Exception {
        Random rnd = new Random(20261125);
        int refused = 0, warned = 0, runs = 0;
        for (String name : List.of("zeek-smb3.pcap", "zeek-smb2-zero-byte-error-ioctl.pcapng", "msod-fasod-ex1-win10-ws2019-workgroup.pcapng")) {
            byte[] orig = Files.readAllBytes(TestData.external(name));
            for (int i = 0; i < 60; i++) {
                byte[] b = mutate(orig, rnd);
                if (i % 20 == 0) b[rnd.nextInt(4)] ^= 0x55; // now and then the magic itself
                if (i % 10 == 9) b = SyntheticCapture.gzip(b);
                Path f = SyntheticCapture.write(dir, "fuzz" + runs++, b);
                Recorder r = new Recorder();
                try {
                    CaptureSummary s = CaptureReader.read(f, r, Progress.NONE, CaptureOptions.DEFAULTS.withMaxBufferedPerDirection(4096));
                    if (!s.warnings().isEmpty()) warned++;
                    assertTrue(s.warnings().size() <= 1001);
                } catch (CaptureException e) {
                    refused++;
                    assertTrue(e.getMessage().startsWith(f + ", offset "), e.getMessage());
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("crash on mutation " + i + " of " + name + ": " + e, e);
                }
                assertEquals(List.of(), r.contractViolations, name + " mutation " + i);
            }
        }
        // the mutations must have exercised both outcomes
        assertTrue(refused > 0 && warned > 0, "refused " + refused + ", warned " + warned);
    }

    private static byte[] mutate(byte[] orig, Random rnd) {
        byte[] b = orig.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> { for (int k = 0; k < 1 + rnd.nextInt(20); k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(); }
            case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case 2 -> { // overwrite a run with random bytes
                int at = rnd.nextInt(b.length), n = Math.min(b.length - at, 1 + rnd.nextInt(200));
                for (int k = 0; k < n; k++) b[at + k] = (byte) rnd.nextInt();
            }
            case 3 -> { // insert junk
                int at = rnd.nextInt(b.length);
                byte[] junk = new byte[1 + rnd.nextInt(100)];
                rnd.nextBytes(junk);
                b = SyntheticCapture.concat(Arrays.copyOf(b, at), junk, Arrays.copyOfRange(b, at, b.length));
            }
            default -> { // damage 4-byte fields at 4-byte boundaries (lengths, sequence numbers)
                for (int k = 0; k < 1 + rnd.nextInt(5); k++) {
                    int at = rnd.nextInt(b.length / 4) * 4;
                    int v = rnd.nextBoolean() ? -1 - rnd.nextInt(16) : rnd.nextInt();
                    for (int j = 0; j < 4 && at + j < b.length; j++) b[at + j] = (byte) (v >>> (8 * j));
                }
            }
        }
        return b;
    }
}
