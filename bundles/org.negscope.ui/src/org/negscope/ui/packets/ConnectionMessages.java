package org.negscope.ui.packets;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureChecks;
import org.negscope.analysis.ValidateMessages;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.CaptureSet;
import org.negscope.capture.Direction;
import org.negscope.capture.Endpoint;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;
import org.negscope.probe.PcapngWriter;
import org.negscope.probe.Transcript;
import org.negscope.probe.WireEvent;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Smb2StreamDecoder;
import org.negscope.smb2.TransformHeader;
import org.negscope.ui.credentials.Credentials;

/**
 * Every SMB2 message of one connection, for the packet-detail view: the analysis keeps only the messages its
 * verdict rests on, so the view reads the connection again when it is opened. Bounded so that a connection
 * moving gigabytes does not fill the heap: at most {@link #MAX_MESSAGES} entries, whole messages up to
 * {@link #MAX_MESSAGE_BYTES} each until {@link #BODY_BUDGET} bytes are kept, headers only after that. With
 * credentials the analysis reads the same bytes ({@link AnalysedConnection}) and every signed message carries its
 * check, decrypted messages stand in place of their TRANSFORM message, and {@link #checks()} has the counts.
 */
public final class ConnectionMessages {
    public static final int MAX_MESSAGES = 20_000;
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    public static final long BODY_BUDGET = 32L * 1024 * 1024;

    private final List<MessageEntry> entries;
    private final boolean complete;
    private final String note;
    private final SignatureChecks checks;

    private ConnectionMessages(List<MessageEntry> entries, boolean complete, String note) {
        this(entries, complete, note, SignatureChecks.NONE);
    }

    private ConnectionMessages(List<MessageEntry> entries, boolean complete, String note, SignatureChecks checks) {
        this.entries = List.copyOf(entries);
        this.complete = complete;
        this.note = note;
        this.checks = checks == null ? SignatureChecks.NONE : checks;
    }

    /** In stream order (by frame, requests before answers in the same frame). */
    public List<MessageEntry> entries() { return entries; }
    /** False when only the report's own messages are listed (the capture was not read again). */
    public boolean complete() { return complete; }
    /** What is missing from the list, "" when nothing. */
    public String note() { return note; }

    /**
     * What the analysis counted for the connection when the list was read with credentials (the same numbers as
     * {@link ConnectionReport#signatureChecks()}, hint included); {@link SignatureChecks#NONE} without them.
     */
    public SignatureChecks checks() { return checks; }

    /** The messages the analysis kept for the verdict (NEGOTIATE and every VALIDATE exchange): shown at once. */
    public static ConnectionMessages fromReport(ConnectionReport r) {
        Map<Smb2Message, Boolean> seen = new IdentityHashMap<>();
        List<MessageEntry> out = new ArrayList<>();
        add(out, seen, r.negotiateRequest(), true);
        add(out, seen, r.negotiateResponse(), false);
        for (ValidateMessages v : r.validateExchanges()) {
            add(out, seen, v.request(), true);
            add(out, seen, v.response(), false);
        }
        add(out, seen, r.validateRequest(), true);
        add(out, seen, r.validateResponse(), false);
        out.sort(ConnectionMessages::order);
        return new ConnectionMessages(titled(out), false, "only the messages the verdict rests on");
    }

    private static void add(List<MessageEntry> out, Map<Smb2Message, Boolean> seen, Smb2Message m, boolean fromClient) {
        if (m != null && seen.put(m, Boolean.TRUE) == null) {
            out.add(MessageEntry.of(m, fromClient));
        }
    }

    private static int order(MessageEntry a, MessageEntry b) {
        int c = Long.compare(a.frame(), b.frame());
        if (c != 0) {
            return c;
        }
        // Same frame: keep the decoder's order (stream offset), requests first.
        return Boolean.compare(!a.fromClient(), !b.fromClient());
    }

    /**
     * Reads {@code capture} again and lists the messages of the connection {@code r} reports (same client and server
     * address, same first frame when the report knows it). Stops reading once the connection has ended.
     */
    public static ConnectionMessages read(Path capture, ConnectionReport r, Progress progress) throws CaptureException {
        return read(capture, r, progress, null);
    }

