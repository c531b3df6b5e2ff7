package org.negscope.analysis;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.CaptureSet;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;

/**
 * The analysis engine: listens to the reassembled TCP streams of one capture, finds the SMB connections
 * by content (any port), tracks their NEGOTIATE / SESSION_SETUP / TREE_CONNECT / VALIDATE_NEGOTIATE_INFO
 * exchanges and judges each connection (docs/protocol.md). Use {@link #analyze} for whole files; the instance
 * API is for callers that drive {@link CaptureReader} themselves (e.g. live capture).
 * <p>
 * Memory: per SMB connection a few small messages and counters; a connection that proves not to be SMB
 * is forgotten at once (its {@link TcpConnection#attachment} becomes a shared marker).
 * <p>
 * Why this size: it is the capture-wide half of the analysis, and its parts (the StreamListener, the entry points
 * for files and sets with their progress, and the two ways of making final reports: FULL at the end with the
 * reconnect facts, COMPACT a grace time after each connection ends, packed) share the set of SMB connections not
 * judged yet. The per-connection work is {@link ConnectionTracker}'s and {@link MessageRecorder}'s, the verdicts
 * {@link Diagnosis}'.
 */
public final class CaptureAnalyzer implements StreamListener {
    /**
     * Bytes kept per SMB2 message. NEGOTIATE, SESSION_SETUP, TREE_CONNECT and VALIDATE messages are a few
     * hundred bytes (Kerberos tickets a few KiB); READ/WRITE data beyond this is skipped, not copied.
     */
    public static final int MAX_KEPT_BYTES = 64 * 1024;
    private static final Object NOT_SMB = new Object();
    /** The attachment of a connection whose final report is made ({@link ReportDetail#COMPACT}). */
    private static final Object JUDGED = new Object();

    /**
     * {@link ReportDetail#COMPACT}: an ended connection is judged this long (capture time) after its end. After an RST
     * or FIN both ways only stragglers can follow: bytes that crossed the RST, the other side's RST, out-of-order
     * timestamps of merged captures; they come within a round trip. Bytes that come later still are not analysed and
     * a warning says so.
     */
    public static final long ENDED_GRACE_NANOS = 2_000_000_000L;

    private final int captureIndex;
    private final AnalysisListener listener;
    /** The capture's SMB-level warnings (decoder complaints, late bytes). */
    private final SmbWarnings warnings;
    /** What each tracker is given of this analysis. */
    private final ConnectionTracker.Context trackerContext;
    /**
     * Whether the listener takes progressive reports. When it does not (the CLI), a connection is judged once,
     * in {@link #finish()}, instead of after every significant message (that re-judging was 14-35 % of a run).
     */
    private final boolean progressive;
    private final ReportDetail detail;
    /** The SMB connections not judged yet, in order of recognition. */
    private final LinkedHashSet<ConnectionTracker> smb = new LinkedHashSet<>();
    /** COMPACT: ended connections waiting for {@link #ENDED_GRACE_NANOS}, oldest end first. */
    private final ArrayDeque<ConnectionTracker> ended = new ArrayDeque<>();
    /** COMPACT: the connections judged so far, report packed. */
    private final List<Judged> judged = new ArrayList<>();
    /** COMPACT: the judged connections' reports, packed. */
    private CompactReports packed;
    private long grace = ENDED_GRACE_NANOS;

    /** A judged connection: its packed report and what the reconnect facts of the capture need of it. */
    private record Judged(int tcpIndex, int packed, boolean fatal, Reconnects.Span span) {}

    /**
     * @param captureIndex index of this capture in the result's "captures" (ConnectionReport#capture)
     * @param file         the file name used in warnings
     */
    public CaptureAnalyzer(int captureIndex, String file, AnalysisOptions options, AnalysisListener listener) {
        this(captureIndex, file, options, listener, ReportDetail.FULL);
    }

    /**
     * @param detail {@link ReportDetail#COMPACT} for outputs that show no decoded messages and no timeline; a listener that
     *               takes {@link AnalysisListener#connectionUpdated} still gets an early verdict of each of the first
     *               {@link #PROGRESSIVE_CONNECTIONS} connections and, when any connection is judged, its full final report
     *               (without the reconnect facts, which the packed list carries)
     */
    public CaptureAnalyzer(int captureIndex, String file, AnalysisOptions options, AnalysisListener listener, ReportDetail detail) {
        this.captureIndex = captureIndex;
        AnalysisOptions opts = options == null ? AnalysisOptions.none() : options;
        this.listener = listener == null ? AnalysisListener.NONE : listener;
        this.warnings = new SmbWarnings(file);
        this.trackerContext = new ConnectionTracker.Context(opts.hasCredentials(), new SignatureVerifier(opts), this.listener,
                warnings, this::recognised, t -> publish(t, false));
        this.detail = detail == null ? ReportDetail.FULL : detail;
        // COMPACT with a listener that takes updates (the workbench): early verdicts (see publish), and each
        // connection's full final report once, when it is judged; the listener decides what it keeps (ReportDetail).
        this.progressive = takesUpdates(this.listener);
    }

