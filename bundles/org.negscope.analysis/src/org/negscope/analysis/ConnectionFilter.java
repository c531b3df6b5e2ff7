package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The workbench's filter box, as plain Java: terms separated by spaces, all of which a connection must match.
 * <ul>
 * <li>{@code verdict:RESPONSE} – the verdict starts with it ({@code v:} for short);</li>
 * <li>{@code server:10.0.0.1}, {@code client:10.1.}, {@code addr:10.0} – the endpoint text contains it ({@code addr:}
 * either endpoint; {@code ip:} too);</li>
 * <li>{@code port:445} – either endpoint's port is it;</li>
 * <li>{@code dialect:3.0.2}, {@code field:Capabilities} (a differing field), {@code fatal} / {@code fatal:no};</li>
 * <li>anything else – free text: in the client, server, dialect, verdict, summary or a differing field's name or
 * values (case ignored).</li>
 * </ul>
 * An empty filter matches everything. Unknown {@code key:} prefixes are free text, so an IPv6 address can be typed.
 */
public final class ConnectionFilter implements Predicate<ConnectionReport> {
    public static final ConnectionFilter ALL = new ConnectionFilter("", List.of());

    private final String text;
    private final List<Predicate<ConnectionReport>> terms;

    private ConnectionFilter(String text, List<Predicate<ConnectionReport>> terms) {
        this.text = text;
        this.terms = terms;
    }

    public static ConnectionFilter parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return ALL;
        }
        List<Predicate<ConnectionReport>> terms = new ArrayList<>();
        for (String word : t.split("\\s+")) {
            terms.add(term(word));
        }
        return new ConnectionFilter(t, List.copyOf(terms));
    }

    private static Predicate<ConnectionReport> term(String word) {
        int colon = word.indexOf(':');
        String key = colon > 0 ? word.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        String value = colon > 0 ? word.substring(colon + 1) : word;
        String v = value.toLowerCase(Locale.ROOT);
        switch (key) {
            case "verdict", "v":
                return r -> r.verdict().name().regionMatches(true, 0, v, 0, v.length());
            case "server":
                return r -> contains(r.server(), v);
            case "client":
                return r -> contains(r.client(), v);
            case "addr", "ip", "host":
                return r -> contains(r.client(), v) || contains(r.server(), v);
            case "port":
                return r -> value.equals(String.valueOf(Endpoints.port(r.client())))
                        || value.equals(String.valueOf(Endpoints.port(r.server())));
            case "dialect":
                return r -> r.dialect() != null && r.dialect().equalsIgnoreCase(v);
            case "field":
                return r -> r.differences().stream().anyMatch(d -> d.field().regionMatches(true, 0, v, 0, v.length()));
            case "fatal":
                boolean want = !(v.equals("no") || v.equals("false") || v.equals("0"));
                return r -> r.fatal() == want;
            default:
                if (colon < 0 && v.equals("fatal")) {
                    return ConnectionReport::fatal;
                }
                String w = word.toLowerCase(Locale.ROOT);
                return r -> freeText(r, w);
        }
    }

    private static boolean freeText(ConnectionReport r, String w) {
        if (contains(r.client(), w) || contains(r.server(), w) || contains(r.dialect(), w)
                || contains(r.verdict().name(), w) || contains(r.summary(), w)) {
            return true;
        }
        for (Difference d : r.differences()) {
            if (contains(d.field(), w) || contains(d.negotiate(), w) || contains(d.validate(), w)) {
                return true;
            }
        }
        return false;
    }

    /** Case-insensitive containment without copying {@code s} (the filter runs over 100 000 summaries per key stroke). */
    private static boolean contains(String s, String lower) {
        if (s == null) {
            return false;
        }
        int n = lower.length(), last = s.length() - n;
        if (n == 0) {
            return true;
        }
        char first = lower.charAt(0), firstUpper = Character.toUpperCase(first);
        for (int i = 0; i <= last; i++) {
            char c = s.charAt(i);
            if ((c == first || c == firstUpper) && s.regionMatches(true, i, lower, 0, n)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean test(ConnectionReport r) {
        for (Predicate<ConnectionReport> p : terms) {
            if (!p.test(r)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() { return terms.isEmpty(); }

    @Override public String toString() { return text; }
}
