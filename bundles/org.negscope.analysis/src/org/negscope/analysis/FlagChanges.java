package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Which flags of a Capabilities or SecurityMode difference changed (MS-SMB2 2.2.4 / 2.2.32.6): the NEGOTIATE value
 * read against the VALIDATE one, which repeats what the peer really sent. A bit the VALIDATE value has and the
 * NEGOTIATE value lacks is "cleared" (something on the path took it away from the NEGOTIATE message); a bit only the
 * NEGOTIATE value has is "set". E.g. "PERSISTENT_HANDLES cleared", "ENCRYPTION set".
 */
public final class FlagChanges {
    private FlagChanges() {}

    /** The changed flags of {@code d} ("A cleared, B set"), or null when its field is not a flag field or a value is unreadable. */
    public static String of(Difference d) {
        return d == null ? null : of(d.field(), d.negotiate(), d.validate());
    }

    /** As {@link #of(Difference)} for a field name and its two values as the JSON writes them ("0x0000004f"). */
    public static String of(String field, String negotiate, String validate) {
        if (!"Capabilities".equals(field) && !"SecurityMode".equals(field)) {
            return null;
        }
        Long n = hex(negotiate), v = hex(validate);
        if (n == null || v == null) {
            return null;
        }
        long cleared = v & ~n, set = n & ~v;
        List<String> parts = new ArrayList<>(2);
        if (cleared != 0) {
            parts.add(String.join(", ", FieldFormat.flagNames(field, cleared)) + " cleared");
        }
        if (set != 0) {
            parts.add(String.join(", ", FieldFormat.flagNames(field, set)) + " set");
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static Long hex(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        int sp = t.indexOf(' ');
        if (sp > 0) {
            t = t.substring(0, sp); // "0x0000007f (DFS|...)"
        }
        return t.startsWith("0x") || t.startsWith("0X") ? FieldFormat.parseNumber(t) : null;
    }
}