    /** Tests: how long an ended connection waits before it is judged (COMPACT). */
    void endedGrace(long nanos) { grace = nanos; }

    /** True unless {@code l} keeps the default, empty {@link AnalysisListener#connectionUpdated}. */
    static boolean takesUpdates(AnalysisListener l) {
        try {
            return l.getClass().getMethod("connectionUpdated", ConnectionReport.class).getDeclaringClass() != AnalysisListener.class;
        } catch (NoSuchMethodException | RuntimeException e) {
            return true; // when in doubt, publish
        }
    }

    /**
     * Analyses the captures one after the other. A file that cannot be read at all goes to
     * {@link AnalysisListener#captureFailed} (which by default rethrows, ending the analysis); damage inside
     * a readable file becomes warnings in its {@link CaptureReport}. Cancellation through {@code progress}
     * returns what was found so far.
     */
    public static AnalysisResult analyze(List<Path> files, AnalysisOptions options, Progress progress,
                                         AnalysisListener listener) throws CaptureException {
        return analyze(files, options, progress, listener, ReportDetail.FULL);
    }

    /** As {@link #analyze(List, AnalysisOptions, Progress, AnalysisListener)}, keeping {@code detail} of each report. */
    public static AnalysisResult analyze(List<Path> files, AnalysisOptions options, Progress progress,
                                         AnalysisListener listener, ReportDetail detail) throws CaptureException {
        List<Input> inputs = new ArrayList<>();
        for (Path f : files) {
            inputs.add(new Input(f, f.toString(), size(List.of(f)), (l, p) -> CaptureReader.read(f, l, p)));
        }
        return analyzeInputs(inputs, options, progress, listener, detail);
    }

    /**
     * Analyses several files (or the files of directories) as one capture set, read in time order with frames numbered
     * across it ({@link CaptureSet}): the result has one capture, format "set", whose report lists the members. A set
     * none of whose files holds a packet goes to {@link AnalysisListener#captureFailed} with the first input's path.
     */
    public static AnalysisResult analyzeSet(List<Path> inputs, AnalysisOptions options, Progress progress,
                                            AnalysisListener listener, ReportDetail detail) throws CaptureException {
        Input set = new Input(inputs.get(0), CaptureSet.name(inputs), size(inputs), (l, p) -> CaptureSet.read(inputs, l, p));
        return analyzeInputs(List.of(set), options, progress, listener, detail);
    }

    /** One capture to analyse: a file or a set; {@code path} is what {@link AnalysisListener#captureFailed} is told. */
    private record Input(Path path, String name, long size, Reader reader) {}

    private interface Reader {
        CaptureSummary read(StreamListener listener, Progress progress) throws CaptureException;
    }

