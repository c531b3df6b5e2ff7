package org.negscope.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relates the connections of one capture that join the same two hosts (client address without port, server
 * address with port): what came after each one (did the client reconnect, how soon, with which dialect and
 * verdict), how many overlap (multichannel or parallel connections) and runs of quick reconnects (a client
 * dropped after VALIDATE that keeps trying: a reconnect storm). Runs once per capture, after the last frame.
 */
final class Reconnects {
    private Reconnects() {}

    /**
     * One connection's place in time, and what a report about the connection before it says of it (its dialect and
     * verdict). Small on purpose: with {@link ReportDetail#COMPACT} one is kept per ended connection instead of its state.
     */
    record Span(int index, String hosts, long start, long end, long firstFrame, String client, String dialect, Verdict verdict,
                boolean closeSeen) {
        /** The same span at another position of the capture's reports. */
        Span at(int i) {
            return new Span(i, hosts, start, end, firstFrame, client, dialect, verdict, closeSeen);
        }
    }

    /** The span of the connection at position {@code index} of the capture's reports, judged as {@code r}. */
    static Span span(int index, ConnectionState s, ConnectionReport r) {
        String client = s.client();
        long start = s.tcp.firstTimeNanos();
        TcpClose c = s.firstCloseFrom(0);
        long end = Math.max(start, c != null ? c.timeNanos() : s.lastTimeNanos);
        return new Span(index, host(client) + " -> " + s.server(), start, end, s.tcp.firstFrame(), client, r.dialect(), r.verdict(),
                c != null);
    }

    /** Returns the reports with {@link Reconnect} details, in the same order. */
    static List<ConnectionReport> attach(List<ConnectionState> states, List<ConnectionReport> reports) {
        List<Span> spans = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            spans.add(span(i, states.get(i), reports.get(i)));
        }
        Reconnect[] found = reconnects(spans);
        List<ConnectionReport> out = new ArrayList<>(reports);
        for (int i = 0; i < found.length; i++) {
            if (found[i] != null) {
                ConnectionReport old = reports.get(i);
                out.set(i, old.withDetails(old.details().withReconnect(found[i])));
            }
        }
        return out;
    }

    /**
     * The {@link Reconnect} facts of each connection, by {@link Span#index()}; null for a connection that is the only
     * one between its hosts (its report keeps {@link Reconnect#NONE}).
     */
    static Reconnect[] reconnects(List<Span> spans) {
        Map<String, List<Span>> groups = new LinkedHashMap<>();
        for (Span s : spans) {
            groups.computeIfAbsent(s.hosts(), k -> new ArrayList<>(2)).add(s);
        }
        Reconnect[] out = new Reconnect[spans.size()];
        for (List<Span> g : groups.values()) {
            if (g.size() < 2) {
                continue;
            }
            g.sort((a, b) -> a.start != b.start ? Long.compare(a.start, b.start) : Long.compare(a.firstFrame, b.firstFrame));
            int[] storm = stormRuns(g);
            for (int k = 0; k < g.size(); k++) {
                Span me = g.get(k);
                int concurrent = 0;
                Span next = null;
                for (int j = 0; j < g.size(); j++) {
                    if (j == k) {
                        continue;
                    }
                    Span o = g.get(j);
                    if (o.start <= me.end && me.start <= o.end) {
                        concurrent++;
                    }
                    if (o.start >= me.end && j > k && (next == null || o.start < next.start)) {
                        next = o;
                    }
                }
                if (next != null) {
                    out[me.index] = new Reconnect(g.size(), k + 1, concurrent, true, next.client, next.firstFrame, next.dialect,
                            next.verdict, next.start - me.end, storm[k], me.closeSeen);
                } else {
                    out[me.index] = new Reconnect(g.size(), k + 1, concurrent, false, null, 0, null, null, -1, storm[k], me.closeSeen);
                }
            }
        }
        return out;
    }

    /**
     * For each connection (sorted by start), the length of the run of quick reconnects it belongs to: connection
     * k+1 continues the run when it starts after connection k ended, within {@link Reconnect#STORM_WINDOW_NANOS}.
     */
    private static int[] stormRuns(List<Span> g) {
        int[] run = new int[g.size()];
        int from = 0;
        for (int k = 1; k <= g.size(); k++) {
            boolean continues = k < g.size() && g.get(k).start >= g.get(k - 1).end
                    && g.get(k).start - g.get(k - 1).end <= Reconnect.STORM_WINDOW_NANOS;
            if (!continues) {
                for (int i = from; i < k; i++) {
                    run[i] = k - from;
                }
                from = k;
            }
        }
        return run;
    }

    /** "10.0.0.2" of "10.0.0.2:50432", "[fe80::1]" of "[fe80::1]:50432". */
    static String host(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon > 0 ? endpoint.substring(0, colon) : endpoint;
    }
}
