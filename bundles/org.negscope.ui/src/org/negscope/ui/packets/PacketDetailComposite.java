package org.negscope.ui.packets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureChecks;
import org.negscope.smb2.Field;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.Marks;

/**
 * The packet-detail view's content, as Wireshark's three panes: the connection's SMB2 messages (frame, direction,
 * command, MessageId, status, signature check), the selected message's fields as a tree (MS-SMB2 names, flags
 * decoded, from {@link org.negscope.smb2.FieldTree}) and its bytes as a hex dump. Selecting fields highlights
 * their bytes; clicking a byte selects the deepest field that holds it. The report's own messages show at once;
 * the complete list is read in a job ({@link MessageLoadJob}) and replaces them. The tree and its link to the hex
 * view are {@link FieldTreeViewer} and {@link FieldHexLink}, the texts {@link MessageText}; this class keeps the
 * message list and what is selected. Plain SWT + JFace, so tests drive it in a bare Shell.
 */
public class PacketDetailComposite extends Composite {
    static final String NO_CONNECTION = "Double-click a row of the Negotiate | Validate view, or select a connection, to see its messages.";

    private final Marks marks;
    private final Label title;
    private final Label status;
    private final Table messages;
    private final Label messageLine;
    private final TreeViewer tree;
    private final HexView hex;
    private final FieldHexLink link;

    private ConnectionReport connection;
    private List<MessageEntry> entries = List.of();
    /** The analysis' counts for the listed connection (with credentials), its credentials hint above all. */
    private SignatureChecks checks = SignatureChecks.NONE;
    private MessageEntry current;
    private MessageLoadJob loader;
    private volatile boolean loading;
    /** What to select once the full list is there: a message, and the side-by-side row whose fields to select. */
    private Predicate<MessageEntry> wantedMessage;
    private String wantedRow;
    private final List<Runnable> loadListeners = new ArrayList<>(1);

    public PacketDetailComposite(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 4;
        layout.marginHeight = 2;
        setLayout(layout);
        title = new Label(this, SWT.NONE);
        title.setFont(marks.bold);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status = new Label(this, SWT.NONE);
        status.setLayoutData(new GridData(SWT.RIGHT, SWT.CENTER, false, false));

        SashForm vertical = new SashForm(this, SWT.VERTICAL);
        vertical.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        messages = new Table(vertical, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.VIRTUAL);
        messages.setHeaderVisible(true);
        messages.setLinesVisible(true);
        String[] cols = {"Frame", "", "Message", "MessageId", "Status", "Signature"};
        int[] widths = {60, 30, 330, 70, 250, 560};
        for (int i = 0; i < cols.length; i++) {
            TableColumn c = new TableColumn(messages, i == 0 || i == 3 ? SWT.RIGHT : SWT.LEFT);
            c.setText(cols[i]);
            c.setWidth(widths[i]);
        }
        messages.getColumn(1).setToolTipText("\u2192 client to server, \u2190 server to client");
        messages.addListener(SWT.SetData, e -> fillRow((TableItem) e.item));
        messages.addListener(SWT.Selection, e -> {
            int i = messages.getSelectionIndex();
            if (i >= 0 && i < entries.size()) {
                showEntry(entries.get(i), null);
            }
        });

        Composite detail = new Composite(vertical, SWT.NONE);
        GridLayout dl = new GridLayout(1, false);
        dl.marginWidth = 0;
        dl.marginHeight = 0;
        detail.setLayout(dl);
        messageLine = new Label(detail, SWT.WRAP);
        GridData ml = new GridData(SWT.FILL, SWT.TOP, true, false);
        ml.widthHint = 300;
        messageLine.setLayoutData(ml);
        SashForm horizontal = new SashForm(detail, SWT.HORIZONTAL);
        horizontal.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tree = FieldTreeViewer.create(horizontal);
        hex = new HexView(horizontal);
        link = new FieldHexLink(tree, hex);
        horizontal.setWeights(55, 45);
        vertical.setWeights(35, 65);
        setConnection(null, null);
    }

    // --- the connection and its messages --------------------------------------------------------------

    /**
     * Shows a connection: the report's messages at once, then (when {@code source} is given) all its messages,
     * read in a job. Null clears the view.
     */
    public void setConnection(ConnectionReport r, MessageSource source) {
        checkWidget();
        if (loader != null) {
            loader.cancel();
            loader = null;
        }
        connection = r;
        checks = SignatureChecks.NONE;
        wantedMessage = null;
        wantedRow = null;
        if (r == null) {
            title.setText("No connection");
            status.setText("");
            setEntries(List.of());
            messageLine.setText(NO_CONNECTION);
            loading = false;
            return;
        }
        title.setText(r.client() + " \u2192 " + r.server() + (source == null ? "" : "   (" + source.name() + ")"));
        ConnectionMessages quick = ConnectionMessages.fromReport(r);
        setEntries(quick.entries());
        status.setText(source == null ? quick.entries().size() + " message(s): " + quick.note() : "Reading all messages \u2026");
        if (source != null) {
            load(r, source);
        } else {
            loading = false;
        }
        layout(true, true);
    }

    private void load(ConnectionReport r, MessageSource source) {
        loading = true;
        MessageLoadJob job = new MessageLoadJob("Reading the messages of " + r.client() + " \u2192 " + r.server(), source,
                getDisplay(), this::loaded);
        loader = job;
        job.schedule();
    }

