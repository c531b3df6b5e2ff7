package org.negscope.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.negscope.capture.CaptureWarning;

/**
 * The SMB-level warnings of one capture (decoder complaints, late bytes), kept up to {@link #MAX_WARNINGS} and
 * counted beyond. The SMB decoder knows stream offsets, not file offsets: a warning gets the file offset of the
 * frame's record only while the reader is handling that frame ({@link #position}).
 */
final class SmbWarnings {
    /** SMB-level warnings kept per capture; further ones are counted. */
    static final int MAX_WARNINGS = 1000;

    private final String file;
    private final List<CaptureWarning> kept = new ArrayList<>();
    private long dropped;
    /** The frame the reader is handling and where its record starts in the file. */
    private long positionFrame = -1, positionOffset = -1;

    SmbWarnings(String file) { this.file = file; }

    void position(long frame, long fileOffset) {
        positionFrame = frame;
        positionOffset = fileOffset;
    }

    /**
     * A warning about {@code frame}: the file offset is that of the frame's record when the reader is handling that
     * frame, else -1 (data the reader buffered out of order and delivered later).
     */
    CaptureWarning warningFor(long frame, String message) {
        return new CaptureWarning(file, frame, frame == positionFrame ? positionOffset : -1, message);
    }

    void add(CaptureWarning w) {
        if (kept.size() < MAX_WARNINGS) {
            kept.add(w);
        } else {
            dropped++;
        }
    }

    /** The reader's warnings followed by the SMB-level ones, and a line counting those not kept. */
    List<CaptureWarning> after(List<CaptureWarning> fromReader) {
        List<CaptureWarning> all = new ArrayList<>(fromReader.size() + kept.size() + 1);
        all.addAll(fromReader);
        all.addAll(kept);
        if (dropped > 0) {
            all.add(new CaptureWarning(file, 0, -1, dropped + " further SMB warnings not kept (limit " + MAX_WARNINGS + ")"));
        }
        return Collections.unmodifiableList(all);
    }
}
