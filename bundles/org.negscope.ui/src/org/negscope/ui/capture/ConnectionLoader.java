package org.negscope.ui.capture;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.ConnectionReread;
import org.negscope.capture.Progress;
import org.negscope.ui.credentials.Credentials;

/**
 * Reads the full report of one connection whose report the editor keeps packed ({@link ConnectionRows}): the capture
 * is read again up to where the analysis judged that connection ({@link ConnectionReread}), with the editor's
 * credentials, so the views show exactly what they would have shown had the report been kept. A cancellable Job; the
 * result goes to the UI thread.
 */
final class ConnectionLoader extends Job {
    /** The full report (it carries its VALIDATE response's signature check). */
    record Loaded(ConnectionReport full) {}

    private final Path file;
    private final List<Path> members;
    private final ConnectionReport lean;
    private final Credentials credentials;
    private final Display display;
    private final Consumer<Loaded> done;
    private final Consumer<String> failed;

    /** {@code done} and {@code failed} run on the UI thread unless the job was canceled. */
    ConnectionLoader(Path file, List<Path> members, ConnectionReport lean, Credentials credentials, Display display,
                     Consumer<Loaded> done, Consumer<String> failed) {
        super("Reading connection " + lean.client() + " \u2192 " + lean.server());
        this.file = file;
        this.members = members;
        this.lean = lean;
        this.credentials = credentials == null || credentials.isCleared() ? null : credentials;
        this.display = display;
        this.done = done;
        this.failed = failed;
        setPriority(SHORT);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), 1000);
        AnalysisOptions options = credentials == null ? AnalysisOptions.none() : credentials.toOptions();
        int[] ticks = {0};
        Progress progress = new Progress() {
            @Override public void worked(long bytesRead, long totalBytes) {
                int now = totalBytes <= 0 ? 0 : (int) Math.min(1000, bytesRead * 1000 / totalBytes);
                if (now > ticks[0]) {
                    monitor.worked(now - ticks[0]);
                    ticks[0] = now;
                }
            }
            @Override public boolean isCanceled() { return monitor.isCanceled(); }
        };
        ConnectionReport full;
        String error = null;
        try {
            full = ConnectionReread.read(file, members, lean, options, progress, null);
            if (full == null && !monitor.isCanceled()) {
                error = "the capture has no connection " + lean.client() + " \u2192 " + lean.server() + " starting at frame "
                        + lean.firstFrame();
            }
        } catch (Exception e) {
            full = null;
            error = e.getMessage() == null ? e.toString() : e.getMessage(); // names the file and the offset
        } finally {
            if (credentials != null && credentials.kind() == Credentials.Kind.SESSION_KEYS) {
                options.destroy(); // copies of the session keys
            }
            monitor.done();
        }
        if (monitor.isCanceled()) {
            return Status.CANCEL_STATUS;
        }
        ConnectionReport f = full;
        String why = error;
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (f != null) {
                    done.accept(new Loaded(f));
                } else {
                    failed.accept(why);
                }
            });
        }
        return Status.OK_STATUS;
    }
}