    /** The reading job has ended (on the UI thread); a job replaced by a later connection's is ignored. */
    private void loaded(MessageLoadJob job, ConnectionMessages result, String failure, boolean canceled) {
        if (isDisposed() || loader != job) {
            return;
        }
        loader = null;
        loading = false;
        if (canceled) {
            status.setText("Reading canceled: only the report's messages are listed");
        } else if (result == null) {
            status.setText("Cannot read the messages: " + failure);
        } else {
            replaceEntries(result);
        }
        layout(true, true);
        loadListeners.forEach(Runnable::run);
    }

    private void replaceEntries(ConnectionMessages all) {
        MessageEntry before = current;
        List<Field> beforeFields = selectedFields();
        checks = all.checks();
        setEntries(all.entries());
        status.setText(MessageText.listStatus(all));
        if (wantedMessage != null) {
            show(wantedMessage, wantedRow);
        } else if (before != null && before.message() != null) {
            MessageEntry again = find(before.message());
            if (again != null) {
                selectEntry(again);
                // Same message, new tree: select the fields with the same place and name.
                selectFields(link.same(beforeFields));
            }
        }
    }

    private void setEntries(List<MessageEntry> list) {
        entries = List.copyOf(list);
        messages.clearAll();
        messages.setItemCount(entries.size());
        current = null;
        link.clear();
        messageLine.setText(entries.isEmpty() ? NO_CONNECTION : "Select a message.");
    }

    private void fillRow(TableItem item) {
        int i = messages.indexOf(item);
        if (i < 0 || i >= entries.size()) {
            return;
        }
        MessageEntry e = entries.get(i);
        MessageSignature s = e.signature();
        item.setText(new String[] {Long.toString(e.frame()), e.fromClient() ? "\u2192" : "\u2190", e.title(),
                e.messageId() < 0 ? "" : Long.toString(e.messageId()), e.status(), MessageText.signatureCell(e)});
        if (e.isValidate()) {
            item.setFont(2, marks.bold);
        }
        if (s != null && s.status() == MessageSignature.Status.INVALID) {
            item.setForeground(5, marks.fatalForeground);
            item.setImage(5, marks.fatal);
        }
    }

    private MessageEntry find(Smb2Message m) {
        for (MessageEntry e : entries) {
            if (e.sameAs(m)) {
                return e;
            }
        }
        return null;
    }

    // --- selecting ------------------------------------------------------------------------------------

    /**
     * Selects the message {@code m} (one of the report's) and, when {@code row} names a side-by-side row
     * (Capabilities, Guid, SecurityMode, Dialects, Dialect), the fields that carry it; else the message's root.
     * If the full list is still being read, the selection is made again once it is there.
     */
    public void showMessage(Smb2Message m, String row) {
        checkWidget();
        show(m == null ? e -> false : e -> e.sameAs(m), row);
    }

    /** Selects the message completed by {@code frame} with this MessageId and direction (a timeline row). */
    public void showMessageAt(long frame, long messageId, boolean response) {
        checkWidget();
        show(e -> e.frame() == frame && e.messageId() == messageId && e.message() != null
                && e.message().header().isResponse() == response, null);
    }

    private void show(Predicate<MessageEntry> which, String row) {
        if (loading) {
            wantedMessage = which;
            wantedRow = row;
        } else {
            wantedMessage = null;
            wantedRow = null;
        }
        MessageEntry e = entries.stream().filter(which).findFirst().orElse(null);
        if (e == null) {
            return;
        }
        selectEntry(e);
        List<Field> fields = row == null ? List.of() : FieldPaths.forRow(link.root(), row);
        selectFields(fields.isEmpty() ? List.of(link.root()) : fields);
    }

    private void selectEntry(MessageEntry e) {
        int i = entries.indexOf(e);
        messages.setSelection(i);
        messages.showSelection();
        showEntry(e, null);
    }

    private void showEntry(MessageEntry e, Field select) {
        current = e;
        link.show(e.describe(), e.bytes());
        messageLine.setText(MessageText.messageLine(e, checks));
        messageLine.setForeground(e.signature() != null && e.signature().status() == MessageSignature.Status.INVALID
                ? marks.fatalForeground : null);
        if (select != null) {
            selectFields(List.of(select));
        }
        layout(true, true);
    }

    /** Selects these fields of the shown message in the tree (revealing them); their bytes light up. */
    void selectFields(List<Field> fields) {
        link.select(fields);
    }

    // --- for views and tests --------------------------------------------------------------------------

    /** Runs on the UI thread whenever a reading job ends (with the full list, a failure or a cancel). */
    public void addLoadListener(Runnable r) { loadListeners.add(r); }

    public ConnectionReport connection() { return connection; }
    /** The analysis' signature counts for the listed connection; {@link SignatureChecks#NONE} without credentials. */
    public SignatureChecks signatureChecks() { return checks; }
    public List<MessageEntry> entries() { return entries; }
    public MessageEntry currentEntry() { return current; }
    public Field currentTree() { return link.root(); }
    /** True while the complete message list is being read. */
    public boolean isLoading() { return loading; }
    public String statusText() { return status.getText(); }
    public String messageLineText() { return messageLine.getText(); }
    Table messagesTable() { return messages; }
    TreeViewer treeViewer() { return tree; }
    HexView hexView() { return hex; }

    public List<Field> selectedFields() { return link.selected(); }

    /** Clicks the byte at {@code offset} in the hex view as the user would (caret onto its first hex digit). */
    void clickByte(int offset) {
        hex.control().setFocus();
        hex.control().setCaretOffset(hex.dump().hexOffset(offset));
    }
}
