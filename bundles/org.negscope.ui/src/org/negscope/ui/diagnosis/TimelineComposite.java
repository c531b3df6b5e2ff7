package org.negscope.ui.diagnosis;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.TimelineEvent;
import org.negscope.ui.Marks;

/**
 * The connection's timeline next to the side-by-side comparison: TCP SYN / FIN / RST / gaps and every SMB
 * message in order, with frame, time since the connection's first frame and direction. The frames the verdict rests
 * on are bold, the end of the connection red; where the bounded timeline left events out, a row says how many.
 * Double-clicking an SMB message opens it in the packet-detail view. Below: whether the client reconnected.
 */
public class TimelineComposite extends Composite {
    /** Opens the message at this frame in the packet-detail view. */
    public interface Opener {
        void open(ConnectionReport r, long frame, long messageId, boolean response);
    }

    private final Marks marks;
    private final Label title;
    private final Table table;
    private final Label reconnect;
    private ConnectionReport connection;
    /** The row's event, null for a "not kept" row. */
    private final List<TimelineEvent> rows = new ArrayList<>();
    private Opener opener = (r, f, id, resp) -> {};

    public TimelineComposite(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 4;
        layout.marginHeight = 2;
        setLayout(layout);
        title = new Label(this, SWT.NONE);
        title.setFont(marks.bold);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        table = new Table(this, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        String[] cols = {"Frame", "Time", "", "Event"};
        for (int i = 0; i < cols.length; i++) {
            new TableColumn(table, i < 2 ? SWT.RIGHT : SWT.LEFT).setText(cols[i]);
        }
        table.getColumn(2).setToolTipText("\u2192 client to server, \u2190 server to client");
        table.addListener(SWT.MouseDoubleClick, e -> {
            TableItem it = table.getItem(new Point(e.x, e.y));
            if (it != null) {
                open(table.indexOf(it));
            }
        });
        table.addListener(SWT.DefaultSelection, e -> open(table.getSelectionIndex()));
        reconnect = new Label(this, SWT.WRAP);
        GridData rg = new GridData(SWT.FILL, SWT.TOP, true, false);
        rg.widthHint = 200;
        reconnect.setLayoutData(rg);
        setConnection(null);
    }

    public void setConnection(ConnectionReport r) {
        checkWidget();
        connection = r;
        rows.clear();
        table.setRedraw(false);
        try {
            table.removeAll();
            if (r == null) {
                title.setText("Timeline");
                reconnect.setText("Select a connection to see its TCP and SMB events in order.");
                return;
            }
            List<TimelineEvent> events = r.timelineEvents();
            title.setText("Timeline: " + events.size() + (r.timelineTotal() > events.size() ? " of " + r.timelineTotal() : "")
                    + " event(s)");
            ConnectionReport.Frames f = r.frames();
            long next = 0;
            for (TimelineEvent e : events) {
                if (e.index() > next) {
                    TableItem gap = new TableItem(table, SWT.NONE);
                    gap.setText(new String[] {"", "", "", "\u2026 " + (e.index() - next) + " event(s) not kept \u2026"});
                    gap.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
                    rows.add(null);
                }
                next = e.index() + 1;
                TableItem it = new TableItem(table, SWT.NONE);
                it.setText(new String[] {Long.toString(e.frame()), e.offsetText(), e.fromClient() ? "\u2192" : "\u2190", e.text()});
                rows.add(e);
                boolean evidence = f != null && e.frame() > 0 && (e.frame() == f.negotiateRequest() || e.frame() == f.negotiateResponse()
                        || e.frame() == f.validateRequest() || e.frame() == f.validateResponse() || e.frame() == f.termination());
                if (evidence) {
                    it.setFont(marks.bold);
                }
                if (e.kind() == TimelineEvent.Kind.TCP_RST || f != null && e.frame() == f.termination()
                        && (e.kind() == TimelineEvent.Kind.TCP_FIN || e.kind() == TimelineEvent.Kind.TCP_RST)) {
                    it.setForeground(marks.fatalForeground);
                }
                if (e.text().contains("VALIDATE_NEGOTIATE_INFO")) {
                    it.setBackground(marks.differBackground);
                }
            }
            if (r.timelineTotal() > next) {
                TableItem gap = new TableItem(table, SWT.NONE);
                gap.setText(new String[] {"", "", "", "\u2026 " + (r.timelineTotal() - next) + " event(s) not kept \u2026"});
                rows.add(null);
            }
            String host = r.client() == null ? "the client" : r.client().substring(0, Math.max(0, r.client().lastIndexOf(':')));
            reconnect.setText(r.startTimeNanos() == 0 ? "" : r.reconnect().text(host));
            for (TableColumn c : table.getColumns()) {
                c.pack();
            }
        } finally {
            table.setRedraw(true);
            layout(true, true);
        }
    }

    /** Opens the row's SMB message (no-op for TCP events and "not kept" rows). Returns whether it did. */
    boolean open(int row) {
        if (connection == null || row < 0 || row >= rows.size()) {
            return false;
        }
        TimelineEvent e = rows.get(row);
        if (e == null || (e.kind() != TimelineEvent.Kind.SMB2_REQUEST && e.kind() != TimelineEvent.Kind.SMB2_RESPONSE)) {
            return false;
        }
        opener.open(connection, e.frame(), e.messageId(), e.kind() == TimelineEvent.Kind.SMB2_RESPONSE);
        return true;
    }

    public void setOpener(Opener o) { this.opener = o == null ? (r, f, id, resp) -> {} : o; }
    public ConnectionReport connection() { return connection; }
    public Table table() { return table; }
    /** The event of each row, null for the "not kept" rows. */
    List<TimelineEvent> rowEvents() { return List.copyOf(rows); }
    public String reconnectText() { return reconnect.getText(); }
    public String titleText() { return title.getText(); }
}
