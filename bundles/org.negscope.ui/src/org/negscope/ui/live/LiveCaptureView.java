package org.negscope.ui.live;

import org.negscope.ui.Perspective;
import org.negscope.ui.ShowPerspectiveHandler;
import org.negscope.ui.capture.Captures;
import org.eclipse.core.runtime.ILog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * The Live Capture view. org.negscope.live is an optional import of this bundle: when it (or pcap4j/JNA) is not
 * installed, the view says so instead of failing, and the rest of the workbench is unaffected. The classes that use
 * the live bundle ({@link LiveCaptureComposite}, {@link LiveCaptureJob}) are loaded only after the check.
 */
public class LiveCaptureView extends ViewPart {
    public static final String ID = "org.negscope.ui.liveCaptureView";
    static final String NOT_INSTALLED = "Live capture is not installed in this NegScope (bundle org.negscope.live with "
            + "pcap4j and JNA). Saved captures can still be opened with File > Open Capture.";

    private Composite composite;

    /** True when the live bundle and the libraries it needs resolve; libpcap itself is checked when used. */
    static boolean liveBundlePresent(ClassLoader loader) {
        try {
            Class.forName("org.negscope.live.LiveCapture", true, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void createPartControl(Composite parent) {
        if (liveBundlePresent(getClass().getClassLoader())) {
            LiveCaptureComposite c = new LiveCaptureComposite(parent);
            c.setOpener(file -> {
                try {
                    ShowPerspectiveHandler.show(getSite().getPage(), Perspective.ID);
                    Captures.open(getSite().getPage(), file);
                } catch (PartInitException | org.eclipse.core.commands.ExecutionException e) {
                    ILog.of(getClass()).error("Cannot open " + file, e);
                }
            });
            composite = c;
        } else {
            composite = new Composite(parent, SWT.NONE);
            composite.setLayout(new FillLayout());
            new Label(composite, SWT.WRAP).setText(NOT_INSTALLED);
        }
    }

    @Override public void setFocus() { composite.setFocus(); }
}
