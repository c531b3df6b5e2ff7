package org.negscope.ui.live;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.negscope.analysis.ConnectionReport;
import org.negscope.live.LiveCapture;
import org.negscope.live.LiveException;
import org.negscope.live.LiveInterface;
import org.negscope.live.LiveListener;
import org.negscope.live.LiveResult;
import org.negscope.live.LiveSettings;

/**
 * Live capture: interface, BPF filter, output directory, ring size, stop on the first fatal verdict,
 * Start / Stop; connections and their verdicts appear in the table while capturing (one row per connection,
 * updated in place). A missing libpcap/Npcap or missing capture rights is shown in the status line with what to do.
 * Plain SWT, driven by tests in a bare Shell.
 */
public class LiveCaptureComposite extends Composite {
    static final String[] COLUMNS = {"Time", "Client", "Server", "Dialect", "Verdict", "Summary"};

    private final Combo iface;
    private final Text filter;
    private final Text outDir;
    private final Spinner ringFiles;
    private final Spinner ringMb;
    private final Button stopOnFailure;
    private final Button start;
    private final Button stop;
    private final Button open;
    private final Label status;
    private final Table connections;
    private final Map<String, TableItem> rows = new HashMap<>();
    private LiveCaptureJob job;
    private volatile boolean running;
    private LiveResult last;
    private Consumer<Path> opener = p -> {};

