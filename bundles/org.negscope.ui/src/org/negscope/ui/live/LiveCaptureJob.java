package org.negscope.ui.live;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.negscope.capture.Progress;
import org.negscope.live.LiveCapture;
import org.negscope.live.LiveException;
import org.negscope.live.LiveListener;
import org.negscope.live.LiveResult;
import org.negscope.live.LiveSettings;

/**
 * Runs a live capture off the UI thread until Stop (or Cancel in the progress view, the duration, or the first
 * fatal verdict when asked). Only {@link LiveCaptureComposite} refers to this class, and only once the live bundle
 * is known to be present: the workbench itself never loads pcap4j.
 */
final class LiveCaptureJob extends Job {
    static final Object FAMILY = LiveCaptureJob.class;

    /** Where the outcome goes (called on the job's thread). */
    interface Sink {
        void finished(LiveResult result);
        void failed(LiveException e);
    }

    private final LiveCapture capture;
    private final Sink sink;

    LiveCaptureJob(LiveSettings settings, LiveListener listener, Sink sink) {
        super("Live capture on " + settings.iface() + " (" + settings.filter() + ")");
        this.capture = new LiveCapture(settings, listener);
        this.sink = sink;
        setPriority(LONG);
        setUser(false);
    }

    /** Stops the capture; the job then finishes the files and the analysis and ends. */
    void stop() { capture.stop(); }

    @Override
    protected void canceling() { capture.stop(); }

    @Override
    public boolean belongsTo(Object family) { return family == FAMILY; }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
        try {
            sink.finished(capture.run(new Progress() {
                @Override public boolean isCanceled() { return monitor.isCanceled(); }
            }));
        } catch (LiveException e) {
            sink.failed(e); // shown in the view; not an error dialog: no rights / no libpcap are normal situations
        } finally {
            monitor.done();
        }
        return Status.OK_STATUS;
    }
}
