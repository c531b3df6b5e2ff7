package org.negscope.ui.capture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.negscope.analysis.CaptureOverview;
import org.negscope.ui.Marks;

/**
 * The capture at a glance, above the connection table: what the failures share (one sentence), the connections per
 * verdict (fatal first), per server and per client host (most failures first), the first and last time, and a small
 * chart of connections and failures over time drawn with SWT's GC. Each group is a link: clicking it puts the matching
 * filter ({@code verdict:}, {@code server:}, {@code client:}) in the filter box, so the table shows that group.
 */
final class OverviewComposite extends Composite {
    /** Servers and clients listed (most failures first); the rest are summed up ("… 12 more"), the filter box reaches them. */
    static final int SHOWN_SERVERS = 4, SHOWN_CLIENTS = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Label sentence;
    private final Link verdicts, servers, clients;
    private final Label times;
    private final Canvas chart;
    private CaptureOverview overview;
    private Consumer<String> onGroup = f -> {};
    private final Color failed, started;

    OverviewComposite(Composite parent, Marks marks) {
        super(parent, SWT.NONE);
        GridLayout l = new GridLayout(2, false);
        l.marginWidth = 0;
        l.marginHeight = 2;
        l.verticalSpacing = 2;
        setLayout(l);
        failed = new Color(getDisplay(), 200, 40, 20);
        started = new Color(getDisplay(), 120, 144, 176);
        sentence = new Label(this, SWT.WRAP);
        sentence.setFont(marks.bold);
        GridData sd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        sd.widthHint = 300;
        sentence.setLayoutData(sd);
        chart = new Canvas(this, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        GridData cd = new GridData(SWT.RIGHT, SWT.FILL, false, true, 1, 5);
        cd.widthHint = 300;
        cd.heightHint = 64;
        chart.setLayoutData(cd);
        chart.addListener(SWT.Paint, e -> paint(e.gc, chart.getClientArea()));
        chart.setToolTipText("Connections started (blue) and failing (red) over the capture's time");
        verdicts = link();
        servers = link();
        clients = link();
        times = new Label(this, SWT.NONE);
        times.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        addDisposeListener(e -> {
            failed.dispose();
            started.dispose();
        });
        show(null);
    }

    private Link link() {
        Link k = new Link(this, SWT.NONE);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 300;
        k.setLayoutData(d);
        k.addListener(SWT.Selection, e -> onGroup.accept(e.text));
        return k;
    }

    /** Called with the filter text of a clicked group (e.g. "verdict:RESPONSE_MISMATCH"). */
    void onGroup(Consumer<String> c) { onGroup = c == null ? f -> {} : c; }

    /** Shows {@code o}; null: nothing yet (the analysis is running). */
    void show(CaptureOverview o) {
        overview = o;
        if (o == null) {
            sentence.setText("Overview: when the analysis is done");
            verdicts.setText("");
            servers.setText("");
            clients.setText("");
            times.setText("");
        } else {
            sentence.setText(o.sharedFailure() + ".");
            verdicts.setText(groups("Verdicts", "verdict:", o.verdicts(), true, Integer.MAX_VALUE));
            servers.setText(groups("Servers (" + o.servers().size() + ")", "server:", o.servers(), false, SHOWN_SERVERS));
            clients.setText(groups("Clients (" + o.clients().size() + ")", "client:", o.clients(), false, SHOWN_CLIENTS));
            times.setText(o.firstNanos() == 0 ? "Time: not in the capture"
                    : "From " + time(o.firstNanos()) + " to " + time(o.lastNanos()) + " (" + duration(o.lastNanos() - o.firstNanos()) + ")");
        }
        chart.redraw();
        layout(true, true);
    }

    /**
     * "Verdicts: <a>RESPONSE_MISMATCH</a> 200 · …"; servers and clients as "<a>10.0.0.2:445</a> 107/500" (fatal of all
     * its connections).
     */
    static String groups(String title, String filter, List<CaptureOverview.Group> gs, boolean verdict, int limit) {
        StringBuilder b = new StringBuilder(title).append(verdict ? ": " : ", fatal/all: ");
        for (int i = 0; i < gs.size() && i < limit; i++) {
            CaptureOverview.Group g = gs.get(i);
            b.append(i == 0 ? "" : "  \u00b7  ").append("<a href=\"").append(filter).append(g.key()).append("\">").append(g.key())
                    .append("</a> ");
            if (!verdict) {
                b.append(CaptureOverview.number(g.fatal())).append('/');
            }
            b.append(CaptureOverview.number(g.connections()));
        }
        if (gs.size() > limit) {
            b.append("  \u00b7  \u2026 ").append(CaptureOverview.number(gs.size() - limit)).append(" more");
        }
        return b.toString().replace("&", "&&");
    }

    static String time(long nanos) {
        return TIME.format(Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L));
    }

    static String duration(long nanos) {
        double s = nanos / 1e9;
        return s < 120 ? String.format("%.1f s", s) : s < 7200 ? String.format("%.1f min", s / 60) : String.format("%.1f h", s / 3600);
    }

    /** Bars per time slice: connections started (blue), the failing ones among them (red, in front); a scale on the left. */
    private void paint(GC gc, Rectangle area) {
        gc.fillRectangle(area);
        CaptureOverview o = overview;
        if (o == null || o.connections() == 0) {
            return;
        }
        int[] s = o.startedPerBucket(), f = o.failedPerBucket();
        int max = 1;
        for (int v : s) {
            max = Math.max(max, v);
        }
        String top = CaptureOverview.number(max);
        Point tw = gc.textExtent(top);
        int left = tw.x + 4, bottom = area.height - 2, height = Math.max(1, area.height - 4);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.drawText(top, 1, 0, true);
        gc.drawText("0", left - gc.textExtent("0").x - 3, bottom - tw.y, true);
        double w = (area.width - left - 2) / (double) s.length;
        for (int i = 0; i < s.length; i++) {
            int x = left + (int) Math.round(i * w), bw = Math.max(1, (int) Math.round((i + 1) * w) - (int) Math.round(i * w) - 1);
            int hs = (int) Math.round(s[i] * (double) height / max), hf = (int) Math.round(f[i] * (double) height / max);
            gc.setBackground(started);
            gc.fillRectangle(x, bottom - hs, bw, hs);
            if (f[i] > 0) {
                gc.setBackground(failed);
                gc.fillRectangle(x, bottom - Math.max(1, hf), bw, Math.max(1, hf));
            }
        }
    }

    // --- tests and screenshots
    String sentenceText() { return sentence.getText(); }
    Link verdictsLink() { return verdicts; }
    Link serversLink() { return servers; }
    Link clientsLink() { return clients; }
    String timesText() { return times.getText(); }
    Canvas chart() { return chart; }
}
