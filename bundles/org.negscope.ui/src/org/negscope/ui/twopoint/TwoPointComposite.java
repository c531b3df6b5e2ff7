package org.negscope.ui.twopoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.negscope.analysis.ConnectionPair;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.TwoPointResult;
import org.negscope.smb2.Field;
import org.negscope.smb2.FieldTree;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.Marks;
import org.negscope.ui.packets.HexView;

/**
 * Two-point analysis: the same connections captured on the client's side and on the server's side of a
 * middlebox, matched by {@link org.negscope.analysis.TwoPointMatcher}. A banner says what the path changed and names
 * the middlebox; the changed fields are listed; each NEGOTIATE / VALIDATE message is shown as sent and as received,
 * field by field and byte by byte, the changes marked. Plain SWT (the two-point editor wraps it).
 */
public class TwoPointComposite extends Composite {
    static final String[] MESSAGES = {"NEGOTIATE request", "NEGOTIATE response", "VALIDATE request", "VALIDATE response"};

    private final Marks marks;
    private final Label files;
    private final Button swap;
    private final Label banner;
    private final Label middlebox;
    private final Table pairs;
    private final Table changes;
    private final Combo message;
    private final Group sentGroup;
    private final Group receivedGroup;
    private final Table sentFields;
    private final Table receivedFields;
    private final HexView sentHex;
    private final HexView receivedHex;
    private final Label unmatched;

    private TwoPointResult result;
    private ConnectionPair pair;
    private List<MessageDiff.Row> rows = List.of();
    private Runnable swapAction = () -> {};

