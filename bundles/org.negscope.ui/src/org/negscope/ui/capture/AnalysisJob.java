package org.negscope.ui.capture;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.ReportDetail;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.TcpConnection;
import org.negscope.crypto.SignatureCheck;
import org.negscope.smb2.CtlCode;
import org.negscope.smb2.ErrorResponse;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.credentials.Credentials;
import org.negscope.ui.packets.MessageSignature;

/**
 * Analyses one capture off the UI thread. Progress and cancellation travel through
 * {@link org.negscope.capture.Progress} (the plain-Java interface the core shares with the CLI), bridged
 * here to the job's {@link IProgressMonitor}. Results go to a {@link Sink}, called on the job's thread.
 * <p>
 * A file that cannot be read ends as {@link Sink#failed} with the reader's message (file and reason) and
 * an OK job status: the editor shows the error itself, so the platform must not add an error dialog.
 */
final class AnalysisJob extends Job {
    /** Where results go; all methods are called on the job's thread. */
    interface Sink extends AnalysisListener {
        /** Permille of the file read so far. */
        void progress(int permille);
        /**
         * With credentials, before {@link #finished}: the analysis' check of each signed VALIDATE response (expected
         * and found signature, or why it could not be checked), by report.
         */
        default void signatures(Map<ConnectionReport, MessageSignature> validateResponses) {}
        /** Before {@link #finished}: the capture's overview, computed here so that the UI thread does not walk every report. */
        default void overview(org.negscope.analysis.CaptureOverview overview) {}
        void finished(AnalysisResult result, boolean canceled);
        void failed(String message);
    }

    static final Object FAMILY = AnalysisJob.class;
    private static final int TICKS = 1000;

    private final Path file;
    private final List<Path> members;
    private final Credentials credentials;
    private final Sink sink;

    /** {@code credentials} (null: none) stay owned by the caller, who must not clear them before the job is done. */
    AnalysisJob(Path file, Credentials credentials, Sink sink) {
        this(file, List.of(), credentials, sink);
    }

    /** As {@link #AnalysisJob(Path, Credentials, Sink)}; {@code members} not empty: a capture set read as one. */
    AnalysisJob(Path file, List<Path> members, Credentials credentials, Sink sink) {
        super("Analysing " + file.getFileName() + (members.size() > 1 ? " and " + (members.size() - 1) + " more" : "")
                + (credentials == null ? "" : " with " + credentials.describe()));
        this.file = file;
        this.members = List.copyOf(members);
        this.credentials = credentials;
        this.sink = sink;
        setPriority(LONG);
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), TICKS);
        MonitorProgress progress = new MonitorProgress(monitor, sink);
        try {
            AnalysisOptions options = credentials == null ? AnalysisOptions.none() : credentials.toOptions();
            ValidateChecks checks = new ValidateChecks(sink);
            AnalysisResult result;
            try {
                result = members.isEmpty() ? CaptureAnalyzer.analyze(List.of(file), options, progress, checks)
                        : CaptureAnalyzer.analyzeSet(members, options, progress, checks, ReportDetail.FULL);
            } finally {
                if (credentials != null && credentials.kind() == Credentials.Kind.SESSION_KEYS) {
                    options.destroy(); // the options hold copies of the session keys
                }
            }
            if (credentials != null && !monitor.isCanceled()) {
                sink.signatures(checks.of(result));
            }
            sink.overview(org.negscope.analysis.CaptureOverview.of(result.connections()));
            sink.finished(result, monitor.isCanceled());
            return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
        } catch (CaptureException e) {
            // The reader's message already names the file, the byte offset and the reason.
            sink.failed(e.getMessage());
            return Status.OK_STATUS;
        } catch (RuntimeException e) {
            // A bug, not bad input: say so in the editor, keep the stack trace for the log only.
            sink.failed("Analysis of " + file + " failed: " + e);
            return new Status(IStatus.WARNING, "org.negscope.ui", "Analysis of " + file + " failed", e);
        } finally {
            monitor.done();
        }
    }

    /**
     * Passes the analysis' calls on to the sink and keeps the analysis' own check of each signed IOCTL response that
     * may be a VALIDATE answer (by identity: the report carries the very message object), so that the views can show
     * the VALIDATE response's expected and found signature, or why it was not checked, without checking it again.
     */
    static final class ValidateChecks implements AnalysisListener {
        private final Sink sink;
        private final Map<Smb2Message, SignatureCheck> ioctl = new IdentityHashMap<>();

        ValidateChecks(Sink sink) {
            this.sink = sink;
        }

        @Override public void connectionUpdated(ConnectionReport report) { sink.connectionUpdated(report); }
        @Override public void captureFinished(CaptureReport capture) { sink.captureFinished(capture); }
        @Override public void captureFailed(Path f, CaptureException e) throws CaptureException { sink.captureFailed(f, e); }

        @Override
        public void messageChecked(TcpConnection c, Direction d, Smb2Message m, SignatureCheck check) {
            if (check != null && m.header().isResponse() && m.header().command() == Smb2Command.IOCTL && mayBeValidate(m)) {
                ioctl.put(m, check);
            }
        }

        /** A VALIDATE answer, or an error answer (which names no CtlCode): small messages, few per connection. */
        private static boolean mayBeValidate(Smb2Message m) {
            try {
                return ErrorResponse.isErrorResponse(m) || IoctlResponse.decode(m).ctlCode() == CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO;
            } catch (RuntimeException e) {
                return true; // undecodable: let the report decide whether it was the VALIDATE answer
            }
        }

        /** The check of each report's signed VALIDATE response, by report. */
        Map<ConnectionReport, MessageSignature> of(AnalysisResult result) {
            Map<ConnectionReport, MessageSignature> out = new IdentityHashMap<>();
            for (ConnectionReport r : result.connections()) {
                SignatureCheck c = r.validateResponse() == null ? null : ioctl.get(r.validateResponse());
                if (c != null) {
                    out.put(r, MessageSignature.of(c));
                }
            }
            return out;
        }
    }

    /** Bytes read → monitor ticks and the sink's permille; the monitor's cancel flag → the reader. */
    static final class MonitorProgress implements Progress {
        private final IProgressMonitor monitor;
        private final Sink sink;
        private int done;

        MonitorProgress(IProgressMonitor monitor, Sink sink) {
            this.monitor = monitor;
            this.sink = sink;
        }

        @Override
        public void worked(long bytesRead, long totalBytes) {
            if (totalBytes <= 0) {
                return;
            }
            int now = (int) Math.min(TICKS, bytesRead * TICKS / totalBytes);
            if (now > done) {
                monitor.worked(now - done);
                done = now;
                sink.progress(now);
            }
        }

        @Override
        public boolean isCanceled() {
            return monitor.isCanceled();
        }
    }
}
