package org.negscope.ui.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;
import org.negscope.probe.ProbeOptions;
import org.negscope.smb2.Dialect;
import org.negscope.ui.credentials.CredentialStore;
import org.negscope.ui.credentials.Credentials;

/**
 * The probe's form, two rows at the top of {@link ProbeComposite}: server, port, account and password with
 * "Remember", then logon kind, dialects, variations, Run / Cancel and the progress bar. {@link #read} checks what
 * was typed and turns it into the probe's options; the password is taken as char[], copied once into the options
 * (and the signing credentials) and wiped from the field, or recalled from secure storage when the field is empty.
 */
final class ProbeForm {
    static final int[] DIALECTS = {Dialect.SMB_2_0_2, Dialect.SMB_2_1, Dialect.SMB_3_0, Dialect.SMB_3_0_2, Dialect.SMB_3_1_1};
    static final String[] LOGONS = {"User (NTLMv2)", "Guest", "Anonymous"};

    /**
     * What Run starts: the options, whether to try the variations, the credentials that check the signatures
     * (the job wipes them; null for Guest / Anonymous) and what was done with the password ("" or " (...)").
     */
    record Input(ProbeOptions options, boolean variations, Credentials signing, String note) {}

    private final Text host;
    private final Text port;
    private final Text user;
    private final Text domain;
    private final Text password;
    private final Button remember;
    private final Combo logon;
    private final Button[] dialects = new Button[DIALECTS.length];
    private final Button variations;
    private final Button run;
    private final Button cancel;
    private final ProgressBar progress;

