package org.negscope.ui.packets;

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
import org.negscope.capture.Progress;
import org.negscope.probe.PcapngWriter;
import org.negscope.probe.Transcript;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.credentials.Credentials;

/**
 * Every SMB2 message of one connection, for the packet-detail view: the analysis keeps only the messages its
 * verdict rests on, so the view reads the connection again when it is opened. Bounded so that a connection
 * moving gigabytes does not fill the heap: at most {@link #MAX_MESSAGES} entries, whole messages up to
 * {@link #MAX_MESSAGE_BYTES} each until {@link #BODY_BUDGET} bytes are kept, headers only after that. With
 * credentials the analysis reads the same bytes ({@link AnalysedConnection}) and every signed message carries its
 * check, decrypted messages stand in place of their TRANSFORM message, and {@link #checks()} has the counts.
 * The reading is done by {@link CaptureMessages} (a capture) and {@link TranscriptMessages} (the probe's exchange),
 * both through {@link MessageSink}, which keeps the bounds.
 */
public final class ConnectionMessages {
    public static final int MAX_MESSAGES = 20_000;
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    public static final long BODY_BUDGET = 32L * 1024 * 1024;

    private final List<MessageEntry> entries;
    private final boolean complete;
    private final String note;
    private final SignatureChecks checks;

    ConnectionMessages(List<MessageEntry> entries, boolean complete, String note) {
        this(entries, complete, note, SignatureChecks.NONE);
    }

    ConnectionMessages(List<MessageEntry> entries, boolean complete, String note, SignatureChecks checks) {
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

    /** Stream order: by frame; in the same frame, requests before answers. */
    static int order(MessageEntry a, MessageEntry b) {
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
        return CaptureMessages.read(capture, members, reports, progress, credentials);
    }

    /** The probe's own exchange, decoded from what went over its socket; frames as {@link PcapngWriter} numbers them. */
    public static ConnectionMessages fromTranscript(Transcript t) {
        return fromTranscript(t, null);
    }

    /** As {@link #fromTranscript(Transcript)}, every signature checked by the analysis with {@code credentials} (null: none). */
    public static ConnectionMessages fromTranscript(Transcript t, Credentials credentials) {
        return TranscriptMessages.decode(t, credentials);
    }

    /** Names each IOCTL answer after its request's FSCTL: an error answer carries no CtlCode. */
    static List<MessageEntry> titled(List<MessageEntry> list) {
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
}
