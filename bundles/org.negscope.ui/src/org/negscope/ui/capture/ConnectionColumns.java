package org.negscope.ui.capture;

import java.util.List;
import org.negscope.analysis.ConnectionFilter;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Verdict;
import org.negscope.ui.VerdictText;

/**
 * The capture editor's connection table without its widgets: what each column says of a connection, what it sorts
 * by, and which rows a filter, the quick filters and a sort choose, as an int[] of rows (computed on a worker thread
 * for big tables, handed to the UI thread).
 */
public final class ConnectionColumns {
    private ConnectionColumns() {}

    static final String[] COLUMNS = {"Client", "Server", "Dialect", "Verdict", "Fatal", "Signatures", "Summary", "Start",
        "tcp.stream"};
    static final int START = 7, STREAM = 8;
    /** Index of the Signatures column: every signed message's check, counted by the analysis (with credentials). */
    public static final int SIGNATURES = 5;

    public static String text(ConnectionReport r, int column) {
        return switch (column) {
            case 0 -> r.client();
            case 1 -> r.server();
            case 2 -> r.dialect() == null ? "?" : r.dialect();
            case 3 -> r.verdict().name();
            case 4 -> r.fatal() ? "yes" : "no";
            case SIGNATURES -> r.signatureChecks().checked() ? VerdictText.signatureCounts(r.signatureChecks()) : uncheckedSignatures(r);
            case START -> r.startTimeNanos() == 0 ? "" : START_TIME.format(java.time.Instant.ofEpochSecond(r.startTimeNanos() / 1_000_000_000L,
                    r.startTimeNanos() % 1_000_000_000L));
            case STREAM -> r.details().tcpStream() < 0 ? "" : Integer.toString(r.details().tcpStream());
            default -> r.summary() == null ? "" : r.summary();
        };
    }

    private static final java.time.format.DateTimeFormatter START_TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(java.time.ZoneOffset.UTC);

    /** Without credentials the column still says what can be known: the VALIDATE response unsigned, or not yet proven. */
    static String uncheckedSignatures(ConnectionReport r) {
        return switch (r.signature()) {
            case UNSIGNED -> "VALIDATE response unsigned";
            case UNVERIFIED -> "not checked (Credentials\u2026)";
            case VALID, INVALID -> "VALIDATE " + r.signature().name();
            default -> "";
        };
    }

    /** The analysis' sentence on the counts, the first INVALID message's expected and found signature, the hint. */
    static String signaturesTip(org.negscope.analysis.SignatureChecks c) {
        StringBuilder b = new StringBuilder(c.text());
        if (c.firstInvalidFrame() > 0) {
            b.append("\nFirst INVALID: frame ").append(c.firstInvalidFrame()).append(", expected ").append(c.firstInvalidExpected())
                    .append(", found ").append(c.firstInvalidFound());
        }
        if (c.firstUnverifiedFrame() > 0) {
            b.append("\nFirst UNVERIFIED: frame ").append(c.firstUnverifiedFrame()).append(": ").append(c.firstUnverifiedReason());
        }
        if (c.credentialsHint() != null) {
            b.append('\n').append(c.credentialsHint());
        }
        return b.toString();
    }

    /** Which rows of {@code all} match, in which order: one pass (and one sort). */
    static int[] select(List<ConnectionReport> all, ConnectionFilter f, boolean fatalOnly, Verdict verdict, int sortColumn,
                        boolean up) {
        int n = all.size();
        int[] idx = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            ConnectionReport r = all.get(i);
            if (fatalOnly && !r.fatal() || verdict != null && r.verdict() != verdict || !f.test(r)) {
                continue;
            }
            idx[m++] = i;
        }
        idx = java.util.Arrays.copyOf(idx, m);
        if (sortColumn < 0) {
            return idx;
        }
        // keys first (one text per row), then the sort over them; ties keep the analysis' order
        Comparable<?>[] keys = new Comparable<?>[m];
        for (int i = 0; i < m; i++) {
            keys[i] = sortKey(all.get(idx[i]), sortColumn);
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        java.util.Comparator<Integer> c = (a, b) -> ((Comparable) keys[a]).compareTo(keys[b]);
        java.util.Arrays.sort(order, up ? c : c.reversed());
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = idx[order[i]];
        }
        return out;
    }

    /** What a column sorts by: addresses as numbers (10.0.0.9 before 10.0.0.10), times and stream numbers as numbers. */
    static Comparable<?> sortKey(ConnectionReport r, int column) {
        return switch (column) {
            case 0 -> EndpointKey.of(r.client());
            case 1 -> EndpointKey.of(r.server());
            case 4 -> r.fatal() ? 0 : 1;
            case START -> r.startTimeNanos();
            case STREAM -> r.details().tcpStream();
            default -> text(r, column);
        };
    }

    /** Sorts "10.1.2.3:49152" by its numbers, "[fe80::1]:445" after every IPv4 endpoint (as text). */
    record EndpointKey(int v6, long a, long b, String text) implements Comparable<EndpointKey> {
        static EndpointKey of(String endpoint) {
            String e = endpoint == null ? "" : endpoint;
            if (!e.startsWith("[")) {
                String[] p = e.split("[.:]");
                if (p.length == 5) {
                    try {
                        long ip = 0;
                        for (int i = 0; i < 4; i++) {
                            ip = ip << 8 | Integer.parseInt(p[i]);
                        }
                        return new EndpointKey(0, ip, Integer.parseInt(p[4]), e);
                    } catch (NumberFormatException x) {
                        // text order below
                    }
                }
            }
            return new EndpointKey(1, 0, 0, e);
        }

        @Override
        public int compareTo(EndpointKey o) {
            int c = Integer.compare(v6, o.v6);
            c = c != 0 ? c : Long.compare(a, o.a);
            c = c != 0 ? c : Long.compare(b, o.b);
            return c != 0 ? c : text.compareTo(o.text);
        }
    }
}
