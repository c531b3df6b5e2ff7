package org.negscope.ui.capture;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.ReportDetail;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;
import org.negscope.ui.credentials.Credentials;

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
            AnalysisResult result;
            try {
                // Each report carries its VALIDATE response's signature check (ConnectionReport.validateSignature()).
                result = members.isEmpty() ? CaptureAnalyzer.analyze(List.of(file), options, progress, sink)
                        : CaptureAnalyzer.analyzeSet(members, options, progress, sink, ReportDetail.FULL);
            } finally {
                if (credentials != null && credentials.kind() == Credentials.Kind.SESSION_KEYS) {
                    options.destroy(); // the options hold copies of the session keys
                }
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
