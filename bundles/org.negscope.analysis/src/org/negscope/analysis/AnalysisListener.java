package org.negscope.analysis;

import java.nio.file.Path;
import org.negscope.capture.CaptureException;

/**
 * Progressive results for the workbench. Methods are called on the analysing thread (not the UI thread):
 * implementations hand the data over to their UI themselves.
 */
public interface AnalysisListener {
    /**
     * A connection's verdict became known or changed (it may change again until the capture has been
     * read to its end; the last call per connection is final). The report is immutable.
     */
    default void connectionUpdated(ConnectionReport report) {}

    /** A capture has been read completely (or up to cancellation). */
    default void captureFinished(CaptureReport capture) {}

    /**
     * A file could not be read at all (missing, a directory, not a capture). The default stops the whole
     * analysis by rethrowing; return normally to go on with the remaining files (the CLI does, so that
     * it can name every unreadable file and still exit 2).
     */
    default void captureFailed(Path file, CaptureException e) throws CaptureException {
        throw e;
    }

    AnalysisListener NONE = new AnalysisListener() {};
}