    public LiveCaptureComposite(Composite parent) {
        super(parent, SWT.NONE);
        setLayout(new GridLayout(4, false));

        label("Interface:");
        iface = new Combo(this, SWT.DROP_DOWN);
        iface.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Button refresh = button("Refresh", e -> refreshInterfaces());

        label("Capture filter:");
        filter = new Text(this, SWT.BORDER);
        filter.setText(LiveSettings.DEFAULT_FILTER);
        filter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));

        label("Save ring files in:");
        outDir = new Text(this, SWT.BORDER);
        outDir.setText(Path.of(System.getProperty("user.home"), ".negscope", "live").toString());
        outDir.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        button("Browse…", e -> {
            DirectoryDialog d = new DirectoryDialog(getShell());
            d.setFilterPath(outDir.getText());
            String dir = d.open();
            if (dir != null) outDir.setText(dir);
        });

        label("Ring:");
        Composite ring = new Composite(this, SWT.NONE);
        ring.setLayout(new GridLayout(4, false));
        ring.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        ringFiles = spinner(ring, LiveSettings.DEFAULT_RING_FILES, 1, 10_000);
        new Label(ring, SWT.NONE).setText("files of");
        ringMb = spinner(ring, (int) (LiveSettings.DEFAULT_RING_BYTES >> 20), 1, 100_000);
        new Label(ring, SWT.NONE).setText("MiB (the oldest file is deleted)");

        new Label(this, SWT.NONE);
        stopOnFailure = new Button(this, SWT.CHECK);
        stopOnFailure.setText("Stop on the first fatal verdict (a connection Windows would drop)");
        stopOnFailure.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));

        Composite buttons = new Composite(this, SWT.NONE);
        buttons.setLayout(new GridLayout(3, false));
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        start = new Button(buttons, SWT.PUSH);
        start.setText("Start");
        start.addListener(SWT.Selection, e -> start());
        stop = new Button(buttons, SWT.PUSH);
        stop.setText("Stop");
        stop.setEnabled(false);
        stop.addListener(SWT.Selection, e -> stop());
        open = new Button(buttons, SWT.PUSH);
        open.setText("Open Last Ring File");
        open.setEnabled(false);
        open.addListener(SWT.Selection, e -> {
            if (last != null && !last.files().isEmpty()) opener.accept(last.files().get(last.files().size() - 1));
        });

        status = new Label(this, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));

        connections = new Table(this, SWT.BORDER | SWT.FULL_SELECTION);
        connections.setHeaderVisible(true);
        connections.setLinesVisible(true);
        connections.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        int[] widths = {70, 160, 160, 60, 160, 600};
        for (int i = 0; i < COLUMNS.length; i++) {
            TableColumn c = new TableColumn(connections, SWT.LEFT);
            c.setText(COLUMNS[i]);
            c.setWidth(widths[i]);
        }
        refresh.setToolTipText("List the interfaces libpcap can capture on");
        refreshInterfaces();
    }

    private void label(String text) {
        new Label(this, SWT.NONE).setText(text);
    }

    private Button button(String text, org.eclipse.swt.widgets.Listener l) {
        Button b = new Button(this, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, l);
        return b;
    }

    private static Spinner spinner(Composite parent, int value, int min, int max) {
        Spinner s = new Spinner(parent, SWT.BORDER);
        s.setValues(value, min, max, 0, 1, 10);
        return s;
    }

    /** Fills the interface list; without libpcap or rights the status line says what to do. */
    void refreshInterfaces() {
        String keep = iface.getText();
        iface.removeAll();
        try {
            List<LiveInterface> all = LiveCapture.interfaces();
            for (LiveInterface i : all) iface.add(i.name());
            if (!keep.isEmpty()) iface.setText(keep);
            else if (!all.isEmpty()) iface.select(0);
            status.setText(all.isEmpty() ? "No interfaces found: " + noRightsHint() : "Ready: " + all.size() + " interfaces.");
        } catch (LiveException e) {
            iface.setText(keep);
            status.setText(e.getMessage());
        }
    }

    private static String noRightsHint() {
        return "capturing usually needs root/Administrator rights (or `setcap cap_net_raw,cap_net_admin=eip` on the java binary).";
    }

    /** Starts capturing with the form's settings; a wrong setting is shown in the status line. */
    void start() {
        if (running) return;
        LiveSettings s;
        try {
            s = new LiveSettings(iface.getText().trim(), filter.getText(), Path.of(outDir.getText().trim()),
                    ringFiles.getSelection(), (long) ringMb.getSelection() << 20, stopOnFailure.getSelection(), 0);
        } catch (IllegalArgumentException e) { // also InvalidPathException
            status.setText(e.getMessage());
            return;
        }
        connections.removeAll();
        rows.clear();
        last = null;
        running = true;
        updateButtons();
        status.setText("Starting capture on " + s.iface() + "…");
        job = new LiveCaptureJob(s, new Listener(), new LiveCaptureJob.Sink() {
            @Override public void finished(LiveResult r) { ui(() -> done(r, null)); }
            @Override public void failed(LiveException e) { ui(() -> done(null, e)); }
        });
        job.schedule();
    }

    /** Stops the running capture; the result (files, final verdicts) arrives when the job ends. */
    void stop() {
        LiveCaptureJob j = job;
        if (j != null) {
            j.stop();
            status.setText("Stopping…");
        }
    }

    private void done(LiveResult r, LiveException e) {
        running = false;
        job = null;
        last = r;
        if (e != null) {
            status.setText(e.getMessage());
        } else {
            status.setText("Capture " + r.stopReason() + ": " + r.frames() + " frames, " + r.analysis().connections().size()
                    + " SMB connection(s)" + (r.dropped() > 0 ? ", " + r.dropped() + " dropped" : "")
                    + (r.files().isEmpty() ? "" : "; last file " + r.files().get(r.files().size() - 1)));
        }
        updateButtons();
    }

    private void updateButtons() {
        start.setEnabled(!running);
        stop.setEnabled(running);
        open.setEnabled(!running && last != null && !last.files().isEmpty());
        for (org.eclipse.swt.widgets.Control c : new org.eclipse.swt.widgets.Control[] {iface, filter, outDir, ringFiles, ringMb, stopOnFailure}) {
            c.setEnabled(!running);
        }
    }

    private void ui(Runnable r) {
        if (isDisposed()) return;
        getDisplay().asyncExec(() -> {
            if (!isDisposed()) r.run();
        });
    }

    /** Capture events, handed over to the UI thread. */
    private final class Listener implements LiveListener {
        @Override public void started(String name, int linkType, String f) {
            ui(() -> status.setText("Capturing on " + name + " (" + f + ")…"));
        }

        @Override public void fileStarted(Path file) { ui(() -> status.setText("Capturing into " + file + "…")); }

        @Override public void connectionUpdated(ConnectionReport r) { ui(() -> show(r)); }
    }

    private void show(ConnectionReport r) {
        String key = r.client() + " " + r.server();
        TableItem row = rows.get(key);
        if (row == null) {
            row = new TableItem(connections, SWT.NONE);
            rows.put(key, row);
        }
        row.setText(new String[] {LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), r.client(), r.server(),
                r.dialect() == null ? "" : r.dialect(), r.verdict() + (r.fatal() ? " (fatal)" : ""),
                r.summary() == null ? "" : r.summary()});
        row.setForeground(r.fatal() ? getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null);
        row.setData(r);
    }

    public void setOpener(Consumer<Path> o) { opener = o == null ? p -> {} : o; }

    // ---- for tests -------------------------------------------------------------------------------------------
    boolean isRunning() { return running; }
    String statusText() { return status.getText(); }
    Table connectionsTable() { return connections; }
    LiveResult lastResult() { return last; }
    void setInterface(String name) { iface.setText(name); }
    void setFilter(String f) { filter.setText(f); }
    void setOutDir(Path p) { outDir.setText(p.toString()); }
    void setRing(int files, int mb) { ringFiles.setSelection(files); ringMb.setSelection(mb); }
    String filterText() { return filter.getText(); }
    List<String> interfaceNames() { return List.of(iface.getItems()); }
}
