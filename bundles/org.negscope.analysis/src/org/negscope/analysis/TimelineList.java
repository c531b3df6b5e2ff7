package org.negscope.analysis;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A connection's kept timeline in compact form: {@link TimelineRecorder#STRIDE} longs per event, the
 * {@link TimelineEvent} (with its text) built only when read. A capture with thousands of long connections keeps a
 * few hundred events each until its reports are dropped; as objects with texts that would cost hundreds of
 * megabytes, packed it costs 48 bytes an event. Immutable.
 */
final class TimelineList extends AbstractList<TimelineEvent> implements RandomAccess {
    private final long[] data;

    /** @param data packed events in order, times already offsets from the connection's start */
    TimelineList(long[] data) {
        this.data = data;
    }

    @Override public TimelineEvent get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return TimelineRecorder.event(TimelineRecorder.unpack(data, index * TimelineRecorder.STRIDE), 0);
    }

    @Override public int size() {
        return data.length / TimelineRecorder.STRIDE;
    }
}
