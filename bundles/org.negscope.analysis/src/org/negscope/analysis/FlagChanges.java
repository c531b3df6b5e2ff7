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
        List<String> cleared = cleared(field, negotiate, validate), set = set(field, negotiate, validate);
        if (cleared == null || set == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(2);
        if (!cleared.isEmpty()) {
            parts.add(String.join(", ", cleared) + " cleared");
        }
        if (!set.isEmpty()) {
            parts.add(String.join(", ", set) + " set");
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /**
     * The names of the flags the VALIDATE value has and the NEGOTIATE value lacks (cleared on the way), in bit order;
     * null when the field is not Capabilities or SecurityMode or a value is not "0x…". The one place the bits of a
     * flag difference are worked out: the remedy's sentences ("… was removed from the NEGOTIATE") and the two-point
     * notes ("… cleared by the path") read them here.
     */
    public static List<String> cleared(String field, String negotiate, String validate) {
        return changed(field, validate, negotiate);
    }

    /** The names of the flags the NEGOTIATE value has and the VALIDATE value lacks (set on the way); null as {@link #cleared}. */
    public static List<String> set(String field, String negotiate, String validate) {
        return changed(field, negotiate, validate);
    }

    /** Flags of {@code has} missing from {@code lacks}. */
    private static List<String> changed(String field, String has, String lacks) {
        if (!"Capabilities".equals(field) && !"SecurityMode".equals(field)) {
            return null;
        }
        Long h = hex(has), l = hex(lacks);
        return h == null || l == null ? null : FieldFormat.flagNames(field, h & ~l);
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
