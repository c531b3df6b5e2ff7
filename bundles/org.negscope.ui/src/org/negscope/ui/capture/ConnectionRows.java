package org.negscope.ui.capture;

import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.NtlmAccount;
import org.negscope.analysis.Reconnect;

/**
 * The capture editor's connections, in memory bounded per connection (docs/architecture.md "Memory"). The analysis
 * runs {@link org.negscope.analysis.ReportDetail#COMPACT}: it keeps every final report packed, as the CLI does, and
 * hands each connection's full report (decoded messages, VALIDATE exchanges, timeline) to the editor once, when it
 * judges the connection. Of that, this store keeps:
 * <ul>
 * <li>per connection a <em>row</em>: a report with only what the table's columns, the filter, the sort, the overview,
 *     the CSV export and the Wireshark hand-off read (verdict, endpoints, dialect, summary, differences, frames, times,
 *     tcp.stream, signature counts, the VALIDATE response's signature check), its repeated values shared: about 0.5 KB instead of about 9 KB;</li>
 * <li>the full reports of at most {@link #FULL_BUDGET} connections (fatal ones first, then in the order they were
 *     judged), so a capture of up to that many connections behaves as if nothing were packed, and of the
 *     {@link #RECENT} connections selected last;</li>
 * <li>after the analysis, its packed list, which gives any connection's lean report (evidence, reconnect facts).</li>
 * </ul>
 * Any other connection's full report is read again from the capture when it is selected
 * ({@link org.negscope.analysis.ConnectionReread}, {@link ConnectionLoader}). Thread-safe: the analysis job writes rows,
 * the UI thread and the table's filter worker read them.
 */
final class ConnectionRows {
    /**
     * Full reports kept from the analysis (about 9 KB each: 9 MB at most). Chosen by measurement
     * (releng/bench/README.md "Workbench at scale"): reading one connection again costs from a few ms (small captures,
     * or a connection near the start) to one pass over the file up to the connection's end (0.6 s at the end of a 1.2 GB
     * file of 2 000 connections, 2 s at the end of a file of 100 000, on a busy 2-core machine), so captures of up to a
     * thousand connections never wait, and in bigger ones the fatal connections, which the user came for, are kept first.
     */
    static final int FULL_BUDGET = 1000;
    /** Full reports read again for a selection and kept, most recent first. */
    static final int RECENT = 16;

