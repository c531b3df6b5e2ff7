package org.negscope.ui.packets;

import java.util.ArrayList;
import java.util.List;
import org.negscope.smb2.Field;
import org.negscope.ui.sidebyside.SideBySideModel;

/**
 * Finding fields in a packet-detail tree: the deepest field holding a byte (clicking the hex view selects it,
 * as in Wireshark), and the field the side-by-side view's rows stand for in each of the four messages.
 */
final class FieldPaths {
    private FieldPaths() {}

    /**
     * Path from the root to the deepest field whose bytes contain {@code offset} (fields of length 0 hold none;
     * the first wins among siblings that hold it equally deep). Empty when not even the root holds it.
     */
    static List<Field> deepestAt(Field root, int offset) {
        List<Field> best = new ArrayList<>();
        if (contains(root, offset)) {
            List<Field> path = new ArrayList<>();
            path.add(root);
            deepest(root, offset, path, best);
        }
        return best;
    }

    private static void deepest(Field f, int offset, List<Field> path, List<Field> best) {
        if (path.size() > best.size()) {
            best.clear();
            best.addAll(path);
        }
        for (Field c : f.children()) {
            if (contains(c, offset)) {
                path.add(c);
                deepest(c, offset, path, best);
                path.remove(path.size() - 1);
            }
        }
    }

    static boolean contains(Field f, int offset) {
        return f.length() > 0 && offset >= f.offset() && (long) offset < (long) f.offset() + f.length();
    }

    /** Path from the root to {@code target} (by identity), empty when it is not in the tree. */
    static List<Field> pathTo(Field root, Field target) {
        List<Field> path = new ArrayList<>();
        return find(root, target, path) ? path : List.of();
    }

    private static boolean find(Field f, Field target, List<Field> path) {
        path.add(f);
        if (f == target) {
            return true;
        }
        for (Field c : f.children()) {
            if (find(c, target, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    /** First field (depth first) with this name, or null. */
    static Field named(Field root, String name) {
        return root.name().equals(name) ? root : root.find(name);
    }

    /**
     * The fields a side-by-side row ({@link SideBySideModel#CAPABILITIES} ...) stands for in a NEGOTIATE or VALIDATE
     * message's tree: MS-SMB2 names the same value ClientGuid / ServerGuid / Guid and DialectRevision / Dialect, and
     * the VALIDATE request's dialect list has no node of its own (DialectCount and each Dialects[i]). Empty when the
     * message does not carry it (an error answer).
     */
    static List<Field> forRow(Field root, String row) {
        boolean response = root.name().endsWith("Response");
        boolean negotiate = root.name().contains("NEGOTIATE");
        List<String> names = switch (row) {
            case SideBySideModel.GUID -> List.of(negotiate ? (response ? "ServerGuid" : "ClientGuid") : "Guid");
            case SideBySideModel.DIALECT -> List.of(negotiate ? "DialectRevision" : "Dialect");
            case SideBySideModel.DIALECTS -> negotiate ? List.of("Dialects") : List.of("DialectCount");
            default -> List.of(row);
        };
        Field scope = root;
        if (!negotiate) {
            // In an IOCTL only the VALIDATE_NEGOTIATE_INFO buffer carries these (the IOCTL has Flags, Reserved...).
            for (Field c : root.children()) {
                Field b = c.name().startsWith("Buffer (VALIDATE_NEGOTIATE_INFO") ? c : findPrefix(c, "Buffer (VALIDATE_NEGOTIATE_INFO");
                if (b != null) {
                    scope = b;
                    break;
                }
            }
            if (scope == root) {
                return List.of();
            }
        }
        List<Field> out = new ArrayList<>();
        for (String n : names) {
            Field f = scope.find(n);
            if (f != null) {
                out.add(f);
            }
        }
        if (!negotiate && row.equals(SideBySideModel.DIALECTS)) {
            for (Field c : scope.children()) {
                if (c.name().startsWith("Dialects[")) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static Field findPrefix(Field f, String prefix) {
        for (Field c : f.children()) {
            if (c.name().startsWith(prefix)) {
                return c;
            }
            Field r = findPrefix(c, prefix);
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
