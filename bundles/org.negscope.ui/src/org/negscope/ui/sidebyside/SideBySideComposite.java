package org.negscope.ui.sidebyside;

import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureStatus;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.Marks;
import org.negscope.ui.VerdictText;

/**
 * "Negotiate | Validate": for one connection, the server's check (VALIDATE request against NEGOTIATE
 * request) and the client's check (VALIDATE response against NEGOTIATE response) side by side. Plain SWT,
 * so a ViewPart wraps it in the workbench and tests drive it with a bare Display/Shell.
 * <p>
 * A differing row is marked four ways, so it is found without relying on colour: "≠ differs" in the Match
 * column, bold text, a marker icon in the Field column, and a tinted background. Equal rows read "= same".
 */
public class SideBySideComposite extends Composite {
    static final String NO_CONNECTION = "Select a connection in a capture to compare its NEGOTIATE and VALIDATE messages.";

    private final Marks marks;
    private final Label verdict;
    private final Label summary;
    private final Label peers;
    private final Label signature;
    private final Table requestTable;
    private final Table responseTable;
    private final Label notes;
    private ConnectionReport connection;
    private SideBySideModel model;
    private MessageOpener opener = (r, m, row) -> {};

    /** Opens a message of the shown connection in the packet-detail view, with the fields of a row selected. */
    public interface MessageOpener {
        /** {@code row}: "Capabilities", "Guid", ... or null for the whole message. */
        void open(ConnectionReport r, Smb2Message m, String row);
    }

    public SideBySideComposite(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 6;
        layout.marginHeight = 4;
        setLayout(layout);

        verdict = new Label(this, SWT.WRAP);
        verdict.setFont(marks.headline);
        verdict.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        summary = new Label(this, SWT.WRAP);
        summary.setLayoutData(width(new GridData(SWT.FILL, SWT.TOP, true, false)));
        signature = new Label(this, SWT.WRAP);
        signature.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        // Request above response, each table full width: the value columns carry long flag lists.
        requestTable = table(this, "Request: client \u2192 server (the server checks it, MS-SMB2 3.3.5.15.12)");
        responseTable = table(this, "Response: server \u2192 client (the client checks it, MS-SMB2 3.2.5.14.12)");
        linkToDetail(requestTable, true);
        linkToDetail(responseTable, false);
        peers = new Label(this, SWT.WRAP);
        peers.setLayoutData(width(new GridData(SWT.FILL, SWT.TOP, true, false)));

        notes = new Label(this, SWT.WRAP);
        notes.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        setConnection(null);
    }

    private static GridData width(GridData gd) {
        gd.widthHint = 400; // wrap long sentences instead of widening the view
        return gd;
    }

    private Table table(Composite parent, String title) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(1, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Table t = new Table(g, SWT.BORDER | SWT.FULL_SELECTION | SWT.H_SCROLL);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.widthHint = 300;
        t.setLayoutData(gd);
        for (String name : new String[] {"Field", "", "", "Match"}) {
            new TableColumn(t, SWT.LEFT).setText(name);
        }
        t.addListener(SWT.Resize, e -> fitColumns(t));
        // Long flag lists may be cut by the column width: the full value is the cell's tooltip.
        t.addListener(SWT.MouseHover, e -> {
            TableItem item = t.getItem(new org.eclipse.swt.graphics.Point(e.x, e.y));
            String tip = null;
            if (item != null) {
                for (int i = 0; i < t.getColumnCount(); i++) {
                    if (item.getBounds(i).contains(e.x, e.y)) {
                        tip = item.getText(i);
                    }
                }
            }
            t.setToolTipText(tip);
        });
        return t;
    }

    /**
     * Double-clicking a row opens the message of the clicked column (the NEGOTIATE or the VALIDATE one; the Field and
     * Match columns open the VALIDATE message, or the NEGOTIATE one when there is no VALIDATE) in the packet-detail
     * view with that field selected; clicking a frame header opens that message whole.
     */
    private void linkToDetail(Table t, boolean request) {
        t.setToolTipText(null);
        t.addListener(SWT.MouseDoubleClick, e -> {
            TableItem item = t.getItem(new org.eclipse.swt.graphics.Point(e.x, e.y));
            if (item == null) {
                return;
            }
            int column = -1;
            for (int i = 0; i < t.getColumnCount(); i++) {
                if (item.getBounds(i).contains(e.x, e.y)) {
                    column = i;
                }
            }
            open(request, t.indexOf(item), column);
        });
        for (int c = 1; c <= 2; c++) {
            int column = c;
            t.getColumn(c).addListener(SWT.Selection, e -> open(request, -1, column));
        }
    }

