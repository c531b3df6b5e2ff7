package org.negscope.ui.diagnosis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.negscope.analysis.ConnectionReport;
import org.negscope.remedy.HostOs;
import org.negscope.remedy.Recommendation;
import org.negscope.remedy.Remedy;
import org.negscope.remedy.RemedyAdvisor;
import org.negscope.remedy.Script;
import org.negscope.remedy.VendorQuestions;
import org.negscope.remedy.WindowsVersion;
import org.negscope.ui.Marks;

/**
 * The "Fix" tab: what {@link RemedyAdvisor} recommends for the selected connection on the chosen client
 * OS, and its apply/revert scripts with Copy and Save. The OS decides the advice (RequireSecureNegotiate
 * exists only on Windows 8 / 2012 / 8.1 / 2012 R2), so the user picks it when the capture does not say.
 */
public class FixComposite extends Composite {
    static final String UNKNOWN_OS = "Unknown (not in the capture)";
    public static final String FROM_CAPTURE = "From the capture: ";

    private final Marks marks;
    private final Combo os;
    /** Where the OS comes from: the capture's NTLMSSP Version, or that the user must choose. */
    private final Label osNote;
    /** The client OS the capture names (NTLMSSP Version), null when it names none. */
    private HostOs inferred;
    /** One wrapped, selectable text for all the advice: cheap to refill, and the user can copy from it. */
    private final StyledText advice;
    private final List<String> paragraphs = new ArrayList<>();
    private final List<StyleRange> styles = new ArrayList<>();
    private final Table scripts;
    private final Text scriptText;
    private final Button copy;
    private final Button save;
    private ConnectionReport connection;
    private Remedy remedy;

