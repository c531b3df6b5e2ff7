package org.negscope.ui.packets;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.negscope.analysis.ConnectionReport;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.CaptureSet;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;
import org.negscope.smb2.Smb2StreamDecoder;
import org.negscope.ui.credentials.Credentials;

/**
 * Reads a capture (or capture set) again for the messages of some of its connections: the reader's listener finds
 * the wanted connections (same client and server address, same first frame when the report knows it), decodes
 * both directions of each, and stops the reading once all of them have ended.
 */
final class CaptureMessages implements StreamListener {
    private final List<ConnectionReport> wanted;
    private final Credentials credentials;
    private final String name;
    private final Map<ConnectionReport, One> found = new IdentityHashMap<>();
    private final MessageSink.Budget budget = new MessageSink.Budget();

    private CaptureMessages(List<ConnectionReport> wanted, Credentials credentials, String name) {
        this.wanted = wanted;
        this.credentials = credentials;
        this.name = name;
    }

    /** See {@link ConnectionMessages#readAll(Path, List, List, Progress, Credentials)}. */
    static Map<ConnectionReport, ConnectionMessages> read(Path capture, List<Path> members, List<ConnectionReport> reports,
            Progress progress, Credentials credentials) throws CaptureException {
        CaptureMessages collector = new CaptureMessages(reports, credentials, String.valueOf(capture));
        Progress p = progress == null ? Progress.NONE : progress;
        try {
            if (!reports.isEmpty()) {
                Progress q = new Progress() {
                    @Override public void worked(long bytesRead, long totalBytes) { p.worked(bytesRead, totalBytes); }
                    @Override public boolean isCanceled() { return p.isCanceled() || collector.done(); }
                };
                if (members.isEmpty()) {
                    CaptureReader.read(capture, collector, q);
                } else {
                    CaptureSet.read(members, collector, q);
                }
            }
        } finally {
            collector.found.values().forEach(One::finish); // keys are wiped whatever happened
        }
        Map<ConnectionReport, ConnectionMessages> out = new IdentityHashMap<>();
        for (ConnectionReport r : reports) {
            One one = collector.found.get(r);
            out.put(r, one == null
                    ? new ConnectionMessages(List.of(), true, "the capture has no connection " + r.client() + " \u2192 " + r.server()
                            + (r.firstFrame() > 0 ? " starting at frame " + r.firstFrame() : ""))
                    : one.messages(collector.budget.note()));
        }
        return out;
    }

    /** One wanted connection being read: its two decoders and whether each side has closed. */
    private static final class One {
        final List<MessageEntry> entries = new ArrayList<>();
        Smb2StreamDecoder toServer;
        Smb2StreamDecoder toClient;
        /** The analysis over the same bytes, with the credentials; null without them. */
        AnalysedConnection analysed;
        boolean clientClosed;
        boolean serverClosed;

        void finish() {
            if (analysed != null) {
                analysed.finish();
            }
        }

        ConnectionMessages messages(String note) {
            return analysed == null ? new ConnectionMessages(ConnectionMessages.titled(entries), true, note)
                    : new ConnectionMessages(ConnectionMessages.titled(analysed.apply(entries)), true, note, analysed.summary());
        }
    }

    private boolean done() {
        if (found.size() < wanted.size()) {
            return false;
        }
        for (One o : found.values()) {
            if (!(o.clientClosed && o.serverClosed)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void connectionOpened(TcpConnection c) {
        for (ConnectionReport r : wanted) {
            if (!found.containsKey(r) && c.client().toString().equals(r.client()) && c.server().toString().equals(r.server())
                    && (r.firstFrame() <= 0 || c.firstFrame() == r.firstFrame())) {
                One o = new One();
                o.toServer = new Smb2StreamDecoder(new MessageSink(o.entries, true, budget), ConnectionMessages.MAX_MESSAGE_BYTES);
                o.toClient = new Smb2StreamDecoder(new MessageSink(o.entries, false, budget), ConnectionMessages.MAX_MESSAGE_BYTES);
                o.analysed = AnalysedConnection.start(credentials, c, name);
                found.put(r, o);
                c.attachment = o;
                return;
            }
        }
    }

    @Override
    public void data(TcpConnection c, Direction d, ByteBuffer bytes, long streamOffset, long frame, long timeNanos) {
        if (c.attachment instanceof One o) {
            if (o.analysed != null) {
                o.analysed.data(d, bytes, streamOffset, frame, timeNanos);
            }
            (d == Direction.CLIENT_TO_SERVER ? o.toServer : o.toClient).feed(bytes, streamOffset, frame, timeNanos);
        }
    }

    @Override
    public void gap(TcpConnection c, Direction d, long streamOffset, long missingBytes, long frame) {
        if (c.attachment instanceof One o) {
            if (o.analysed != null) {
                o.analysed.gap(d, streamOffset, missingBytes, frame);
            }
            (d == Direction.CLIENT_TO_SERVER ? o.toServer : o.toClient).gap(streamOffset, missingBytes, frame);
        }
    }

    @Override
    public void closed(TcpConnection c, Direction from, boolean reset, long frame, long timeNanos) {
        if (c.attachment instanceof One o) {
            if (o.analysed != null) {
                o.analysed.closed(from, reset, frame, timeNanos);
            }
            if (reset) {
                o.clientClosed = true;
                o.serverClosed = true;
            } else if (from == Direction.CLIENT_TO_SERVER) {
                o.clientClosed = true;
            } else {
                o.serverClosed = true;
            }
        }
    }
}
