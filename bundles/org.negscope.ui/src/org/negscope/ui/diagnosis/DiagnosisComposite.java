package org.negscope.ui.diagnosis;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.negscope.analysis.Verdicts;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.ui.Marks;
import org.negscope.ui.VerdictText;

/**
 * The diagnosis of one connection in plain words: the verdict, whether a Windows client would lose the
 * connection, the analysis' sentence, the frames that prove it, the MS-SMB2 section behind it and who
 * ended the connection. Plain SWT (wrapped by {@link DiagnosisView}).
 */
public class DiagnosisComposite extends Composite {
    private final Marks marks;
    private final ScrolledComposite scroller;
    private final Composite body;
    private final Label verdict;
    private final Label fatal;
    private final Label headline;
    private final Label summary;
    private final Label differences;
    private final Table evidence;
    private final Label spec;
    private final Label ended;
    private final Label signature;
    private final Label client;
    private final Label server;
    private final Label account;
    private final Label facts;
    private ConnectionReport connection;

    public DiagnosisComposite(Composite parent) {
        super(parent, SWT.NONE);
        marks = new Marks(this);
        setLayout(new org.eclipse.swt.layout.FillLayout());
        scroller = new ScrolledComposite(this, SWT.V_SCROLL);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        body = new Composite(scroller, SWT.NONE);
        scroller.setContent(body);
        body.setLayout(new GridLayout(2, false));

        verdict = wide(new Label(body, SWT.WRAP));
        verdict.setFont(marks.headline);
        fatal = wide(new Label(body, SWT.WRAP));
        fatal.setFont(marks.bold);
        headline = wide(new Label(body, SWT.WRAP));
        summary = wide(new Label(body, SWT.WRAP));
        differences = wide(new Label(body, SWT.WRAP));

        heading("Evidence");
        evidence = new Table(body, SWT.BORDER | SWT.FULL_SELECTION);
        evidence.setHeaderVisible(true);
        evidence.setLinesVisible(true);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        evidence.setLayoutData(gd);
        new TableColumn(evidence, SWT.RIGHT).setText("Frame");
        new TableColumn(evidence, SWT.LEFT).setText("What");

        spec = pair("Specification");
        ended = pair("Ended by");
        signature = pair("Signature");
        client = pair("Client OS");
        account = pair("Account");
        server = pair("Server OS");
        heading("What the capture shows");
        facts = wide(new Label(body, SWT.WRAP));
        scroller.addListener(SWT.Resize, e -> relayout());
        setConnection(null);
    }

    private Label wide(Label l) {
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        gd.widthHint = 250; // wrap to the view's width, not the sentence's
        l.setLayoutData(gd);
        return l;
    }

    private void heading(String text) {
        Label h = new Label(body, SWT.NONE);
        h.setText(text);
        h.setFont(marks.bold);
        h.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
    }

    private Label pair(String key) {
        Label k = new Label(body, SWT.NONE);
        k.setText(key + ":");
        k.setFont(marks.bold);
        k.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        Label v = new Label(body, SWT.WRAP);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.widthHint = 180;
        v.setLayoutData(gd);
        return v;
    }

    public void setConnection(ConnectionReport r) {
        checkWidget();
        connection = r;
        evidence.removeAll();
        if (r == null) {
            verdict.setText("No connection selected");
            fatal.setText("");
            headline.setText("Select a connection in a capture to see why it succeeded or failed.");
            summary.setText("");
            differences.setText("");
            spec.setText("");
            ended.setText("");
            signature.setText("");
            client.setText("");
            account.setText("");
            server.setText("");
            facts.setText("");
        } else {
            verdict.setText(r.verdict().name());
            fatal.setText(Verdicts.fatal(r));
            fatal.setForeground(r.fatal() ? marks.fatalForeground : null);
            headline.setText(Verdicts.headline(r.verdict()));
            summary.setText(r.summary() == null ? "" : r.summary());
            StringBuilder d = new StringBuilder();
            for (Difference x : r.differences()) {
                d.append(d.length() == 0 ? "" : "\n").append("\u2260 ").append(x.field()).append(" (").append(x.side())
                        .append("): NEGOTIATE ").append(x.negotiate()).append(", VALIDATE ").append(x.validate());
            }
            differences.setText(d.toString());
            ConnectionReport.Frames f = r.frames();
            if (f != null) {
                row(f.negotiateRequest(), "NEGOTIATE request");
                row(f.negotiateResponse(), "NEGOTIATE response");
                row(f.validateRequest(), "VALIDATE request");
                row(f.validateResponse(), "VALIDATE response");
                row(f.termination(), "Connection ended (" + r.terminatedBy().json() + ")");
            }
            for (TableColumn c : evidence.getColumns()) {
                c.pack();
            }
            // Up to five frames, no scroll bar (measured now: header and row heights are known once shown).
            ((GridData) evidence.getLayoutData()).heightHint = evidence.getHeaderHeight()
                    + Math.max(1, evidence.getItemCount()) * evidence.getItemHeight() + 4;
            spec.setText(r.spec() == null ? "" : r.spec());
            ended.setText(VerdictText.terminatedBy(r)
                    + (f != null && f.termination() > 0 ? ", frame " + f.termination() : ""));
            signature.setText(VerdictText.signature(r));
            signature.setForeground(r.signature() == org.negscope.analysis.SignatureStatus.INVALID ? marks.fatalForeground : null);
            client.setText(VerdictText.clientOs(r));
            String a = VerdictText.account(r);
            account.setText(a.isEmpty() ? "not in the capture" : a);
            server.setText(VerdictText.serverOs(r));
            // The analysis' evidence sentences (who ended it how long after which frame, peers, reconnects) and what is missing.
            StringBuilder b = new StringBuilder();
            for (String e : r.evidence()) {
                b.append(b.length() == 0 ? "" : "\n").append("\u2022 ").append(e);
            }
            for (String m : r.missing()) {
                b.append(b.length() == 0 ? "" : "\n").append("\u2022 Missing from the capture: ").append(m);
            }
            facts.setText(b.toString());
        }
        // No empty line where there are no differences.
        boolean any = !differences.getText().isEmpty();
        differences.setVisible(any);
        ((GridData) differences.getLayoutData()).exclude = !any;
        relayout();
    }

    private void row(long frame, String what) {
        if (frame > 0) {
            TableItem it = new TableItem(evidence, SWT.NONE);
            it.setText(new String[] {Long.toString(frame), what});
        }
    }

    private void relayout() {
        int w = scroller.getClientArea().width;
        scroller.setMinSize(body.computeSize(w > 0 ? w : SWT.DEFAULT, SWT.DEFAULT));
        body.layout(true, true);
    }

    public ConnectionReport connection() { return connection; }
    public String verdictText() { return verdict.getText(); }
    public String headlineText() { return headline.getText(); }
    public String endedText() { return ended.getText(); }
    public String specText() { return spec.getText(); }
    public String signatureText() { return signature.getText(); }
    public String clientText() { return client.getText(); }
    public String factsText() { return facts.getText(); }
    public Table evidenceTable() { return evidence; }
}