    /** Bytes of the files (and of the files in the directories) given: for progress only. */
    private static long size(List<Path> paths) {
        long total = 0;
        for (Path f : paths) {
            try {
                if (Files.isRegularFile(f)) {
                    total += Files.size(f);
                } else if (Files.isDirectory(f)) {
                    total += size(CaptureSet.files(List.of(f)));
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the reader reports it properly
            }
        }
        return total;
    }

    private static AnalysisResult analyzeInputs(List<Input> inputs, AnalysisOptions options, Progress progress,
                                                AnalysisListener listener, ReportDetail detail) throws CaptureException {
        Progress outer = progress == null ? Progress.NONE : progress;
        AnalysisListener l = listener == null ? AnalysisListener.NONE : listener;
        long grandTotal = 0;
        for (Input in : inputs) {
            grandTotal += in.size();
        }
        List<CaptureReport> captures = new ArrayList<>();
        List<List<ConnectionReport>> connections = new ArrayList<>();
        long[] done = {0};
        for (Input in : inputs) {
            if (outer.isCanceled()) {
                break;
            }
            CaptureAnalyzer a = new CaptureAnalyzer(captures.size(), in.name(), options, l, detail);
            final long before = done[0];
            final long total = grandTotal;
            Progress p = new Progress() {
                @Override public void worked(long bytesRead, long totalBytes) {
                    outer.worked(before + bytesRead, Math.max(total, before + totalBytes));
                }
                @Override public boolean isCanceled() { return outer.isCanceled(); }
            };
            CaptureSummary summary;
            try {
                summary = in.reader().read(a, p);
            } catch (CaptureException e) {
                a.discardKeys();
                l.captureFailed(in.path(), e);
                continue;
            } catch (RuntimeException | Error e) {
                a.discardKeys();
                throw e;
            }
            done[0] = before + in.size();
            connections.add(a.finish());
            CaptureReport report = new CaptureReport(summary.path(), summary.format(), summary.frames(),
                    a.warnings(summary.warnings()), summary.duplicates(), summary.nonPacketRecords(), summary.members());
            captures.add(report);
            l.captureFinished(report);
            if (summary.canceled()) {
                break;
            }
        }
        // not copied into one list: a COMPACT capture's reports are unpacked only when read
        return new AnalysisResult(Collections.unmodifiableList(captures), ReportList.concat(connections));
    }

    // ------------------------------------------------------------------------------ StreamListener

    /** The frame the reader is handling and where its record starts in the file (for SMB-level warnings). */
    @Override public void position(long frame, long fileOffset) {
        warnings.position(frame, fileOffset);
    }

    @Override public void connectionOpened(TcpConnection c) {
        c.attachment = new ConnectionTracker(trackerContext, captureIndex, c, MAX_KEPT_BYTES);
    }

    private static ConnectionTracker tracker(TcpConnection c) {
        return c.attachment instanceof ConnectionTracker t ? t : null;
    }

    @Override public void data(TcpConnection c, Direction d, ByteBuffer bytes, long streamOffset, long frame, long timeNanos) {
        judgeEnded(timeNanos);
        ConnectionTracker t = tracker(c);
        if (t == null) {
            if (c.attachment == JUDGED) {
                late(c, frame, bytes.remaining() + " bytes");
                return;
            }
            if (c.attachment != null) {
                return; // known not to be SMB
            }
            connectionOpened(c); // a reader that skipped connectionOpened: be lenient
            t = tracker(c);
        }
        t.data(d, bytes, streamOffset, frame, timeNanos);
        if (t.rejected()) {
            c.attachment = NOT_SMB;
        }
    }

    @Override public void gap(TcpConnection c, Direction d, long streamOffset, long missingBytes, long frame) {
        ConnectionTracker t = tracker(c);
        if (t == null && c.attachment == JUDGED) {
            late(c, frame, "a gap of " + missingBytes + " bytes");
        }
        if (t != null) {
            t.gap(d, streamOffset, missingBytes, frame);
            if (t.rejected()) {
                c.attachment = NOT_SMB;
            }
        }
    }

    @Override public void closed(TcpConnection c, Direction from, boolean reset, long frame, long timeNanos) {
        judgeEnded(timeNanos);
        ConnectionTracker t = tracker(c);
        if (t == null && c.attachment == JUDGED) {
            late(c, frame, reset ? "an RST" : "a FIN");
        }
        if (t != null) {
            t.closed(from, reset, frame, timeNanos);
            if (detail == ReportDetail.COMPACT && t.ended() && !t.waitingToBeJudged && smb.contains(t)) {
                t.waitingToBeJudged = true;
                t.endedAtNanos = timeNanos;
                ended.addLast(t);
                judgeEnded(timeNanos); // at once when there is no grace time
            }
        }
    }

    // ------------------------------------------------------------------------------ COMPACT: judging ended connections

    /** Judges the ended connections whose grace time has passed at capture time {@code now}. */
    private void judgeEnded(long now) {
        while (!ended.isEmpty() && now - ended.peekFirst().endedAtNanos >= grace) {
            judge(ended.pollFirst());
        }
    }

    /** Makes the final report of {@code t}, packs it and lets go of everything else the connection held. */
    private void judge(ConnectionTracker t) {
        ConnectionReport r = Diagnosis.diagnose(t.state, progressive);
        if (progressive) {
            // the final report with messages and timeline (without the reconnect facts: finish() joins those into the
            // packed list); packed below as the lean report, like the CLI's
            listener.connectionUpdated(r);
        }
        t.state.sessions.forEach(SessionFacts::clearKeys); // derived keys do not outlive the analysis
        if (packed == null) {
            packed = new CompactReports();
        }
        judged.add(new Judged(t.state.tcp.index(), packed.add(r), r.fatal(), Reconnects.span(-1, t.state, r)));
        smb.remove(t);
        t.state.tcp.attachment = JUDGED;
    }

    private void late(TcpConnection c, long frame, String what) {
        warnings.add(warnings.warningFor(frame, "TCP " + c.client() + " -> " + c.server() + ": " + what + " in frame " + frame
                + " came more than " + grace / 1_000_000 + " ms after the connection ended, when its report was made;"
                + " not analysed"));
    }

    /** COMPACT: every connection judged, in order of appearance, with the reconnect facts of the whole capture. */
    private List<ConnectionReport> finishCompact() {
        ended.clear();
        for (ConnectionTracker t : new ArrayList<>(smb)) {
            judge(t);
        }
        if (packed != null) {
            packed.close();
        }
        judged.sort(Comparator.comparingInt(Judged::tcpIndex));
        int[] numbers = new int[judged.size()];
        List<Reconnects.Span> spans = new ArrayList<>(judged.size());
        boolean anyFatal = false;
        for (int i = 0; i < numbers.length; i++) {
            Judged j = judged.get(i);
            numbers[i] = j.packed();
            spans.add(j.span().at(i));
            anyFatal |= j.fatal();
        }
        judged.clear();
        return new ReportList(numbers, Reconnects.reconnects(spans), anyFatal, packed);
    }

    // ------------------------------------------------------------------------------ results

    /**
     * Final verdicts of this capture's SMB connections, in order of appearance. Each connection whose
     * verdict differs from what the listener last saw is published once more.
     */
    public List<ConnectionReport> finish() {
        if (detail == ReportDetail.COMPACT) {
            return finishCompact();
        }
        List<ConnectionTracker> sorted = new ArrayList<>(smb);
        sorted.sort(Comparator.comparingInt(t -> t.state.tcp.index()));
        List<ConnectionReport> out = new ArrayList<>(sorted.size());
        List<ConnectionState> states = new ArrayList<>(sorted.size());
        for (ConnectionTracker t : sorted) {
            out.add(Diagnosis.diagnose(t.state, true)); // the final report carries the timeline
            states.add(t.state);
            t.state.sessions.forEach(SessionFacts::clearKeys); // derived keys do not outlive the analysis
        }
        // Reconnects need every connection of the capture: only now can each report say what came after it.
        out = Reconnects.attach(states, out);
        for (int i = 0; i < out.size(); i++) {
            ConnectionState st = states.get(i);
            st.published = out.get(i);
            listener.connectionUpdated(out.get(i)); // the last call per connection is the final report
        }
        return out;
    }

    /** Clears every key derived so far (finish() does it too): for a read that ended abnormally. */
    void discardKeys() {
        for (ConnectionTracker t : smb) {
            t.state.sessions.forEach(SessionFacts::clearKeys);
        }
    }

    /** The capture reader's (or a live PacketSink's) warnings followed by the SMB-level ones found here. */
    public List<CaptureWarning> warnings(List<CaptureWarning> fromReader) {
        return warnings.after(fromReader);
    }

    /** The SMB connections recognised so far (tests look inside). */
    List<ConnectionState> states() {
        return smb.stream().map(t -> t.state).toList();
    }

    void recognised(ConnectionTracker t) {
        smb.add(t);
        t.recognisedAs = ++recognisedSoFar;
    }

    /** SMB connections recognised so far (numbering {@link ConnectionTracker#recognisedAs}). */
    private int recognisedSoFar;
    /** COMPACT: connections that get progressive reports before they are judged (the first ones of the capture). */
    static final int PROGRESSIVE_CONNECTIONS = 1000;

    /**
     * Judges the connection and tells the listener when the verdict changed. Before the end of the
     * capture an INCOMPLETE verdict is only "not yet": it is not published then.
     */
    ConnectionReport publish(ConnectionTracker t, boolean last) {
        if (!last && !progressive) {
            return t.state.published; // nobody watches the progress: judged once, in finish()
        }
        if (!last && detail == ReportDetail.COMPACT && (t.state.published != null || t.recognisedAs > PROGRESSIVE_CONNECTIONS)) {
            // COMPACT (the workbench): one early verdict per connection, and only for the first connections of the
            // capture (judging after every message cost as much as a third of the CLI's whole run at 100 000
            // connections); every connection's final report follows when it is judged, ENDED_GRACE_NANOS after its end
            return t.state.published;
        }
        ConnectionReport r = Diagnosis.diagnose(t.state);
        if (!last && r.verdict() == Verdict.INCOMPLETE) {
            return r;
        }
        if (same(r, t.state.published)) {
            return t.state.published; // the listener already holds this very report
        }
        t.state.published = r;
        listener.connectionUpdated(r);
        return r;
    }

    private static boolean same(ConnectionReport a, ConnectionReport b) {
        return b != null && a.verdict() == b.verdict() && a.fatal() == b.fatal() && a.summary().equals(b.summary())
                && a.frames().equals(b.frames()) && a.signature() == b.signature() && a.terminatedBy() == b.terminatedBy()
                && a.differences().equals(b.differences()) && Objects.equals(a.dialect(), b.dialect())
                && a.client().equals(b.client());
    }
}
