package org.negscope.analysis;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The final reports of one {@link ReportDetail#COMPACT} capture in order of appearance, as
 * {@link AnalysisResult#connections()} shows them: {@link CompactReports packed}, unpacked whenever one is read (and
 * not kept: the output writers read each report once). The reconnect facts, known only when the whole capture has been read,
 * are held beside the packed bytes and joined in on reading.
 */
final class ReportList extends AbstractList<ConnectionReport> implements RandomAccess {
    private final int[] numbers;          // of each report in `packed`
    private final Reconnect[] reconnects; // null: the report's own
    private final boolean anyFatal;
    private final CompactReports packed;

    ReportList(int[] numbers, Reconnect[] reconnects, boolean anyFatal, CompactReports packed) {
        this.numbers = numbers;
        this.reconnects = reconnects;
        this.anyFatal = anyFatal;
        this.packed = packed;
    }

    @Override public ConnectionReport get(int i) {
        ConnectionReport r = packed.get(numbers[i]);
        Reconnect rc = reconnects[i];
        return rc == null ? r : r.withDetails(r.details().withReconnect(rc));
    }

    @Override public int size() { return numbers.length; }

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
