package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.SecurityMode;

/**
 * The value formats of the JSON contract (docs/cli.md) — the one formatter of SMB2 field values, shared by differences,
 * summaries, the CLI text, the probe, the report tables and the workbench: the values themselves (Capabilities
 * {@code 0x%08x}, SecurityMode {@code 0x%04x}, Guid canonical text, Dialect "3.0.2", Dialects "[2.0.2, 2.1]"), and how
 * the side-by-side tables show them to people ({@link #display}: flag names added, Dialects without brackets).
 */
public final class FieldFormat {
    private FieldFormat() {}

    public static String capabilities(long caps) { return hex(caps & 0xffffffffL, 8); }
    public static String securityMode(int mode) { return hex(mode & 0xffff, 4); }
    public static String guid(UUID g) { return g.toString(); }
    public static String dialect(int d) { return Dialect.name(d); }
    /** Dialects list as text: "[2.0.2, 2.1, 3.0, 3.0.2]". */
    public static String dialects(int[] ds) { return Dialect.names(ds).toString(); }

    /**
     * A value as the side-by-side tables show it: Capabilities and SecurityMode with their flag names ({@link #withNames}),
     * Dialects as "2.0.2, 2.1, 3.0" ({@link #parseList} joined), anything else unchanged; null stays null.
     */
    public static String display(String field, String value) {
        if (value == null) {
            return null;
        }
        if ("Dialects".equals(field)) {
            return String.join(", ", parseList(value));
        }
        return withNames(field, value);
    }

    /** "0x0000004f (DFS, LEASING, LARGE_MTU, MULTI_CHANNEL, ENCRYPTION)", "0x0000 (none)"; the text unchanged if not a number. */
    public static String withNames(String field, String value) {
        if (value == null) {
            return "";
        }
        Long n = parseNumber(value);
        if (n == null) {
            return value;
        }
        List<String> names = flagNames(field, n);
        if (names == null) {
            return value;
        }
        return value + " (" + (names.isEmpty() ? "none" : String.join(", ", names)) + ")";
    }

    /** Flag names of a Capabilities (MS-SMB2 2.2.4) or SecurityMode (2.2.3) value, null for other fields. */
    public static List<String> flagNames(String field, long value) {
        if ("Capabilities".equals(field)) {
            return Capabilities.names((int) value);
        }
        if ("SecurityMode".equals(field)) {
            return SecurityMode.names((int) value);
        }
        return null;
    }

    /** Parses "0x0000004f" (or decimal); null when the text is not a number. */
    public static Long parseNumber(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseLong(t.substring(2), 16);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "[2.0.2, 2.1]" or "2.0.2,2.1" or "2.0.2 2.1" to a list (the Dialects value read back); empty for null/blank. */
    public static List<String> parseList(String s) {
        if (s == null) {
            return List.of();
        }
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String p : t.split("[,\\s]+")) {
            String v = p.replace("\"", "").trim();
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

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