    /** As {@link #read(Path, ConnectionReport, Progress)}, every signature checked by the analysis with {@code credentials}. */
    public static ConnectionMessages read(Path capture, ConnectionReport r, Progress progress, Credentials credentials)
            throws CaptureException {
        return readAll(capture, List.of(r), progress, credentials).get(r);
    }

    /** As {@link #read(Path, ConnectionReport, Progress, Credentials)} for a capture set (frames numbered across it). */
    public static ConnectionMessages readSet(List<Path> members, ConnectionReport r, Progress progress, Credentials credentials)
            throws CaptureException {
        return readAll(members.get(0), members, List.of(r), progress, credentials).get(r);
    }

    /**
     * As {@link #read} for several connections in one pass over the file (the signature check of every VALIDATE
     * response of a capture). Stops once all of them have ended. Every report gets a list (empty, with a note, when
     * the capture has no such connection).
     */
    public static Map<ConnectionReport, ConnectionMessages> readAll(Path capture, List<ConnectionReport> reports,
            Progress progress) throws CaptureException {
        return readAll(capture, reports, progress, null);
    }

    /** As {@link #readAll(Path, List, Progress)}, with {@code credentials} (null: none) given to the analysis. */
    public static Map<ConnectionReport, ConnectionMessages> readAll(Path capture, List<ConnectionReport> reports,
            Progress progress, Credentials credentials) throws CaptureException {
        return readAll(capture, List.of(), reports, progress, credentials);
    }