    public FixComposite(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        setLayout(new GridLayout(2, false));

        Label l = new Label(this, SWT.NONE);
        l.setText("Client OS:");
        os = new Combo(this, SWT.READ_ONLY | SWT.DROP_DOWN);
        os.add(UNKNOWN_OS);
        for (WindowsVersion v : WindowsVersion.choosable()) {
            os.add(v.displayName());
        }
        os.select(0);
        os.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        os.addListener(SWT.Selection, e -> advise());
        osNote = new Label(this, SWT.WRAP);
        GridData ng = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        ng.widthHint = 200;
        osNote.setLayoutData(ng);

        SashForm sash = new SashForm(this, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        advice = new StyledText(sash, SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        advice.setMargins(6, 4, 6, 4);
        advice.setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));

        Composite scriptBox = new Composite(sash, SWT.NONE);
        scriptBox.setLayout(new GridLayout(3, false));
        scripts = new Table(scriptBox, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        scripts.setHeaderVisible(true);
        scripts.setLinesVisible(true);
        for (String c : new String[] {"Script", "Run on", "Does"}) {
            new TableColumn(scripts, SWT.LEFT).setText(c);
        }
        GridData sg = new GridData(SWT.FILL, SWT.FILL, true, false, 3, 1);
        sg.heightHint = 90;
        scripts.setLayoutData(sg);
        scripts.addListener(SWT.Selection, e -> showScript());
        scriptText = new Text(scriptBox, SWT.READ_ONLY | SWT.MULTI | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        scriptText.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        scriptText.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        copy = new Button(scriptBox, SWT.PUSH);
        copy.setText("Copy");
        copy.addListener(SWT.Selection, e -> copyScript());
        save = new Button(scriptBox, SWT.PUSH);
        save.setText("Save\u2026");
        save.addListener(SWT.Selection, e -> saveScript());
        new Label(scriptBox, SWT.NONE).setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        sash.setWeights(60, 40);
        setConnection(null);
    }

    /**
     * Shows the advice for a connection. The client OS comes from the capture when its SESSION_SETUP carries an NTLMSSP
     * Version (first entry of the combo, selected); the user can still choose another.
     */
    public void setConnection(ConnectionReport r) {
        checkWidget();
        connection = r;
        inferred = r == null || r.clientVersion() == null ? null : HostOs.fromNtlmssp(r.clientVersion());
        os.setItem(0, inferred == null ? UNKNOWN_OS : FROM_CAPTURE + inferred.describe());
        os.select(0);
        advise();
    }

    /** The OS picked in the combo: the capture's by default (unknown when it names none). */
    HostOs chosenOs() {
        int i = os.getSelectionIndex();
        return i <= 0 ? (inferred != null ? inferred : HostOs.unknown()) : HostOs.chosen(WindowsVersion.choosable()[i - 1]);
    }

    /** The OS the capture names (NTLMSSP Version), null when none. */
    public HostOs inferredOs() { return inferred; }
    public String osText() { return os.getText(); }

    /** Selects a client OS as the user would (index into {@link WindowsVersion#choosable()}, -1 = unknown). */
    public void chooseOs(WindowsVersion v) {
        List<WindowsVersion> all = List.of(WindowsVersion.choosable());
        os.select(v == null ? 0 : all.indexOf(v) + 1);
        advise();
    }

    private void advise() {
        HostOs chosen = chosenOs();
        osNote.setText(connection == null ? "" : os.getSelectionIndex() <= 0 && inferred != null
                ? "Read from the client's NTLMSSP Version (frame " + connection.clientVersionFrame() + ")"
                        + (inferred.note().isEmpty() ? "." : ": " + inferred.note())
                : os.getSelectionIndex() <= 0 ? "The capture does not say which OS the client runs (no NTLMSSP Version): choose it."
                : "Chosen by you." + (chosen.note().isEmpty() ? "" : " " + chosen.note()));
        ((GridData) osNote.getLayoutData()).exclude = osNote.getText().isEmpty();
        osNote.setVisible(!osNote.getText().isEmpty());
        layout(true, true);
        paragraphs.clear();
        styles.clear();
        scripts.removeAll();
        remedy = connection == null ? null : RemedyAdvisor.advise(connection, chosenOs());
        if (remedy == null) {
            text("Select a connection to see what to do about it.", null);
        } else {
            text(remedy.headline(), marks.bold);
            int n = 1;
            for (Recommendation rec : remedy.recommendations()) {
                text(n++ + ". " + rec.title(), marks.bold);
                text(rec.why(), null);
                if (!rec.risk().isEmpty()) {
                    text("Risk: " + rec.risk(), null);
                }
                if (!rec.appliesTo().isEmpty()) {
                    text("Applies to: " + rec.appliesTo(), null);
                }
                if (!rec.scriptFiles().isEmpty()) {
                    text("Scripts: " + String.join(", ", rec.scriptFiles()), null);
                }
            }
            for (VendorQuestions q : remedy.vendorQuestions()) {
                text("Ask the " + q.audience(), marks.bold);
                StringBuilder sb = new StringBuilder(q.intro());
                for (String s : q.questions()) {
                    sb.append(sb.length() == 0 ? "" : "\n").append("\u2022 ").append(s);
                }
                text(sb.toString(), null);
            }
            for (Script s : remedy.scripts()) {
                TableItem it = new TableItem(scripts, SWT.NONE);
                it.setText(new String[] {s.fileName(), s.target() == null ? "" : s.target(),
                        s.purpose() == Script.Purpose.APPLY ? "apply" : "revert"});
                it.setData(s);
            }
            for (TableColumn c : scripts.getColumns()) {
                c.pack();
            }
        }
        StringBuilder all = new StringBuilder();
        List<StyleRange> ranges = new ArrayList<>();
        for (int i = 0; i < paragraphs.size(); i++) {
            if (i > 0) {
                all.append("\n\n");
            }
            StyleRange bold = styles.get(i);
            if (bold != null) {
                bold.start = all.length();
                bold.length = paragraphs.get(i).length();
                ranges.add(bold);
            }
            all.append(paragraphs.get(i));
        }
        advice.setText(all.toString());
        advice.setStyleRanges(ranges.toArray(new StyleRange[0]));
        if (scripts.getItemCount() > 0) {
            scripts.select(0);
        }
        showScript();
    }

    /** Adds a paragraph; bold ones are headings. */
    private void text(String s, org.eclipse.swt.graphics.Font font) {
        paragraphs.add(s);
        StyleRange r = null;
        if (font != null) {
            r = new StyleRange();
            r.fontStyle = SWT.BOLD;
        }
        styles.add(r);
    }

    private Script selectedScript() {
        TableItem[] sel = scripts.getSelection();
        return sel.length == 0 ? null : (Script) sel[0].getData();
    }

    private void showScript() {
        Script s = selectedScript();
        scriptText.setText(s == null ? (remedy == null || remedy.scripts().isEmpty() ? "No scripts for this verdict." : "")
                : s.content());
        copy.setEnabled(s != null);
        save.setEnabled(s != null);
    }

    private void copyScript() {
        Script s = selectedScript();
        if (s == null) {
            return;
        }
        Clipboard cb = new Clipboard(getDisplay());
        try {
            cb.setContents(new Object[] {s.content()}, new Transfer[] {TextTransfer.getInstance()});
        } finally {
            cb.dispose();
        }
    }

    private void saveScript() {
        Script s = selectedScript();
        if (s == null) {
            return;
        }
        FileDialog d = new FileDialog(getShell(), SWT.SAVE);
        d.setText("Save " + s.fileName());
        d.setFileName(s.fileName());
        d.setOverwrite(true);
        String target = d.open();
        if (target == null) {
            return;
        }
        try {
            save(s, Path.of(target));
        } catch (IOException e) {
            MessageBox box = new MessageBox(getShell(), SWT.ICON_ERROR | SWT.OK);
            box.setText("Save failed");
            box.setMessage("Cannot write " + target + ": " + e.getMessage());
            box.open();
        }
    }

    /** Writes the script's bytes as the remedy encodes them (.reg as UTF-16LE with BOM, .ps1 as ASCII). */
    static void save(Script s, Path target) throws IOException {
        Files.write(target, s.encoded());
    }

    public Remedy remedy() { return remedy; }
    public Table scriptsTable() { return scripts; }
    public String scriptText() { return scriptText.getText(); }
    /** All advice texts shown, in order (for tests). */
    public List<String> adviceTexts() {
        return List.copyOf(paragraphs);
    }
}