    private final int budget;
    private ConnectionReport[] rows = new ConnectionReport[256];
    private int size;
    /** During the analysis: row of each connection by its TCP connection index (tcp.stream); null once final. */
    private Map<Integer, Integer> rowOfStream = new HashMap<>();
    /** Full reports kept from the analysis, by TCP connection index; the non-fatal ones in the order kept (evicted first). */
    private final Map<Integer, ConnectionReport> full = new HashMap<>();
    private final ArrayDeque<Integer> nonFatal = new ArrayDeque<>();
    /** After {@link #finish}: the kept full reports with the reconnect facts joined, by row. */
    private final Map<Integer, ConnectionReport> fullAt = new HashMap<>();
    /** Full reports read again for a selection, by row, least recently used first. */
    private final LinkedHashMap<Integer, ConnectionReport> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true);
    /** The analysis' final list (lean, packed); null during the analysis. */
    private List<ConnectionReport> packed;
    private final Map<Object, Object> shared = new HashMap<>();
    private NtlmAccount account;
    private int accountStream;

    ConnectionRows() {
        this(FULL_BUDGET);
    }

    /** The account of the capture's first connection (in TCP order) whose AUTHENTICATE names a user; null when none. */
    synchronized NtlmAccount account() {
        return account;
    }

    /** Tests: another budget (0: every selection reads the capture again). */
    ConnectionRows(int budget) {
        this.budget = budget;
    }

    // ------------------------------------------------------------------------------ the analysis job writes

    /**
     * A report from the analysis: a progressive one (the verdict so far) or a connection's final full report (it
     * carries the timeline). Returns true when a new row was added.
     */
    synchronized boolean update(ConnectionReport r) {
        int stream = r.details().tcpStream();
        NtlmAccount a = r.account();
        if (a != null && !a.anonymous() && !a.user().isEmpty() && (account == null || stream < accountStream)) {
            account = a;
            accountStream = stream;
        }
        if (!r.timelineEvents().isEmpty()) {
            keepFull(stream, r);
        }
        Integer row = rowOfStream == null ? null : rowOfStream.get(stream);
        if (row != null) {
            rows[row] = tableRow(r);
            return false;
        }
        if (rowOfStream == null) {
            return false; // final already: late calls of a canceled run
        }
        add(tableRow(r));
        rowOfStream.put(stream, size - 1);
        return true;
    }

    private void add(ConnectionReport r) {
        if (size == rows.length) {
            rows = Arrays.copyOf(rows, size * 2);
        }
        rows[size++] = r;
    }

    private void keepFull(int stream, ConnectionReport r) {
        if (full.containsKey(stream)) {
            full.put(stream, r);
            return;
        }
        if (full.size() >= budget) {
            if (!r.fatal() || nonFatal.isEmpty()) {
                return;
            }
            full.remove(nonFatal.pollFirst()); // a fatal connection takes the place of a non-fatal one
        }
        full.put(stream, r);
        if (!r.fatal()) {
            nonFatal.addLast(stream);
        }
    }

    /**
     * The store of the analysis' final list (in order of appearance; lean unless it is a list of full reports): the rows
     * in its order, the kept full reports with its reconnect facts (which need the whole capture). Runs on the job
     * thread; this store stays as it is (the table reads it until the UI thread takes the new one).
     */
    ConnectionRows finished(List<ConnectionReport> list) {
        int n = list.size();
        ConnectionReport[] ordered;
        Map<Integer, ConnectionReport> kept;
        synchronized (this) {
            ordered = Arrays.copyOf(rows, size);
            kept = new HashMap<>(full);
        }
        // Both are in TCP connection order (the analysis sorts its list so); a row the analysis did not announce (none
        // should be) makes the store read every row from the list instead.
        Arrays.sort(ordered, (a, b) -> Integer.compare(a.details().tcpStream(), b.details().tcpStream()));
        boolean same = ordered.length == n;
        for (int i = 0; same && i < n; i += Math.max(1, n / 64)) {
            same = ordered[i].details().tcpStream() == list.get(i).details().tcpStream();
        }
        if (!same) {
            ordered = new ConnectionReport[n];
            for (int i = 0; i < n; i++) {
                ConnectionReport lean = list.get(i);
                synchronized (this) {
                    ordered[i] = tableRow(lean);
                }
            }
        }
        Map<Integer, ConnectionReport> joined = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ConnectionReport f = kept.get(ordered[i].details().tcpStream());
            if (f != null) {
                Reconnect rc = list.get(i).reconnect();
                joined.put(i, rc.equals(f.reconnect()) ? f : f.withDetails(f.details().withReconnect(rc)));
            }
        }
        ConnectionRows done = new ConnectionRows(budget);
        synchronized (this) {
            done.account = account;
            done.accountStream = accountStream;
        }
        done.rows = ordered;
        done.size = n;
        done.rowOfStream = null;
        done.packed = list;
        done.fullAt.putAll(joined);
        return done;
    }

    // ------------------------------------------------------------------------------ the table reads

    synchronized int size() {
        return size;
    }

    /** Row {@code i}'s table report (endpoints, verdict, summary, ... ; no messages, evidence or timeline). */
    synchronized ConnectionReport row(int i) {
        return rows[i];
    }

    /** Row {@code i}'s full report when one is held, else null (then {@link ConnectionLoader} reads it). */
    synchronized ConnectionReport full(int i) {
        ConnectionReport f = fullAt.get(i);
        if (f == null) {
            f = recent.get(i);
        }
        if (f == null && packed == null && i < size) {
            f = full.get(rows[i].details().tcpStream()); // during the analysis: the final report, reconnect facts not known yet
        }
        return f;
    }

    /** What the table shows for row {@code i}: the full report when held, else the row. */
    synchronized ConnectionReport shown(int i) {
        ConnectionReport f = full(i);
        return f != null ? f : rows[i];
    }

    /**
     * Row {@code i}'s lean report: everything the analysis judged but the messages and the timeline; from the packed
     * list (the row itself during the analysis).
     */
    ConnectionReport lean(int i) {
        List<ConnectionReport> p;
        synchronized (this) {
            p = packed;
        }
        return p != null && i < p.size() ? p.get(i) : row(i);
    }

    /**
     * A full report read again for row {@code i} (the least recently selected of {@link #RECENT} goes). During the
     * analysis it lacks the reconnect facts; the final store starts without these.
     */
    synchronized void loaded(int i, ConnectionReport f) {
        if (fullAt.containsKey(i)) {
            return;
        }
        recent.put(i, f);
        if (recent.size() > RECENT) {
            recent.remove(recent.keySet().iterator().next());
        }
    }

    /** The full reports kept from the analysis (after it: with the reconnect facts), in no particular order. */
    synchronized List<ConnectionReport> fullReports() {
        return List.copyOf(packed == null ? full.values() : fullAt.values());
    }

    /** Full reports held (tests: bounded by {@link #FULL_BUDGET} + {@link #RECENT}). */
    synchronized int fullReportsHeld() {
        return (packed == null ? full.size() : fullAt.size()) + recent.size();
    }

    /** The rows as they are now: a fixed-size view for the table's filter and sort (a worker reads it). */
    List<ConnectionReport> rows() {
        int n = size();
        return new Rows(n);
    }

    /** What the editor's result lists: the full report where held, else the lean one unpacked on each read. */
    List<ConnectionReport> reports() {
        int n = size();
        return new Reports(n);
    }

    private final class Rows extends AbstractList<ConnectionReport> implements RandomAccess {
        private final int n;
        Rows(int n) { this.n = n; }
        @Override public ConnectionReport get(int i) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(i);
            }
            return row(i);
        }
        @Override public int size() { return n; }
    }

    private final class Reports extends AbstractList<ConnectionReport> implements RandomAccess {
        private final int n;
        Reports(int n) { this.n = n; }
        @Override public ConnectionReport get(int i) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(i);
            }
            ConnectionReport f = full(i);
            return f != null ? f : lean(i);
        }
        @Override public int size() { return n; }
    }

    // ------------------------------------------------------------------------------ the row of a report

    /** The table's part of {@code r}, its repeated values shared between rows. Called with the lock held. */
    private ConnectionReport tableRow(ConnectionReport r) {
        ConnectionReport.Details d = r.details();
        ConnectionReport.Details slim = new ConnectionReport.Details(d.firstFrame(), d.startTimeNanos(), d.lastFrame(),
                d.endTimeNanos(), null, null, 0, null, 0, null, null, List.of(), List.of(), d.timelineTotal(), List.of(),
                List.of(), Reconnect.NONE, d.tcpStream());
        return new ConnectionReport(r.capture(), r.client(), share(r.server()), share(r.dialect()), r.verdict(), r.fatal(),
                share(r.summary()), share(r.differences()), r.signature(), r.terminatedBy(), r.frames(), share(r.spec()),
                null, null, null, null, slim).withSignatureChecks(share(r.signatureChecks()))
                .withValidateSignature(share(r.validateSignature()));
    }

    @SuppressWarnings("unchecked")
    private <T> T share(T value) {
        if (value == null) {
            return null;
        }
        if (shared.size() > 200_000) {
            shared.clear(); // values that repeat are found again; unique ones must not pile up
        }
        return (T) shared.computeIfAbsent(value, v -> v);
    }
}