    /** As {@link #readAll(Path, List, Progress, Credentials)}; {@code members} not empty: the capture set they form. */
    public static Map<ConnectionReport, ConnectionMessages> readAll(Path capture, List<Path> members, List<ConnectionReport> reports,
            Progress progress, Credentials credentials) throws CaptureException {
        Collector collector = new Collector(reports, credentials, String.valueOf(capture));
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
                    : one.messages(collector.note()));
        }
        return out;
    }

    /** The probe's own exchange, decoded from what went over its socket; frames as {@link PcapngWriter} numbers them. */
    public static ConnectionMessages fromTranscript(Transcript t) {
        return fromTranscript(t, null);
    }

    /** As {@link #fromTranscript(Transcript)}, every signature checked by the analysis with {@code credentials} (null: none). */
    public static ConnectionMessages fromTranscript(Transcript t, Credentials credentials) {
        List<MessageEntry> out = new ArrayList<>();
        if (t == null || t.client() == null) {
            return new ConnectionMessages(out, true, "the probe did not connect");
        }
        AnalysedConnection analysed = null;
        if (t.client().getAddress() != null && t.server() != null && t.server().getAddress() != null) {
            analysed = AnalysedConnection.start(credentials, new TcpConnection(0,
                    new Endpoint(t.client().getAddress().getAddress(), t.client().getPort()),
                    new Endpoint(t.server().getAddress().getAddress(), t.server().getPort()), 1, 0, true), "probe of " + t.server());
        }
        try {
            return transcript(t, out, analysed);
        } finally {
            if (analysed != null) {
                analysed.finish();
            }
        }
    }

    private static ConnectionMessages transcript(Transcript t, List<MessageEntry> out, AnalysedConnection analysed) {
        long[] frames = PcapngWriter.eventFrames(t);
        Sink client = new Sink(out, true, null);
        Sink server = new Sink(out, false, null);
        Smb2StreamDecoder fromClient = new Smb2StreamDecoder(client, MAX_MESSAGE_BYTES);
        Smb2StreamDecoder fromServer = new Smb2StreamDecoder(server, MAX_MESSAGE_BYTES);
        long clientOffset = 0;
        long serverOffset = 0;
        List<WireEvent> events = t.events();
        for (int i = 0; i < events.size(); i++) {
            WireEvent e = events.get(i);
            if (e.type() != WireEvent.Type.DATA) {
                continue;
            }
            byte[] b = e.bytes();
            long frame = i < frames.length ? frames[i] : 0;
            if (analysed != null) {
                analysed.data(e.fromClient() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT, ByteBuffer.wrap(b),
                        e.fromClient() ? clientOffset : serverOffset, frame, e.timeNanos());
            }
            if (e.fromClient()) {
                fromClient.feed(ByteBuffer.wrap(b), clientOffset, frame, e.timeNanos());
                clientOffset += b.length;
            } else {
                fromServer.feed(ByteBuffer.wrap(b), serverOffset, frame, e.timeNanos());
                serverOffset += b.length;
            }
        }
        if (analysed == null) {
            out.sort(ConnectionMessages::order);
            return new ConnectionMessages(titled(out), true, "");
        }
        List<MessageEntry> checked = new ArrayList<>(analysed.apply(out));
        checked.sort(ConnectionMessages::order);
        return new ConnectionMessages(titled(checked), true, "", analysed.summary());
    }

    /** Names each IOCTL answer after its request's FSCTL: an error answer carries no CtlCode. */
    private static List<MessageEntry> titled(List<MessageEntry> list) {
        Map<Long, Integer> ctl = new HashMap<>();
        List<MessageEntry> out = new ArrayList<>(list.size());
        for (MessageEntry e : list) {
            Smb2Message m = e.message();
            if (m != null && m.header().command() == Smb2Command.IOCTL) {
                if (!m.header().isResponse()) {
                    ctl.put(m.header().messageId(), e.ctlCode());
                } else {
                    Integer code = ctl.get(m.header().messageId());
                    if (code != null && code != 0) {
                        e = e.answering(code);
                    }
                }
            }
            out.add(e);
        }
        return out;
    }

    /** Collects one direction's messages into a shared list, within the budgets. */
    private static final class Sink implements Smb2Listener {
        private final List<MessageEntry> out;
        private final boolean fromClient;
        private final Collector budget;

        Sink(List<MessageEntry> out, boolean fromClient, Collector budget) {
            this.out = out;
            this.fromClient = fromClient;
            this.budget = budget;
        }

        @Override
        public void message(Smb2Message m) {
            if (out.size() < MAX_MESSAGES) {
                out.add(MessageEntry.of(m, fromClient));
                if (budget != null) {
                    budget.kept += m.keptLength();
                }
            } else if (budget != null) {
                budget.dropped++;
            }
        }

        @Override
        public void encrypted(TransformHeader t, long firstFrame, long lastFrame, long timeNanos) {
            if (out.size() < MAX_MESSAGES) {
                out.add(MessageEntry.encrypted(t, fromClient));
            } else if (budget != null) {
                budget.dropped++;
            }
        }

        @Override
        public int keepBytes(Smb2Header header, int maxKeptBytes) {
            // Past the budget only headers are kept: the list stays complete, bulk bodies are not copied.
            return budget != null && budget.kept >= BODY_BUDGET ? Smb2Header.SIZE : maxKeptBytes;
        }
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
            return analysed == null ? new ConnectionMessages(titled(entries), true, note)
                    : new ConnectionMessages(titled(analysed.apply(entries)), true, note, analysed.summary());
        }
    }

    /** The reader's listener: finds the wanted connections, decodes both directions, notices their end. */
    private static final class Collector implements StreamListener {
        private final List<ConnectionReport> wanted;
        private final Credentials credentials;
        private final String name;
        final Map<ConnectionReport, One> found = new IdentityHashMap<>();
        long kept;
        long dropped;

        Collector(List<ConnectionReport> wanted, Credentials credentials, String name) {
            this.wanted = wanted;
            this.credentials = credentials;
            this.name = name;
        }

        boolean done() {
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

        String note() {
            StringBuilder b = new StringBuilder();
            if (dropped > 0) {
                b.append(dropped).append(" later message(s) not listed (at most ").append(MAX_MESSAGES).append(")");
            }
            if (kept >= BODY_BUDGET) {
                b.append(b.length() == 0 ? "" : "; ").append("bodies of later messages not kept (")
                        .append(BODY_BUDGET / (1024 * 1024)).append(" MiB kept)");
            }
            return b.toString();
        }

        @Override
        public void connectionOpened(TcpConnection c) {
            for (ConnectionReport r : wanted) {
                if (!found.containsKey(r) && c.client().toString().equals(r.client()) && c.server().toString().equals(r.server())
                        && (r.firstFrame() <= 0 || c.firstFrame() == r.firstFrame())) {
                    One o = new One();
                    o.toServer = new Smb2StreamDecoder(new Sink(o.entries, true, this), MAX_MESSAGE_BYTES);
                    o.toClient = new Smb2StreamDecoder(new Sink(o.entries, false, this), MAX_MESSAGE_BYTES);
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
}