    /**
     * Opens the message behind a cell: {@code row} -1 for a column header (the whole message), {@code column} 1 =
     * NEGOTIATE, 2 = VALIDATE, other = VALIDATE if there is one. Returns false when that message is not in the capture.
     */
    public boolean open(boolean request, int row, int column) {
        if (connection == null) {
            return false;
        }
        Smb2Message negotiate = request ? connection.negotiateRequest() : connection.negotiateResponse();
        Smb2Message validate = request ? connection.validateRequest() : connection.validateResponse();
        Smb2Message m = column == 1 ? negotiate : column == 2 ? validate : validate != null ? validate : negotiate;
        if (m == null) {
            return false;
        }
        List<FieldRow> rows = request ? model.requestRows() : model.responseRows();
        String field = row >= 0 && row < rows.size() ? rows.get(row).field() : null;
        opener.open(connection, m, field);
        return true;
    }

    public void setOpener(MessageOpener opener) {
        this.opener = opener == null ? (r, m, row) -> {} : opener;
    }

    /** Shows one connection; null shows the hint to select one. */
    public void setConnection(ConnectionReport r) {
        checkWidget();
        connection = r;
        model = r == null ? null : SideBySideModel.of(r);
        if (r == null) {
            verdict.setText("No connection selected");
            summary.setText(NO_CONNECTION);
            peers.setText("");
            signature.setText("");
            fill(requestTable, "NEGOTIATE request", 0, "VALIDATE request", 0, List.of());
            fill(responseTable, "NEGOTIATE response", 0, "VALIDATE response", 0, List.of());
            notes.setText("");
        } else {
            verdict.setText(r.verdict().name() + (r.fatal() ? " \u2014 fatal" : " \u2014 not fatal") + "   "
                    + r.client() + " \u2192 " + r.server() + (r.dialect() == null ? "" : "   SMB " + r.dialect()));
            verdict.setForeground(r.fatal() ? marks.fatalForeground : null);
            summary.setText(r.summary() == null ? "" : r.summary());
            peers.setText(VerdictText.peers(r));
            ((GridData) peers.getLayoutData()).exclude = peers.getText().isEmpty();
            peers.setVisible(!peers.getText().isEmpty());
            signature.setText("VALIDATE response signature: " + VerdictText.signature(r));
            signature.setForeground(r.signature() == SignatureStatus.INVALID ? marks.fatalForeground : null);
            fill(requestTable, "NEGOTIATE request", model.negotiateRequestFrame(), "VALIDATE request",
                    model.validateRequestFrame(), model.requestRows());
            fill(responseTable, "NEGOTIATE response", model.negotiateResponseFrame(), "VALIDATE response",
                    model.validateResponseFrame(), model.responseRows());
            notes.setText(String.join("\n", model.notes()));
            // The side that differs first: in a short view the marked row is then in sight without scrolling.
            Control request = requestTable.getParent(), response = responseTable.getParent();
            if (model.responseRows().stream().anyMatch(FieldRow::differs) && model.requestRows().stream().noneMatch(FieldRow::differs)) {
                response.moveAbove(request);
            } else {
                request.moveAbove(response);
            }
        }
        layout(true, true);
    }

    private void fill(Table t, String left, long leftFrame, String right, long rightFrame, List<FieldRow> rows) {
        t.setRedraw(false);
        try {
            t.removeAll();
            t.getColumn(1).setText(SideBySideModel.header(left, leftFrame));
            t.getColumn(2).setText(SideBySideModel.header(right, rightFrame));
            for (FieldRow row : rows) {
                TableItem item = new TableItem(t, SWT.NONE);
                item.setText(new String[] {row.field(), row.negotiate(), row.validate(), row.matchText()});
                if (row.differs()) {
                    item.setImage(0, marks.differs);
                    item.setFont(marks.bold);
                    item.setBackground(marks.differBackground);
                }
            }
            fitColumns(t);
            // Room for the four fields and a horizontal scroll bar, no vertical one (measured once shown).
            int scroll = t.getHorizontalBar() == null ? 0 : t.getHorizontalBar().getSize().y;
            ((GridData) t.getLayoutData()).heightHint = t.getHeaderHeight() + 4 * t.getItemHeight() + scroll + 4;
        } finally {
            t.setRedraw(true);
        }
    }

    /**
     * Field and Match at their natural width, the two values sharing the rest equally: the Match column
     * ("≠ differs") must stay in view however long the Capabilities flag lists are.
     */
    private static void fitColumns(Table t) {
        TableColumn[] c = t.getColumns();
        c[0].pack();
        c[3].pack();
        int available = t.getClientArea().width - c[0].getWidth() - c[3].getWidth();
        c[1].pack();
        c[2].pack();
        if (available > 0 && c[1].getWidth() + c[2].getWidth() > available) {
            int half = Math.max(120, available / 2);
            c[1].setWidth(Math.min(c[1].getWidth(), Math.max(half, available - c[2].getWidth())));
            c[2].setWidth(Math.max(120, Math.min(c[2].getWidth(), available - c[1].getWidth())));
        }
    }

    public ConnectionReport connection() { return connection; }
    /** The model behind the tables (null when no connection is shown). */
    public SideBySideModel model() { return model; }
    public Table requestTable() { return requestTable; }
    public Table responseTable() { return responseTable; }
    public String verdictText() { return verdict.getText(); }
    public String summaryText() { return summary.getText(); }
    public String signatureText() { return signature.getText(); }
    public String peersText() { return peers.getText(); }
}