    ProbeForm(Composite parent, Runnable onRun, Runnable onCancel) {
        Composite form = new Composite(parent, SWT.NONE);
        form.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        GridLayout fl = new GridLayout(11, false);
        fl.marginWidth = 0;
        fl.marginHeight = 0;
        form.setLayout(fl);
        host = text(form, "Server:", 140, "");
        port = text(form, "Port:", 45, "445");
        user = text(form, "User:", 90, "");
        domain = text(form, "Domain:", 90, "");
        password = text(form, "Password:", 110, null);
        remember = new Button(form, SWT.CHECK);
        remember.setText("Remember");
        remember.setToolTipText("Keep the password in Eclipse secure storage (encrypted) for this user and domain");

        Composite options = new Composite(parent, SWT.NONE);
        options.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        RowLayout rl = new RowLayout(SWT.HORIZONTAL);
        rl.center = true;
        rl.marginLeft = 0;
        rl.spacing = 6;
        options.setLayout(rl);
        new Label(options, SWT.NONE).setText("Logon:");
        logon = new Combo(options, SWT.READ_ONLY);
        logon.setItems(LOGONS);
        logon.select(0);
        new Label(options, SWT.NONE).setText("  Dialects:");
        for (int i = 0; i < DIALECTS.length; i++) {
            dialects[i] = new Button(options, SWT.CHECK);
            dialects[i].setText(Dialect.name(DIALECTS[i]));
            int d = DIALECTS[i];
            dialects[i].setSelection(Arrays.stream(ProbeOptions.DEFAULT_DIALECTS).anyMatch(x -> x == d));
        }
        variations = new Button(options, SWT.CHECK);
        variations.setText("Variations (locate what the path changes)");
        variations.setToolTipText("When VALIDATE fails, repeat the exchange with one field changed at a time to find the"
                + " field a middlebox alters (one connection per variation)");
        run = new Button(options, SWT.PUSH);
        run.setText("Run");
        run.addListener(SWT.Selection, e -> onRun.run());
        cancel = new Button(options, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.addListener(SWT.Selection, e -> onCancel.run());
        progress = new ProgressBar(options, SWT.INDETERMINATE);
    }

    private static Text text(Composite form, String label, int width, String value) {
        new Label(form, SWT.NONE).setText(label);
        Text t = new Text(form, SWT.BORDER | (value == null ? SWT.PASSWORD : SWT.NONE));
        t.setText(value == null ? "" : value);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        gd.widthHint = width;
        t.setLayoutData(gd);
        return t;
    }

    /** Run enabled when idle, Cancel and the progress bar while a probe runs. */
    void setRunning(boolean r) {
        run.setEnabled(!r);
        cancel.setEnabled(r);
        progress.setVisible(r);
    }

    /**
     * Checks the form and builds the options (password copied, field wiped). On a mistake, hands {@code error} the
     * sentence to show and returns null.
     */
    Input read(Consumer<String> error) {
        String h = host.getText().trim();
        if (h.isEmpty()) {
            error.accept("Enter the server's name or address.");
            return null;
        }
        int p;
        try {
            p = Integer.parseInt(port.getText().trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            error.accept("Port must be a number from 1 to 65535, not '" + port.getText().trim() + "'.");
            return null;
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < DIALECTS.length; i++) {
            if (dialects[i].getSelection()) {
                chosen.add(DIALECTS[i]);
            }
        }
        if (chosen.isEmpty()) {
            error.accept("Choose at least one dialect.");
            return null;
        }
        ProbeOptions.Logon how = switch (logon.getSelectionIndex()) {
            case 1 -> ProbeOptions.Logon.GUEST;
            case 2 -> ProbeOptions.Logon.ANONYMOUS;
            default -> ProbeOptions.Logon.USER;
        };
        ProbeOptions.Builder b = ProbeOptions.builder(h).port(p).user(user.getText().trim()).domain(domain.getText().trim())
                .logon(how).dialects(chosen.stream().mapToInt(Integer::intValue).toArray());
        String note = "";
        Credentials signing = null;
        if (how == ProbeOptions.Logon.USER) {
            char[] pw = password.getTextChars();
            try {
                if (pw.length > 0) {
                    b.password(pw);
                    signing = Credentials.password(pw, user.getText().trim(), domain.getText().trim());
                    if (remember.getSelection()) {
                        note = rememberPassword(pw);
                    }
                } else {
                    Credentials c = recall();
                    if (c == null) {
                        error.accept("Enter the password of " + user.getText().trim() + " (or choose Guest / Anonymous).");
                        return null;
                    }
                    try {
                        char[] again = c.passwordOrNtHash().isPassword() ? c.passwordOrNtHash().copyChars() : null;
                        if (again != null) {
                            b.password(again);
                            Arrays.fill(again, '\0');
                        } else {
                            byte[] nt = c.passwordOrNtHash().copyBytes();
                            b.ntHash(nt);
                            Arrays.fill(nt, (byte) 0);
                        }
                        note = " (remembered password from secure storage)";
                        signing = c; // the job wipes it
                    } catch (RuntimeException e) {
                        c.clear();
                        throw e;
                    }
                }
            } finally {
                Arrays.fill(pw, '\0');
                password.setText("");
            }
        }
        return new Input(b.build(), variations.getSelection(), signing, note);
    }

    private Credentials recall() {
        try {
            return CredentialStore.hasAccount(user.getText().trim(), domain.getText().trim())
                    ? CredentialStore.recallAccount(user.getText().trim(), domain.getText().trim()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private String rememberPassword(char[] pw) {
        Credentials c = Credentials.password(pw, user.getText().trim(), domain.getText().trim());
        try {
            CredentialStore.rememberAccount(c, user.getText().trim(), domain.getText().trim());
            return " (password remembered in secure storage)";
        } catch (Exception e) {
            return " (the password could not be remembered: " + e.getMessage() + ")";
        } finally {
            c.clear();
        }
    }

    // --- for tests ------------------------------------------------------------------------------------

    boolean passwordFieldEmpty() { return password.getCharCount() == 0; }

    /** Fills the form as a user would type it; {@code dialectNames} e.g. "3.0.2", "3.0". */
    void fill(String h, int p, String u, String d, String pw, boolean rememberIt, boolean withVariations, String... dialectNames) {
        host.setText(h);
        port.setText(Integer.toString(p));
        user.setText(u);
        domain.setText(d);
        password.setText(pw);
        remember.setSelection(rememberIt);
        variations.setSelection(withVariations);
        logon.select(0);
        List<String> want = List.of(dialectNames);
        for (int i = 0; i < DIALECTS.length; i++) {
            dialects[i].setSelection(want.contains(Dialect.name(DIALECTS[i])));
        }
    }

    void chooseLogon(int index) { logon.select(index); }
}
