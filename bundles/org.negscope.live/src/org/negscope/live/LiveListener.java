package org.negscope.live;

import java.nio.file.Path;
import org.negscope.analysis.ConnectionReport;

/**
 * What a running capture reports, on the capturing thread (UIs hand it over to their own thread).
 */
public interface LiveListener {
    /** Capture is running: the filter is set and frames are being read. */
    default void started(String iface, int linkType, String filter) {}

    /** A connection's verdict became known or changed; the last call per connection (after stop) is final. */
    default void connectionUpdated(ConnectionReport report) {}

    /** A new ring file was started. */
    default void fileStarted(Path file) {}

    /** A ring file was deleted to keep the ring bounded. */
    default void fileDeleted(Path file) {}

    /** Frames captured so far (called about once a second while frames arrive). */
    default void frames(long count) {}

    LiveListener NONE = new LiveListener() {};
}
