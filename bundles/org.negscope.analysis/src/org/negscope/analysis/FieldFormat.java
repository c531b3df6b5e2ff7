package org.negscope.analysis;

import java.util.List;
import java.util.UUID;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.SecurityMode;

/**
 * The value formats of the JSON contract (docs/cli.md) — the one formatter of SMB2 field values, shared by differences,
 * summaries, the CLI text, the probe and the report tables.
 */
public final class FieldFormat {
    private FieldFormat() {}

    public static String capabilities(long caps) { return hex(caps & 0xffffffffL, 8); }
    public static String securityMode(int mode) { return hex(mode & 0xffff, 4); }
    public static String guid(UUID g) { return g.toString(); }
    public static String dialect(int d) { return Dialect.name(d); }
    /** Dialects list as text: "[2.0.2, 2.1, 3.0, 3.0.2]". */
    public static String dialects(int[] ds) { return Dialect.names(ds).toString(); }

    /** Names of the bits that differ, e.g. "LARGE_MTU differs" / "LARGE_MTU, ENCRYPTION differ". */
    static String capabilityBitsDiffering(long a, long b) {
        return bitsDiffering(Capabilities.names((int) (a ^ b)));
    }

    static String securityModeBitsDiffering(int a, int b) {
        return bitsDiffering(SecurityMode.names((a ^ b) & 0xffff));
    }

    private static String bitsDiffering(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        return String.join(", ", names) + (names.size() == 1 ? " differs" : " differ");
    }

    /**
     * "0x" and at least {@code digits} lower-case hex digits: String.format("0x%0<digits>x", v) for v >= 0, without a
     * java.util.Formatter, which parses the pattern and looks up locale data on every call.
     */
    public static String hex(long v, int digits) {
        String h = Long.toHexString(v);
        StringBuilder b = new StringBuilder(2 + Math.max(digits, h.length())).append("0x");
        for (int i = h.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(h).toString();
    }

    /**
     * "0.4 ms", "3 ms", "2.5 s": for "… 3 ms after frame 13". The text is that of String.format(Locale.ROOT, "%.1f ms",
     * nanos / 1e6) and "%.1f s" (tenths rounded half up), computed in integers: it is called several times for every
     * connection and a Formatter is expensive. From 10^15 ns (11.6 days) on, nanos / 1e9 has more significant digits
     * than a double holds and Formatter rounds an approximation, so there the Formatter itself keeps the text identical.
     */
    static String duration(long nanos) {
        if (nanos < 0) {
            nanos = 0;
        }
        if (nanos < 1_000_000L) {
            return tenths((nanos + 50_000L) / 100_000L, " ms");
        }
        if (nanos < 999_500_000L) {
            return (nanos + 500_000L) / 1_000_000L + " ms";
        }
        if (nanos >= 1_000_000_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
        }
        return tenths((nanos + 50_000_000L) / 100_000_000L, " s");
    }

    /** "12.3" + unit for 123 tenths. */
    private static String tenths(long tenths, String unit) {
        return new StringBuilder(24).append(tenths / 10).append('.').append(tenths % 10).append(unit).toString();
    }
}
