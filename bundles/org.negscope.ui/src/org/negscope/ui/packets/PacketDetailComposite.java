package org.negscope.ui.packets;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreePath;
import org.eclipse.jface.viewers.TreeSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureChecks;
import org.negscope.capture.Progress;
import org.negscope.smb2.Field;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.Marks;
import org.negscope.ui.VerdictText;

/**
 * The packet-detail view's content, as Wireshark's three panes: the connection's SMB2 messages (frame, direction,
 * command, MessageId, status, signature check), the selected message's fields as a tree (MS-SMB2 names, flags
 * decoded, from {@link org.negscope.smb2.FieldTree}) and its bytes as a hex dump. Selecting fields highlights
 * their bytes; clicking a byte selects the deepest field that holds it. The report's own messages show at once;
 * the complete list is read in a job and replaces them. Plain SWT + JFace, so tests drive it in a bare Shell.
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

    private ConnectionReport connection;
    private List<MessageEntry> entries = List.of();
    /** The analysis' counts for the listed connection (with credentials), its credentials hint above all. */
    private SignatureChecks checks = SignatureChecks.NONE;
    private MessageEntry current;
    private Field currentTree;
    private Job loader;
    private volatile boolean loading;
    /** What to select once the full list is there: a message, and the side-by-side row whose fields to select. */
    private java.util.function.Predicate<MessageEntry> wantedMessage;
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
        tree = new TreeViewer(horizontal, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        tree.getTree().setHeaderVisible(true);
        tree.getTree().setLinesVisible(true);
        tree.setContentProvider(new FieldContent());
        // Field is a record: two equal-looking fields are still different nodes.
        tree.setComparer(new IElementComparer() {
            @Override public boolean equals(Object a, Object b) { return a == b; }
            @Override public int hashCode(Object o) { return System.identityHashCode(o); }
        });
        column("Field", 260, f -> f.name());
        column("Value", 300, f -> f.value() == null ? "" : f.value());
        column("Bytes", 80, f -> f.offset() + "+" + f.length());
        tree.addSelectionChangedListener(e -> highlightSelection());
        hex = new HexView(horizontal);
        hex.onByte(this::selectByte);
        horizontal.setWeights(55, 45);
        vertical.setWeights(35, 65);
        setConnection(null, null);
    }

    private void column(String name, int width, java.util.function.Function<Field, String> text) {
        TreeViewerColumn c = new TreeViewerColumn(tree, SWT.LEFT);
        c.getColumn().setText(name);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override public String getText(Object element) { return text.apply((Field) element); }
        });
    }

    private static final class FieldContent implements ITreeContentProvider {
        // The input is a one-element array, never the root Field itself: a TreePath starting at an element that is
        // also the input would be taken for the input and its children looked up at the top level.
        @Override public Object[] getElements(Object input) { return input instanceof Field[] roots ? roots : new Object[0]; }
        @Override public Object[] getChildren(Object parent) { return ((Field) parent).children().toArray(); }
        @Override public Object getParent(Object element) { return null; }
        @Override public boolean hasChildren(Object element) { return !((Field) element).children().isEmpty(); }
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
        Display display = getDisplay();
        Job job = new Job("Reading the messages of " + r.client() + " \u2192 " + r.server()) {
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
                Job self = this;
                if (!display.isDisposed()) {
                    display.asyncExec(() -> {
                        if (isDisposed() || loader != self) {
                            return;
                        }
                        loader = null;
                        loading = false;
                        if (monitor.isCanceled()) {
                            status.setText("Reading canceled: only the report's messages are listed");
                        } else if (result == null) {
                            status.setText("Cannot read the messages: " + failure);
                        } else {
                            replaceEntries(result);
                        }
                        layout(true, true);
                        loadListeners.forEach(Runnable::run);
                    });
                }
                return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            }
        };
        job.setSystem(false);
        job.setPriority(Job.SHORT);
        loader = job;
        job.schedule();
    }

    private void replaceEntries(ConnectionMessages all) {
        MessageEntry before = current;
        List<Field> beforeFields = selectedFields();
        checks = all.checks();
        setEntries(all.entries());
        long signed = all.entries().stream().filter(MessageEntry::isSigned).count();
        long decrypted = all.entries().stream().filter(MessageEntry::isDecrypted).count();
        long sealed = all.entries().stream().filter(e -> e.message() == null).count();
        status.setText(all.entries().size() + " message(s), " + signed + " signed" + (decrypted > 0 ? ", " + decrypted + " decrypted" : "")
                + (sealed > 0 ? ", " + sealed + " encrypted" : "") + (checks.checked() ? ": " + VerdictText.signatureCounts(checks) : "")
                + (all.note().isEmpty() ? "" : "; " + all.note()));
        if (wantedMessage != null) {
            show(wantedMessage, wantedRow);
        } else if (before != null && before.message() != null) {
            MessageEntry again = find(before.message());
            if (again != null) {
                selectEntry(again);
                // Same message, new tree: select the fields with the same place and name.
                List<Field> same = new ArrayList<>();
                for (Field f : beforeFields) {
                    Field g = sameField(currentTree, f);
                    if (g != null) {
                        same.add(g);
                    }
                }
                selectFields(same);
            }
        }
    }

    private static Field sameField(Field root, Field like) {
        if (root.name().equals(like.name()) && root.offset() == like.offset() && root.length() == like.length()) {
            return root;
        }
        for (Field c : root.children()) {
            Field f = sameField(c, like);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private void setEntries(List<MessageEntry> list) {
        entries = List.copyOf(list);
        messages.clearAll();
        messages.setItemCount(entries.size());
        current = null;
        currentTree = null;
        tree.setInput(null);
        hex.setBytes(new byte[0]);
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
                e.messageId() < 0 ? "" : Long.toString(e.messageId()), e.status(), signatureCell(e)});
        if (e.isValidate()) {
            item.setFont(2, marks.bold);
        }
        if (s != null && s.status() == MessageSignature.Status.INVALID) {
            item.setForeground(5, marks.fatalForeground);
            item.setImage(5, marks.fatal);
        }
    }

    static String signatureCell(MessageEntry e) {
        if (e.message() == null) {
            return "encrypted (give credentials to decrypt)";
        }
        if (e.isDecrypted()) {
            return "came encrypted (sealed, so authenticated)";
        }
        if (!e.isSigned()) {
            return "UNSIGNED";
        }
        MessageSignature s = e.signature();
        return s == null ? "signed (not checked: no credentials)" : s.status() == MessageSignature.Status.VALID
                ? "VALID (" + s.algorithm() + ")" : s.text(); // INVALID with expected and found, UNVERIFIED with why
    }

    /** The message line's signature: the check with expected and found, and for INVALID the analysis' credentials hint. */
    private String signatureLine(MessageEntry e) {
        MessageSignature s = e.signature();
        if (s == null) {
            return signatureCell(e);
        }
        return s.text() + (s.status() == MessageSignature.Status.INVALID && checks.credentialsHint() != null
                ? " \u2014 " + checks.credentialsHint() : "");
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

    private void show(java.util.function.Predicate<MessageEntry> which, String row) {
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
        List<Field> fields = row == null ? List.of() : FieldPaths.forRow(currentTree, row);
        selectFields(fields.isEmpty() ? List.of(currentTree) : fields);
    }

    private void selectEntry(MessageEntry e) {
        int i = entries.indexOf(e);
        messages.setSelection(i);
        messages.showSelection();
        showEntry(e, null);
    }

    private void showEntry(MessageEntry e, Field select) {
        current = e;
        currentTree = e.describe();
        hex.setBytes(e.bytes());
        tree.setInput(new Field[] {currentTree});
        tree.expandToLevel(2);
        StringBuilder line = new StringBuilder("Frame ").append(e.frame()).append(" \u00b7 ").append(e.fromClient()
                ? "client \u2192 server" : "server \u2192 client").append(" \u00b7 ").append(e.title());
        if (!e.status().isEmpty()) {
            line.append(" \u00b7 ").append(e.status());
        }
        line.append(" \u00b7 ").append(e.length()).append(" bytes");
        if (e.bytes().length < e.length()) {
            line.append(" (").append(e.bytes().length).append(" kept)");
        }
        line.append("\nSignature: ").append(signatureLine(e));
        messageLine.setText(line.toString());
        messageLine.setForeground(e.signature() != null && e.signature().status() == MessageSignature.Status.INVALID
                ? marks.fatalForeground : null);
        if (select != null) {
            selectFields(List.of(select));
        }
        layout(true, true);
    }

    /** Selects these fields of the shown message in the tree (revealing them); their bytes light up. */
    void selectFields(List<Field> fields) {
        List<TreePath> paths = new ArrayList<>();
        for (Field f : fields) {
            List<Field> p = FieldPaths.pathTo(currentTree, f);
            if (!p.isEmpty()) {
                paths.add(new TreePath(p.toArray()));
            }
        }
        tree.setSelection(new TreeSelection(paths.toArray(new TreePath[0])), true);
        highlightSelection();
    }

    private void selectByte(int offset) {
        if (currentTree == null) {
            return;
        }
        List<Field> path = FieldPaths.deepestAt(currentTree, offset);
        if (!path.isEmpty()) {
            tree.setSelection(new TreeSelection(new TreePath(path.toArray())), true);
            highlightSelection();
        }
    }

    private void highlightSelection() {
        List<int[]> ranges = new ArrayList<>();
        for (Field f : selectedFields()) {
            ranges.add(new int[] {f.offset(), f.length()});
        }
        hex.highlight(ranges);
    }

    // --- for views and tests --------------------------------------------------------------------------

    /** Runs on the UI thread whenever a reading job ends (with the full list, a failure or a cancel). */
    public void addLoadListener(Runnable r) { loadListeners.add(r); }

    public ConnectionReport connection() { return connection; }
    /** The analysis' signature counts for the listed connection; {@link SignatureChecks#NONE} without credentials. */
    public SignatureChecks signatureChecks() { return checks; }
    public List<MessageEntry> entries() { return entries; }
    public MessageEntry currentEntry() { return current; }
    public Field currentTree() { return currentTree; }
    /** True while the complete message list is being read. */
    public boolean isLoading() { return loading; }
    public String statusText() { return status.getText(); }
    public String messageLineText() { return messageLine.getText(); }
    Table messagesTable() { return messages; }
    TreeViewer treeViewer() { return tree; }
    HexView hexView() { return hex; }

    public List<Field> selectedFields() {
        List<Field> out = new ArrayList<>();
        for (Object o : ((IStructuredSelection) tree.getSelection()).toList()) {
            out.add((Field) o);
        }
        return out;
    }

    /** Clicks the byte at {@code offset} in the hex view as the user would (caret onto its first hex digit). */
    void clickByte(int offset) {
        hex.control().setFocus();
        hex.control().setCaretOffset(hex.dump().hexOffset(offset));
    }
}
