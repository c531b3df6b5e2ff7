package org.negscope.ui.probe;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.negscope.analysis.ConnectionReport;
import org.negscope.probe.ProbeResult;
import org.negscope.probe.ProbeStep;
import org.negscope.probe.ProbeVariations;
import org.negscope.ui.Marks;
import org.negscope.ui.sidebyside.SideBySideComposite;

/**
 * How a probe run looks, below the form of {@link ProbeComposite}: on the left the steps (timings, bytes, status;
 * a failed step marked as fatal), the variations' outcomes (only when variations were asked for) with the
 * findings, and the Save / Open buttons; on the right the side-by-side comparison of the run's connection.
 */
final class ProbeResults {
    private final Marks marks;
    private final Table steps;
    private final Table outcomes;
    private final Label findings;
    private final Button save;
    private final Button openInNegScope;
    private final SideBySideComposite sideBySide;

    ProbeResults(Composite parent, Marks marks, Runnable onSave, Runnable onOpen) {
        this.marks = marks;
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Composite left = new Composite(sash, SWT.NONE);
        GridLayout ll = new GridLayout(2, false);
        ll.marginWidth = 0;
        ll.marginHeight = 0;
        left.setLayout(ll);
        steps = new Table(left, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        steps.setHeaderVisible(true);
        steps.setLinesVisible(true);
        steps.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        for (String c : new String[] {"Step", "At ms", "Took ms", "Sent", "Received", "Status", "Detail"}) {
            new TableColumn(steps, c.equals("Step") || c.equals("Status") || c.equals("Detail") ? SWT.LEFT : SWT.RIGHT).setText(c);
        }
        outcomes = new Table(left, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        outcomes.setHeaderVisible(true);
        outcomes.setLinesVisible(true);
        GridData og = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        og.heightHint = 90;
        outcomes.setLayoutData(og);
        for (String c : new String[] {"Variation", "Changes", "Verdict", "Passed"}) {
            new TableColumn(outcomes, SWT.LEFT).setText(c);
        }
        findings = new Label(left, SWT.WRAP);
        GridData fg = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        fg.widthHint = 200;
        findings.setLayoutData(fg);
        save = new Button(left, SWT.PUSH);
        save.setText("Save as pcapng\u2026");
        save.setToolTipText("The probe's exchange as a capture (synthesised TCP/IP frames) that NegScope and Wireshark open");
        save.addListener(SWT.Selection, e -> onSave.run());
        openInNegScope = new Button(left, SWT.PUSH);
        openInNegScope.setText("Open in NegScope");
        openInNegScope.setToolTipText("Analyse the probe's exchange as a capture, in a capture editor");
        openInNegScope.addListener(SWT.Selection, e -> onOpen.run());
        sideBySide = new SideBySideComposite(sash);
        sash.setWeights(45, 55);
    }

    /** A run starts: no outcomes or findings yet; the outcomes table takes room only when variations run. */
    void startRun(boolean withVariations) {
        outcomes.removeAll();
        findings.setText("");
        showOutcomes(withVariations);
    }

    void showOutcomes(boolean visible) {
        outcomes.setVisible(visible);
        ((GridData) outcomes.getLayoutData()).exclude = !visible;
    }

    /** Save and Open work only when the last run has an exchange and no run is going on. */
    void setExchangeEnabled(boolean enabled) {
        save.setEnabled(enabled);
        openInNegScope.setEnabled(enabled);
    }

    /** Shows a run's steps and its connection side by side; null clears both. */
    void show(ProbeResult r, ConnectionReport connection) {
        steps.removeAll();
        if (r == null) {
            sideBySide.setConnection(null);
            return;
        }
        for (ProbeStep s : r.steps()) {
            TableItem it = new TableItem(steps, SWT.NONE);
            it.setText(new String[] {s.name(), Long.toString(s.startMillis()), Long.toString(s.durationMillis()),
                    Long.toString(s.bytesSent()), Long.toString(s.bytesReceived()), s.status(), s.detail()});
            if (!s.ok() && !"SKIPPED".equals(s.status())) {
                it.setForeground(5, marks.fatalForeground);
                it.setImage(0, marks.fatal);
            }
        }
        for (TableColumn c : steps.getColumns()) {
            c.pack();
        }
        sideBySide.setConnection(connection);
    }

    /** Shows the variations' outcomes and findings once they are all known. */
    void showVariations(ProbeVariations.Report rep) {
        outcomes.removeAll();
        rep.outcomes().forEach(this::addOutcome);
        // The findings name each altered field with both values; the conclusion says what to do about it.
        StringBuilder text = new StringBuilder("Variations: ");
        for (String f : rep.findings()) {
            text.append(f).append('\n');
        }
        findings.setText(text.append(rep.conclusion()).toString());
    }

    /** One variation's outcome, as it arrives; the ones that passed in bold. */
    void addOutcome(ProbeVariations.Outcome o) {
        TableItem it = new TableItem(outcomes, SWT.NONE);
        it.setText(new String[] {o.variant().label(), o.variant().validateOnly() ? "VALIDATE only" : "what is offered",
                o.result().verdict().name(), o.passed() ? "yes" : "no"});
        if (o.passed()) {
            it.setFont(marks.bold);
        }
        for (TableColumn c : outcomes.getColumns()) {
            c.pack();
        }
    }

    SideBySideComposite sideBySide() { return sideBySide; }
    String findingsText() { return findings.getText(); }
    Table steps() { return steps; }
    Table outcomes() { return outcomes; }
}
