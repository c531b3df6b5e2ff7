package org.negscope.analysis;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The final reports of one capture in order of appearance, as {@link AnalysisResult#connections()} shows them, where
 * each is either a report or a {@link CompactReports packed} one that is unpacked whenever it is read (and not kept:
 * the output writers read each report once). The reconnect facts, known only when the whole capture has been read,
 * are held beside the packed bytes and joined in on reading.
 */
final class ReportList extends AbstractList<ConnectionReport> implements RandomAccess {
    private final Object[] entries;       // ConnectionReport, or the Integer number of a report in `packed`
    private final Reconnect[] reconnects; // null: the entry's own
    private final boolean anyFatal;
    private final CompactReports packed;

    ReportList(Object[] entries, Reconnect[] reconnects, boolean anyFatal, CompactReports packed) {
        this.entries = entries;
        this.reconnects = reconnects;
        this.anyFatal = anyFatal;
        this.packed = packed;
    }

    @Override public ConnectionReport get(int i) {
        Object e = entries[i];
        ConnectionReport r = e instanceof Integer number ? packed.get(number) : (ConnectionReport) e;
        Reconnect rc = reconnects[i];
        return rc == null ? r : r.withDetails(r.details().withReconnect(rc));
    }

    @Override public int size() { return entries.length; }

    /** {@link AnalysisResult#anyFatal()} without unpacking every report. */
    boolean anyFatal() { return anyFatal; }

    /** Whether any report of these lists is fatal, unpacking only lists that are not ReportLists. */
    static boolean anyFatal(List<ConnectionReport> reports) {
        if (reports instanceof ReportList l) {
            return l.anyFatal;
        }
        if (reports instanceof Concatenation c) {
            return c.parts.stream().anyMatch(ReportList::anyFatal);
        }
        return reports.stream().anyMatch(ConnectionReport::fatal);
    }

    /** The reports of several captures one after the other, without copying (copying would unpack them all). */
    static List<ConnectionReport> concat(List<List<ConnectionReport>> parts) {
        return parts.size() == 1 ? parts.get(0) : new Concatenation(List.copyOf(parts));
    }

    private static final class Concatenation extends AbstractList<ConnectionReport> implements RandomAccess {
        private final List<List<ConnectionReport>> parts;
        private final int size;

        Concatenation(List<List<ConnectionReport>> parts) {
            this.parts = parts;
            this.size = parts.stream().mapToInt(List::size).sum();
        }

        @Override public ConnectionReport get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            for (List<ConnectionReport> p : parts) {
                if (i < p.size()) {
                    return p.get(i);
                }
                i -= p.size();
            }
            throw new IndexOutOfBoundsException(i); // not reached
        }

        @Override public int size() { return size; }
    }
}