    public TwoPointComposite(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        setLayout(new org.eclipse.swt.layout.FillLayout());
        ScrolledComposite scroller = new ScrolledComposite(this, SWT.V_SCROLL | SWT.H_SCROLL);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        Composite body = new Composite(scroller, SWT.NONE);
        scroller.setContent(body);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 6;
        layout.marginHeight = 4;
        body.setLayout(layout);

        files = new Label(body, SWT.WRAP);
        files.setLayoutData(wide(new GridData(SWT.FILL, SWT.CENTER, true, false)));
        swap = new Button(body, SWT.PUSH);
        swap.setText("Swap sides");
        swap.setToolTipText("The other file is the client-side capture");
        swap.addListener(SWT.Selection, e -> swapAction.run());
        banner = new Label(body, SWT.WRAP);
        banner.setFont(marks.headline);
        banner.setLayoutData(wide(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1)));
        middlebox = new Label(body, SWT.WRAP);
        middlebox.setLayoutData(wide(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1)));

        pairs = table(body, 70, "Client-side connection", "Server-side connection", "Client-side verdict",
                "Server-side verdict", "Changed", "Matched by");
        pairs.addListener(SWT.Selection, e -> {
            int i = pairs.getSelectionIndex();
            if (result != null && i >= 0 && i < result.pairs().size()) {
                showPair(result.pairs().get(i));
            }
        });
        changes = table(body, 110, "", "Message", "Field", "As sent", "As received", "What it means");

        Composite chooser = new Composite(body, SWT.NONE);
        chooser.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        GridLayout cl = new GridLayout(2, false);
        cl.marginWidth = 0;
        chooser.setLayout(cl);
        new Label(chooser, SWT.NONE).setText("Compare:");
        message = new Combo(chooser, SWT.READ_ONLY);
        message.setItems(MESSAGES);
        message.select(0);
        message.addListener(SWT.Selection, e -> showMessage());

        SashForm sides = new SashForm(body, SWT.HORIZONTAL);
        GridData sg = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        sg.heightHint = 420;
        sides.setLayoutData(sg);
        sentGroup = new Group(sides, SWT.NONE);
        receivedGroup = new Group(sides, SWT.NONE);
        sentFields = side(sentGroup);
        sentHex = new HexView(sentGroup);
        receivedFields = side(receivedGroup);
        receivedHex = new HexView(receivedGroup);
        for (Group g : new Group[] {sentGroup, receivedGroup}) {
            g.getChildren()[1].setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        }
        sentFields.addListener(SWT.Selection, e -> highlight(sentFields, sentHex, true));
        receivedFields.addListener(SWT.Selection, e -> highlight(receivedFields, receivedHex, false));
        unmatched = new Label(body, SWT.WRAP);
        unmatched.setLayoutData(wide(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1)));
        scroller.addListener(SWT.Resize, e -> {
            int w = scroller.getClientArea().width;
            scroller.setMinSize(body.computeSize(Math.max(600, w), SWT.DEFAULT));
        });
        setResult(null, null, null);
    }

    private static GridData wide(GridData gd) {
        gd.widthHint = 400;
        return gd;
    }

    private Table table(Composite parent, int height, String... columns) {
        Table t = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        gd.heightHint = height;
        t.setLayoutData(gd);
        for (String c : columns) {
            new TableColumn(t, SWT.LEFT).setText(c);
        }
        return t;
    }

    private Table side(Group g) {
        g.setLayout(new GridLayout(1, false));
        Table t = new Table(g, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
        gd.heightHint = 200;
        t.setLayoutData(gd);
        for (String c : new String[] {"Field", "Value"}) {
            new TableColumn(t, SWT.LEFT).setText(c);
        }
        return t;
    }

    /** Shows a matching result of the two files (null: still analysing, with {@code note} saying so). */
    public void setResult(TwoPointResult r, Path clientSide, Path serverSide) {
        checkWidget();
        result = r;
        files.setText(clientSide == null ? "" : "Client side: " + clientSide.getFileName() + "    \u2194    Server side: "
                + serverSide.getFileName());
        pairs.removeAll();
        unmatched.setText("");
        if (r == null) {
            banner.setText("Two-point analysis");
            middlebox.setText("Open a capture taken on the client's side and compare it with one taken on the server's side"
                    + " (File > Compare with Server-Side Capture\u2026): NegScope matches the connections and shows what the"
                    + " path between them changed.");
            showPair(null);
            return;
        }
        for (ConnectionPair p : r.pairs()) {
            TableItem it = new TableItem(pairs, SWT.NONE);
            it.setText(new String[] {p.clientSide().client() + " \u2192 " + p.clientSide().server(),
                    p.serverSide().client() + " \u2192 " + p.serverSide().server(), p.clientSide().verdict().name(),
                    p.serverSide().verdict().name(), p.changed() ? p.changes().size() + " field(s)" : "nothing", p.matchedBy()});
            if (p.changed()) {
                it.setImage(4, marks.differs);
                it.setFont(marks.bold);
            }
        }
        pack(pairs);
        List<String> lone = new ArrayList<>();
        for (ConnectionReport c : r.unmatchedClientSide()) {
            lone.add("only on the client side: " + c.client() + " \u2192 " + c.server() + " (" + c.verdict() + ")");
        }
        for (ConnectionReport c : r.unmatchedServerSide()) {
            lone.add("only on the server side: " + c.client() + " \u2192 " + c.server() + " (" + c.verdict() + ")");
        }
        unmatched.setText(lone.isEmpty() ? "Every connection was found at both capture points."
                : "Not matched (" + lone.size() + "): " + String.join("; ", lone) + ".");
        ConnectionPair first = r.pairs().stream().filter(ConnectionPair::changed).findFirst()
                .orElse(r.pairs().isEmpty() ? null : r.pairs().get(0));
        if (first != null) {
            pairs.select(r.pairs().indexOf(first));
        }
        showPair(first);
        if (r.pairs().isEmpty()) {
            banner.setText("No connection was found in both captures");
            banner.setForeground(null);
            middlebox.setText("NegScope matches connections by ClientGuid, MessageIds and timing; these captures share none."
                    + " Are they of the same traffic, taken at the same time?");
        }
    }

    private void showPair(ConnectionPair p) {
        pair = p;
        changes.removeAll();
        if (p == null) {
            showMessage();
            return;
        }
        if (p.changed()) {
            ConnectionPair.Change c = p.changes().get(0);
            banner.setText("\u2260 The middlebox changed the " + c.message() + " on the way: " + c.field() + " " + c.sent()
                    + " \u2192 " + c.received() + (c.note().isEmpty() ? "" : " (" + c.note() + ")")
                    + (p.changes().size() > 1 ? ", and " + (p.changes().size() - 1) + " more" : ""));
            banner.setForeground(marks.fatalForeground);
        } else {
            banner.setText("= The path changed nothing in the NEGOTIATE and VALIDATE messages of this connection");
            banner.setForeground(null);
        }
        middlebox.setText("Between the capture points: " + p.middlebox().replaceFirst("^the middlebox between ", "")
                + ".\n" + p.summary());
        for (ConnectionPair.Change c : p.changes()) {
            TableItem it = new TableItem(changes, SWT.NONE);
            it.setText(new String[] {"", c.message(), c.field(), c.sent(), c.received(), c.note()});
            it.setImage(0, marks.differs);
            it.setBackground(marks.differBackground);
        }
        pack(changes);
        ((GridData) changes.getLayoutData()).heightHint = changes.getHeaderHeight()
                + Math.max(1, Math.min(5, changes.getItemCount())) * changes.getItemHeight() + 4;
        // Show the first changed message; else the NEGOTIATE request.
        int index = 0;
        if (p.changed()) {
            String m = p.changes().get(0).message();
            for (int i = 0; i < MESSAGES.length; i++) {
                if (m.startsWith(MESSAGES[i])) {
                    index = i;
                }
            }
        }
        message.select(index);
        showMessage();
        layout(true, true);
    }

    /** The chosen message as sent (by its sender's capture) and as received (by the other capture). */
    private void showMessage() {
        int i = message.getSelectionIndex();
        boolean request = i == 0 || i == 2;
        String name = MESSAGES[Math.max(0, i)];
        Smb2Message sent = null;
        Smb2Message received = null;
        if (pair != null) {
            ConnectionReport from = request ? pair.clientSide() : pair.serverSide();
            ConnectionReport to = request ? pair.serverSide() : pair.clientSide();
            sent = pick(from, i);
            received = pick(to, i);
        }
        String sender = request ? "the client" : "the server";
        String receiver = request ? "the server" : "the client";
        sentGroup.setText("As sent by " + sender + " (" + (request ? "client" : "server") + "-side capture"
                + (sent == null ? ", not in it" : ", frame " + sent.lastFrame()) + ")");
        receivedGroup.setText("As received by " + receiver + " (" + (request ? "server" : "client") + "-side capture"
                + (received == null ? ", not in it" : ", frame " + received.lastFrame()) + ")");
        rows = MessageDiff.compare(sent == null ? null : FieldTree.describe(sent), received == null ? null : FieldTree.describe(received));
        fill(sentFields, true);
        fill(receivedFields, false);
        sentHex.setBytes(sent == null ? new byte[0] : sent.bytes());
        receivedHex.setBytes(received == null ? new byte[0] : received.bytes());
        List<Integer> marked = new ArrayList<>();
        if (pair != null) {
            for (ConnectionPair.ByteChange b : pair.bytes()) {
                if (b.message().equals(name)) {
                    marked.add(b.offset());
                }
            }
        }
        sentHex.mark(marked);
        receivedHex.mark(marked);
        // Bring the first changed field into view on both sides, its bytes lit.
        revealFirstChange(sentFields, sentHex);
        revealFirstChange(receivedFields, receivedHex);
    }

    private void revealFirstChange(Table t, HexView hex) {
        for (int i = 0; i < t.getItemCount(); i++) {
            if (t.getItem(i).getImage(0) != null) {
                t.setSelection(i);
                t.setTopIndex(Math.max(0, i - 2));
                highlight(t, hex, true);
                return;
            }
        }
        t.deselectAll();
        hex.highlight(List.of());
    }

    private static Smb2Message pick(ConnectionReport r, int i) {
        return switch (i) {
            case 0 -> r.negotiateRequest();
            case 1 -> r.negotiateResponse();
            case 2 -> r.validateRequest();
            default -> r.validateResponse();
        };
    }

    private void fill(Table t, boolean sent) {
        t.setRedraw(false);
        try {
            t.removeAll();
            for (MessageDiff.Row row : rows) {
                Field f = sent ? row.sent() : row.received();
                TableItem it = new TableItem(t, SWT.NONE);
                it.setText(new String[] {"  ".repeat(row.depth()) + row.name(), f == null ? "(not in this message)"
                        : f.value() == null ? "" : f.value()});
                it.setData(f);
                // The root and the containers repeat their children's difference: mark only leaves (and missing fields).
                boolean leaf = (row.sent() == null || row.sent().children().isEmpty()) && (row.received() == null
                        || row.received().children().isEmpty());
                if (row.differs() && (leaf || f == null)) {
                    it.setImage(0, marks.differs);
                    it.setFont(marks.bold);
                    it.setBackground(marks.differBackground);
                }
            }
            pack(t);
        } finally {
            t.setRedraw(true);
        }
    }

    private void highlight(Table t, HexView hex, boolean sent) {
        int i = t.getSelectionIndex();
        Field f = i < 0 ? null : (Field) t.getItem(i).getData();
        hex.highlight(f == null ? List.of() : List.of(new int[] {f.offset(), f.length()}));
    }

    private static void pack(Table t) {
        for (TableColumn c : t.getColumns()) {
            c.pack();
            c.setWidth(Math.min(c.getWidth(), 520));
        }
    }

    // --- for the editor and tests -------------------------------------------------------------------------

    /** A file could not be read: says so in the banner. */
    public void showError(String text) {
        banner.setText(text);
        banner.setForeground(marks.fatalForeground);
        layout(true, true);
    }

    public void setSwapAction(Runnable r) { this.swapAction = r == null ? () -> {} : r; }
    public TwoPointResult result() { return result; }
    public ConnectionPair pair() { return pair; }
    public String bannerText() { return banner.getText(); }
    public String middleboxText() { return middlebox.getText(); }
    Table pairsTable() { return pairs; }
    Table changesTable() { return changes; }
    Table sentFieldsTable() { return sentFields; }
    Table receivedFieldsTable() { return receivedFields; }
    HexView sentHex() { return sentHex; }
    HexView receivedHex() { return receivedHex; }
    String sentTitle() { return sentGroup.getText(); }
    String receivedTitle() { return receivedGroup.getText(); }
    List<MessageDiff.Row> rows() { return rows; }

    /** Chooses the message to compare as the user would (index into {@link #MESSAGES}). */
    void chooseMessage(int i) {
        message.select(i);
        showMessage();
    }
}
