package org.negscope.ui.twopoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.negscope.smb2.Field;

/**
 * Field-by-field comparison of one message as sent and as received (two-point view), without SWT: both packet-detail
 * trees flattened to rows keyed by their path of field names (the n-th field of a name under the same parent counts as
 * its own key, so a shortened dialect list lines up element by element); a row differs when its value differs or the
 * field is on one side only.
 */
final class MessageDiff {
    private MessageDiff() {}

    /** One field on both sides; {@code sent}/{@code received} null when the field is on one side only. */
    record Row(String path, String name, int depth, Field sent, Field received) {
        boolean differs() {
            return sent == null || received == null || !Objects.equals(sent.value(), received.value());
        }
    }

    static List<Row> compare(Field sent, Field received) {
        List<Flat> a = flatten(sent);
        List<Flat> b = flatten(received);
        Map<String, Flat> byPath = new HashMap<>();
        for (Flat f : b) {
            byPath.put(f.path, f);
        }
        List<Row> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Flat f : a) {
            Flat g = byPath.get(f.path);
            out.add(new Row(f.path, f.field.name(), f.depth, f.field, g == null ? null : g.field));
            seen.add(f.path);
        }
        for (Flat g : b) {
            if (!seen.contains(g.path)) {
                out.add(new Row(g.path, g.field.name(), g.depth, null, g.field));
            }
        }
        return out;
    }

    private record Flat(String path, int depth, Field field) {}

    private static List<Flat> flatten(Field root) {
        List<Flat> out = new ArrayList<>();
        if (root != null) {
            walk(root, "", 0, out);
        }
        return out;
    }

    private static void walk(Field f, String path, int depth, List<Flat> out) {
        out.add(new Flat(path, depth, f));
        Map<String, Integer> count = new HashMap<>();
        for (Field c : f.children()) {
            int n = count.merge(c.name(), 1, Integer::sum) - 1;
            walk(c, path + "/" + c.name() + (n == 0 ? "" : "#" + n), depth + 1, out);
        }
    }
}
