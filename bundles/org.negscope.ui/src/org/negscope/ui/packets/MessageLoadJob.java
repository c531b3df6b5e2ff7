package org.negscope.ui.packets;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.negscope.capture.Progress;

/**
 * Reads all messages of a connection from its {@link MessageSource} off the UI thread (a user job: it shows in
 * the progress view and can be canceled), then hands the list, or why there is none, to the UI thread.
 */
final class MessageLoadJob extends Job {
    /** Runs on the UI thread: {@code messages} null when reading failed ({@code failure}) or was canceled. */
    interface Done {
        void loaded(MessageLoadJob job, ConnectionMessages messages, String failure, boolean canceled);
    }

    private final MessageSource source;
    private final Display display;
    private final Done done;

    MessageLoadJob(String name, MessageSource source, Display display, Done done) {
        super(name);
        this.source = source;
        this.display = display;
        this.done = done;
        setSystem(false);
        setPriority(Job.SHORT);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
        ConnectionMessages all = null;
        String error = null;
        try {
            all = source.load(new Progress() {
                @Override public boolean isCanceled() { return monitor.isCanceled(); }
            });
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            monitor.done();
        }
        ConnectionMessages result = all;
        String failure = error;
        if (!display.isDisposed()) {
            display.asyncExec(() -> done.loaded(this, result, failure, monitor.isCanceled()));
        }
        return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
    }
}
