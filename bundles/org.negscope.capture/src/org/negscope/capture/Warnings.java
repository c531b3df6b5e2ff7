package org.negscope.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects warnings up to a cap (memory stays bounded on a badly damaged file) and counts the rest. */
final class Warnings {
    private final String file;
    private final int max;
    private final StreamListener listener;
    private final List<CaptureWarning> kept = new ArrayList<>();
    private long dropped;

    Warnings(String file, int max, StreamListener listener) {
        this.file = file;
        this.max = max;
        this.listener = listener;
    }

    /** False once the cap is reached: callers test it before building an expensive message. */
    boolean wanted() {
        if (kept.size() < max) return true;
        dropped++;
        return false;
    }

    void add(long frame, long offset, String message) {
        if (kept.size() >= max) { dropped++; return; }
        CaptureWarning w = new CaptureWarning(file, frame, offset, message);
        kept.add(w);
        listener.warning(w);
    }

    /** The kept warnings, plus one saying how many were left out. */
    List<CaptureWarning> finish(long offset) {
        if (dropped > 0) {
            CaptureWarning w = new CaptureWarning(file, 0, offset, dropped + " further warnings not kept (limit " + max + ")");
            kept.add(w);
            listener.warning(w);
            dropped = 0;
        }
        return Collections.unmodifiableList(new ArrayList<>(kept));
    }
}
