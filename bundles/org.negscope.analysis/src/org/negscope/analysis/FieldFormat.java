package org.negscope.analysis;

import java.util.List;
import java.util.UUID;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.SecurityMode;

/** The value formats of DESIGN §8, shared by differences, summaries and the CLI text. */
final class FieldFormat {
    private FieldFormat() {}

    static String capabilities(long caps) { return String.format("0x%08x", caps & 0xffffffffL); }
    static String securityMode(int mode) { return String.format("0x%04x", mode & 0xffff); }
    static String guid(UUID g) { return g.toString(); }
    static String dialect(int d) { return Dialect.name(d); }
    /** Dialects list as text: "[2.0.2, 2.1, 3.0, 3.0.2]". */
    static String dialects(int[] ds) { return Dialect.names(ds).toString(); }

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

    /** "0.4 ms", "3 ms", "2.5 s": for "… 3 ms after frame 13". */
    static String duration(long nanos) {
        if (nanos < 0) {
            nanos = 0;
        }
        if (nanos < 1_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        if (nanos < 999_500_000L) {
            return (nanos + 500_000L) / 1_000_000L + " ms";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
