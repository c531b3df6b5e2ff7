import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares {@code negscope analyze --json} output with a ground-truth TSV written by {@code SynthCapture} or
 * {@code ReplicateCapture} (no dependencies: a small JSON reader is included, since the CI image has Java but
 * not necessarily python or jq).
 * <p>
 * Per truth row (client, server): exactly one NegScope connection with that client and server, the same verdict,
 * the same {@code terminatedBy}, and for a mismatch exactly the truth's difference (side and field) and no other;
 * for other verdicts no differences. NegScope connections that the truth does not list are errors too (an
 * analyser that skips reassembly finds "connections" or VALIDATE messages in READ data).
 * <p>
 * usage: {@code java CheckTruth.java TRUTH.tsv NEGSCOPE.json} — exit 0 when everything matches, 1 otherwise.
 */
public final class CheckTruth {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java CheckTruth.java TRUTH.tsv NEGSCOPE.json");
            System.exit(2);
        }
        Map<String, String[]> truth = new LinkedHashMap<>();
        String[] header = null;
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (header == null) { header = f; continue; }
            truth.put(f[0] + " " + f[1], f);
        }
        if (header == null) fail("truth file has no header line: " + args[0]);
        int cClient = col(header, "client"), cServer = col(header, "server"), cVerdict = col(header, "verdict"),
                cSide = col(header, "side"), cField = col(header, "field"), cTerm = col(header, "terminatedBy");

        Object root = new Json(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8)).value();
        @SuppressWarnings("unchecked") List<Object> conns = (List<Object>) ((Map<String, Object>) root).get("connections");
        @SuppressWarnings("unchecked") List<Object> caps = (List<Object>) ((Map<String, Object>) root).get("captures");
        if (conns == null) fail("no \"connections\" in " + args[1]);

        List<String> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> byVerdict = new TreeMap<>();
        int ok = 0;
        for (Object o : conns) {
            @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) o;
            String key = c.get("client") + " " + c.get("server");
            String verdict = String.valueOf(c.get("verdict"));
            if (seen.merge(key, 1, Integer::sum) > 1) { errors.add(key + ": reported more than once"); continue; }
            String[] t = truth.get(key);
            if (t == null) { errors.add(key + ": NegScope reports a connection (" + verdict + ") the ground truth does not have"); continue; }
            List<String> problems = new ArrayList<>();
            if (!t[cVerdict].equals(verdict)) problems.add("verdict " + verdict + ", expected " + t[cVerdict]);
            String term = String.valueOf(c.get("terminatedBy"));
            if (!t[cTerm].equals(term)) problems.add("terminatedBy " + term + ", expected " + t[cTerm]);
            @SuppressWarnings("unchecked") List<Object> diffs = (List<Object>) c.getOrDefault("differences", List.of());
            List<String> got = new ArrayList<>();
            for (Object d : diffs) {
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) d;
                got.add(m.get("side") + ":" + m.get("field"));
            }
            boolean mismatch = t[cVerdict].endsWith("_MISMATCH");
            List<String> want = mismatch ? List.of(t[cSide] + ":" + t[cField]) : List.of();
            if (!got.equals(want)) problems.add("differences " + got + ", expected " + want);
            if (problems.isEmpty()) ok++; else errors.add(key + ": " + String.join("; ", problems));
            byVerdict.merge(verdict, 1, Integer::sum);
        }
        for (String k : truth.keySet()) {
            if (!seen.containsKey(k)) errors.add(k + ": in the ground truth (" + truth.get(k)[cVerdict] + ") but not reported");
        }
        int warnings = 0;
        if (caps != null) for (Object o : caps) {
            @SuppressWarnings("unchecked") List<Object> w = (List<Object>) ((Map<String, Object>) o).get("warnings");
            if (w != null) warnings += w.size();
        }
        System.out.printf("correctness: %d/%d connections match the ground truth %s; %d reported in all; %d capture warnings%n",
                ok, truth.size(), byVerdict, conns.size(), warnings);
        if (!errors.isEmpty()) {
            for (int i = 0; i < Math.min(20, errors.size()); i++) System.out.println("  MISMATCH " + errors.get(i));
            if (errors.size() > 20) System.out.println("  ... and " + (errors.size() - 20) + " more");
            System.exit(1);
        }
    }

    static int col(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        fail("truth file has no column '" + name + "'");
        return -1;
    }

    static void fail(String msg) {
        System.err.println("CheckTruth: " + msg);
        System.exit(2);
    }

    /** Minimal JSON reader: objects -> LinkedHashMap, arrays -> ArrayList, numbers -> Double, strings, booleans, null. */
    static final class Json {
        final String s;
        int i;

        Json(String s) { this.s = s; }

        Object value() {
            ws();
            if (i >= s.length()) throw err("unexpected end");
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (peek('}')) { i++; return m; }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (peek(',')) { i++; continue; }
                        expect('}');
                        return m;
                    }
                }
                case '[': {
                    i++;
                    List<Object> a = new ArrayList<>();
                    ws();
                    if (peek(']')) { i++; return a; }
                    while (true) {
                        a.add(value());
                        ws();
                        if (peek(',')) { i++; continue; }
                        expect(']');
                        return a;
                    }
                }
                case '"': return string();
                case 't': lit("true"); return Boolean.TRUE;
                case 'f': lit("false"); return Boolean.FALSE;
                case 'n': lit("null"); return null;
                default: {
                    int st = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
                    if (st == i) throw err("unexpected '" + c + "'");
                    return Double.parseDouble(s.substring(st, i));
                }
            }
        }

        String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw err("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                    default -> b.append(e);
                }
            }
        }

        void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
        boolean peek(char c) { return i < s.length() && s.charAt(i) == c; }
        void expect(char c) { if (!peek(c)) throw err("expected '" + c + "'"); i++; }
        void lit(String w) { if (!s.startsWith(w, i)) throw err("expected " + w); i += w.length(); }
        IllegalArgumentException err(String m) { return new IllegalArgumentException("JSON: " + m + " at offset " + i); }
    }
}
