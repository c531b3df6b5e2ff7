package org.negscope.analysis;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.CaptureSet;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;

/**
 * The full report (decoded messages, VALIDATE exchanges, timeline) of one connection of a {@link ReportDetail#COMPACT}
 * analysis, made by reading the capture again: the workbench keeps most reports packed and asks for the full one when
 * the user selects a connection (docs/architecture.md "Memory").
 * <p>
 * Only the wanted connection (same client and server address, same first frame) reaches a {@link ReportDetail#FULL}
 * analyzer, and reading stops where the COMPACT pass judged it: {@link CaptureAnalyzer#ENDED_GRACE_NANOS} of capture
 * time after it ended (FIN both ways or RST), or at the end of the capture. So the report is the one the first pass
 * made, with the reconnect facts (which need every connection of the capture) taken from the packed report.
 */
public final class ConnectionReread {
    private ConnectionReread() {}

    /**
     * @param file     the capture (for a capture set: its first input, and {@code members} all of them)
     * @param members  a capture set's files or directories; empty for a single file
     * @param packed   the connection's report from the first pass (lean is enough)
     * @param listener gets the analysis' calls for this connection (signature checks with credentials); may be null
     * @return the full report, or null when the capture has no such connection (or reading was canceled before it)
     */
    public static ConnectionReport read(Path file, List<Path> members, ConnectionReport packed, AnalysisOptions options,
                                        Progress progress, AnalysisListener listener) throws CaptureException {
        Progress p = progress == null ? Progress.NONE : progress;
        CaptureAnalyzer analyzer = new CaptureAnalyzer(packed.capture(), String.valueOf(file), options, listener, ReportDetail.FULL);
        One one = new One(packed, analyzer);
        Progress stop = new Progress() {
            @Override public void worked(long bytesRead, long totalBytes) { p.worked(bytesRead, totalBytes); }
            @Override public boolean isCanceled() { return p.isCanceled() || one.done; }
        };
        try {
            if (members == null || members.isEmpty()) {
                CaptureReader.read(file, one, stop);
            } else {
                CaptureSet.read(members, one, stop);
            }
        } catch (CaptureException | RuntimeException e) {
            analyzer.discardKeys();
            throw e;
        }
        List<ConnectionReport> reports = analyzer.finish();
        if (one.target == null || reports.isEmpty() || p.isCanceled() && !one.done) {
            return null;
        }
        ConnectionReport full = reports.get(0);
        return full.withDetails(full.details().withReconnect(packed.reconnect()));
    }

    /** Passes the wanted connection's events on, and says when the first pass judged it. */
    private static final class One implements StreamListener {
        private final ConnectionReport wanted;
        private final CaptureAnalyzer analyzer;
        TcpConnection target;
        private boolean finFromClient, finFromServer, ended;
        private long endedAt;
        volatile boolean done;

        One(ConnectionReport wanted, CaptureAnalyzer analyzer) {
            this.wanted = wanted;
            this.analyzer = analyzer;
        }

        @Override public void position(long frame, long fileOffset) {
            analyzer.position(frame, fileOffset);
        }

        @Override public void connectionOpened(TcpConnection c) {
            if (target == null && c.client().toString().equals(wanted.client()) && c.server().toString().equals(wanted.server())
                    && (wanted.firstFrame() <= 0 || c.firstFrame() == wanted.firstFrame())) {
                target = c;
                analyzer.connectionOpened(c);
            }
        }

        /** As CaptureAnalyzer (COMPACT) judges: an event this long after the end is not analysed, the report is made. */
        private boolean judged(long now) {
            if (ended && now - endedAt >= CaptureAnalyzer.ENDED_GRACE_NANOS) {
                done = true;
            }
            return done;
        }

        @Override public void data(TcpConnection c, Direction d, ByteBuffer bytes, long streamOffset, long frame, long timeNanos) {
            if (!judged(timeNanos) && c == target) {
                analyzer.data(c, d, bytes, streamOffset, frame, timeNanos);
            }
        }

        @Override public void gap(TcpConnection c, Direction d, long streamOffset, long missingBytes, long frame) {
            if (!done && c == target) {
                analyzer.gap(c, d, streamOffset, missingBytes, frame);
            }
        }

        @Override public void closed(TcpConnection c, Direction from, boolean reset, long frame, long timeNanos) {
            if (judged(timeNanos) || c != target) {
                return;
            }
            analyzer.closed(c, from, reset, frame, timeNanos);
            finFromClient |= from == Direction.CLIENT_TO_SERVER;
            finFromServer |= from == Direction.SERVER_TO_CLIENT;
            if (!ended && (reset || finFromClient && finFromServer)) {
                ended = true;
                endedAt = timeNanos;
            }
        }
    }
}
