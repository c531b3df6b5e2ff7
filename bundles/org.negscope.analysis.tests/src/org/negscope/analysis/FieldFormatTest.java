package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FieldFormat builds its texts without java.util.Formatter (it runs for every connection of a capture); these
 * tests pin that the texts stay exactly what String.format gave, above all at the half-up rounding boundaries.
 */
class FieldFormatTest {
    /** The Formatter-based definition the integer code must reproduce. */
    private static String formatted(long nanos) {
        long n = Math.max(0, nanos);
        if (n < 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f ms", n / 1e6);
        }
        if (n < 999_500_000L) {
            return (n + 500_000L) / 1_000_000L + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", n / 1e9);
    }

    private static void same(long nanos) {
        assertEquals(formatted(nanos), FieldFormat.duration(nanos), "duration(" + nanos + ")");
    }

    @Test
    void examples() {
        assertEquals("0.0 ms", FieldFormat.duration(-5));
        assertEquals("0.0 ms", FieldFormat.duration(49_999));
        assertEquals("0.1 ms", FieldFormat.duration(50_000));
        assertEquals("0.4 ms", FieldFormat.duration(400_000));
        assertEquals("1.0 ms", FieldFormat.duration(999_999));
        assertEquals("3 ms", FieldFormat.duration(3_000_000));
        assertEquals("999 ms", FieldFormat.duration(999_499_999));
        assertEquals("1.0 s", FieldFormat.duration(999_500_000));
        assertEquals("2.5 s", FieldFormat.duration(2_450_000_000L));
        assertEquals("2.4 s", FieldFormat.duration(2_449_999_999L));
        assertEquals("86400.0 s", FieldFormat.duration(86_400_000_000_000L));
    }

    @Test
    void durationIsStringFormatAtEveryRoundingBoundary() {
        for (long n = -3; n < 1_000_000L; n += 50_000L) {
            for (long d = -2; d <= 2; d++) {
                same(n + d);
            }
        }
        for (long n = 999_400_000L; n < 1_000_100_000L; n += 997) {
            same(n);
        }
        Random r = new Random(6);
        // seconds: k.k5 exactly and 1 ns either side, from 1 s up past the 10^15 ns where the Formatter takes over
        for (long scale : new long[] {10_000_000_000L, 1_000_000_000_000L, 100_000_000_000_000L, 10_000_000_000_000_000L}) {
            for (int i = 0; i < 2_000; i++) {
                long half = Math.floorMod(r.nextLong(), scale) / 100_000_000L * 100_000_000L + 50_000_000L;
                same(half - 1);
                same(half);
                same(half + 1);
                same(Math.floorMod(r.nextLong(), scale));
            }
        }
        same(999_999_999_999_999L);
        same(1_000_000_000_000_000L);
        same(Long.MAX_VALUE);
        same(Long.MIN_VALUE);
    }

    @Test
    void hexTextsAreStringFormats() {
        Random r = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            long caps = r.nextLong();
            int mode = r.nextInt();
            assertEquals(String.format("0x%08x", caps & 0xffffffffL), FieldFormat.capabilities(caps));
            assertEquals(String.format("0x%04x", mode & 0xffff), FieldFormat.securityMode(mode));
            int command = r.nextInt(0x10000);
            assertEquals(String.format("0x%02x", command), FieldFormat.hex(command, 2));
        }
        assertEquals("0x00000000", FieldFormat.capabilities(0));
        assertEquals("0xffffffff", FieldFormat.capabilities(-1));
        assertEquals("0x0000", FieldFormat.securityMode(0));
        assertEquals("0x0a", FieldFormat.hex(10, 2));
        assertEquals("0x1234", FieldFormat.hex(0x1234, 2));
    }
}
