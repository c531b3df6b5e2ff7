package org.negscope.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects warnings up to a cap (memory stays bounded on a badly damaged file) and counts the rest. The files of a
 * capture set share one collection, each naming its own file ({@link #named}).
 */
final class Warnings {
    /** What the files of one read share: the kept warnings, the cap and the count of those left out. */
    private static final class Store {
        final int max;
        final StreamListener listener;
        final List<CaptureWarning> kept = new ArrayList<>();
        long dropped;
        Store(int max, StreamListener listener) { this.max = max; this.listener = listener; }
    }

    private final String file;
    private final Store store;

    Warnings(String file, int max, StreamListener listener) {
        this(file, new Store(max, listener));
    }

    private Warnings(String file, Store store) {
        this.file = file;
        this.store = store;
    }

    /** The same collection, its warnings naming {@code otherFile} (a member of a capture set). */
    Warnings named(String otherFile) {
        return new Warnings(otherFile, store);
    }

    /** False once the cap is reached: callers test it before building an expensive message. */
    boolean wanted() {
        if (store.kept.size() < store.max) return true;
        store.dropped++;
        return false;
    }

    void add(long frame, long offset, String message) {
        if (store.kept.size() >= store.max) { store.dropped++; return; }
        CaptureWarning w = new CaptureWarning(file, frame, offset, message);
        store.kept.add(w);
        store.listener.warning(w);
    }

    /** The kept warnings, plus one saying how many were left out. */
    List<CaptureWarning> finish(long offset) {
        if (store.dropped > 0) {
            CaptureWarning w = new CaptureWarning(file, 0, offset, store.dropped + " further warnings not kept (limit " + store.max + ")");
            store.kept.add(w);
            store.listener.warning(w);
            store.dropped = 0;
        }
        return Collections.unmodifiableList(new ArrayList<>(store.kept));
    }
}
