package org.negscope.ui.credentials;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.List;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.negscope.analysis.AnalysisOptions;

/**
 * "Credentials…" of a capture editor: the account's password (with user and domain as the capture names them), its
 * NT hash, session keys per SessionId (Kerberos), or a keytab (Kerberos: the server's keys open the tickets in the
 * capture), to prove the signatures. Secrets are read from the widgets as
 * char[] ({@link Text#getTextChars()}), copied into {@link Credentials} and the arrays and fields wiped at once; the
 * "Remember" box stores them in Eclipse secure storage only.
 */
public class CredentialsDialog extends TitleAreaDialog {
    private final String captureName;
    private final String suggestedUser;
    private final String suggestedDomain;

    private Button passwordMode;
    private Button hashMode;
    private Button keysMode;
    private Text user;
    private Text domain;
    private Text password;
    private Text ntHash;
    private Text sessionId;
    private Text sessionKey;
    private List keyList;
    private Button keytabMode;
    private Text keytabPath;
    private Button browse;
    private Button remember;
    /** Session keys added so far (copies, wiped when the dialog closes). */
    private final Map<Long, byte[]> keys = new LinkedHashMap<>();

    private Credentials result;
    private boolean rememberResult;

    public CredentialsDialog(Shell parent, String captureName, String suggestedUser, String suggestedDomain) {
        super(parent);
        this.captureName = captureName;
        this.suggestedUser = suggestedUser == null ? "" : suggestedUser;
        this.suggestedDomain = suggestedDomain == null ? "" : suggestedDomain;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Credentials for " + captureName);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Prove the signatures");
        setMessage("NegScope derives the session's signing key from the NTLMSSP exchange in the capture and the account's "
                + "password or NT hash; for Kerberos give the server's keytab or the session key. Nothing is written anywhere"
                + " unless you tick Remember.");
        Composite c = new Composite(area, SWT.NONE);
        c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        c.setLayout(new GridLayout(3, false));

        passwordMode = radio(c, "Password", true);
        user = field(c, "User:", SWT.NONE, suggestedUser);
        domain = field(c, "Domain:", SWT.NONE, suggestedDomain);
        password = field(c, "Password:", SWT.PASSWORD, "");
        hashMode = radio(c, "NT hash (NTOWFv1, 32 hex digits)", false);
        ntHash = field(c, "NT hash:", SWT.PASSWORD, "");
        keysMode = radio(c, "Session keys (Kerberos): one per SessionId, or * for every session", false);
        sessionId = field(c, "SessionId:", SWT.NONE, "*");
        sessionKey = field(c, "Session key (hex):", SWT.PASSWORD, "");
        new Label(c, SWT.NONE);
        keyList = new List(c, SWT.BORDER | SWT.V_SCROLL);
        GridData kl = new GridData(SWT.FILL, SWT.FILL, true, false);
        kl.heightHint = 40;
        keyList.setLayoutData(kl);
        Button add = new Button(c, SWT.PUSH);
        add.setText("Add key");
        add.addListener(SWT.Selection, e -> addKey());
        add.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));

        keytabMode = radio(c, "Keytab (Kerberos): the server's keys, from ktpass, samba-tool domain exportkeytab or ktutil", false);
        Label kl2 = new Label(c, SWT.NONE);
        kl2.setText("Keytab file:");
        GridData klg = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        klg.horizontalIndent = 20;
        kl2.setLayoutData(klg);
        keytabPath = new Text(c, SWT.BORDER);
        keytabPath.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        browse = new Button(c, SWT.PUSH);
        browse.setText("Browse\u2026");
        browse.addListener(SWT.Selection, e -> {
            FileDialog fd = new FileDialog(getShell(), SWT.OPEN);
            fd.setText("Keytab");
            fd.setFilterExtensions(new String[] {"*.keytab;*.kt", "*"});
            String f = fd.open();
            if (f != null) {
                keytabPath.setText(f);
            }
        });

        remember = new Button(c, SWT.CHECK);
        remember.setText("Remember in Eclipse secure storage (encrypted; per account, session keys per capture, keytabs by file name)");
        remember.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        for (Button b : new Button[] {passwordMode, hashMode, keysMode, keytabMode}) {
            b.addListener(SWT.Selection, e -> enable());
        }
        enable();
        (suggestedUser.isEmpty() ? user : password).setFocus();
        c.addDisposeListener(e -> wipeKeys());
        return area;
    }

    private static Button radio(Composite c, String text, boolean selected) {
        Button b = new Button(c, SWT.RADIO);
        b.setText(text);
        b.setSelection(selected);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1);
        gd.verticalIndent = 6;
        b.setLayoutData(gd);
        return b;
    }

    private static Text field(Composite c, String label, int style, String value) {
        Label l = new Label(c, SWT.NONE);
        l.setText(label);
        GridData lg = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        lg.horizontalIndent = 20;
        l.setLayoutData(lg);
        Text t = new Text(c, SWT.BORDER | style);
        t.setText(value);
        GridData tg = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        tg.widthHint = 320;
        t.setLayoutData(tg);
        return t;
    }

    private void enable() {
        boolean p = passwordMode.getSelection();
        boolean h = hashMode.getSelection();
        boolean k = keysMode.getSelection();
        user.setEnabled(p || h);
        domain.setEnabled(p || h);
        password.setEnabled(p);
        ntHash.setEnabled(h);
        sessionId.setEnabled(k);
        sessionKey.setEnabled(k);
        keyList.setEnabled(k);
        keytabPath.setEnabled(keytabMode.getSelection());
        browse.setEnabled(keytabMode.getSelection());
        setErrorMessage(null);
    }

    private void addKey() {
        long id;
        try {
            id = CredentialStore.parseSessionId(sessionId.getText());
        } catch (NumberFormatException e) {
            setErrorMessage("SessionId must be hexadecimal (as Wireshark shows it, e.g. 0x00000000268a970f) or *");
            return;
        }
        byte[] key = hex(sessionKey, "The session key", 16, 64);
        if (key == null) {
            return;
        }
        byte[] old = keys.put(id, key);
        if (old != null) {
            Arrays.fill(old, (byte) 0);
        }
        keyList.setItems(keys.keySet().stream().map(CredentialsDialog::sessionText).toArray(String[]::new));
        sessionKey.setText("");
        setErrorMessage(null);
    }

    static String sessionText(long id) {
        return id == AnalysisOptions.ANY_SESSION ? "every session (key hidden)" : String.format("SessionId 0x%016x (key hidden)", id);
    }

    /** Hex digits of a secret field, checked for length; null (with the error shown) when unusable. The field is wiped. */
    private byte[] hex(Text t, String what, int minBytes, int maxBytes) {
        char[] c = t.getTextChars();
        try {
            int n = 0;
            char[] digits = new char[c.length];
            for (char ch : c) {
                if (Character.digit(ch, 16) >= 0) {
                    digits[n++] = ch;
                } else if (!Character.isWhitespace(ch) && ch != ':' && ch != '-') {
                    setErrorMessage(what + " must be hexadecimal digits");
                    Arrays.fill(digits, '\0');
                    return null;
                }
            }
            try {
                if (n % 2 != 0 || n / 2 < minBytes || n / 2 > maxBytes) {
                    setErrorMessage(what + " must have " + (minBytes == maxBytes ? minBytes : minBytes + " to " + maxBytes)
                            + " bytes (" + 2 * minBytes + (minBytes == maxBytes ? "" : "+") + " hex digits), not " + n + " digits");
                    return null;
                }
                byte[] out = new byte[n / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) (Character.digit(digits[2 * i], 16) << 4 | Character.digit(digits[2 * i + 1], 16));
                }
                return out;
            } finally {
                Arrays.fill(digits, '\0');
            }
        } finally {
            Arrays.fill(c, '\0');
        }
    }

    @Override
    protected void okPressed() {
        Credentials c;
        if (passwordMode.getSelection()) {
            char[] p = password.getTextChars();
            try {
                if (p.length == 0) {
                    setErrorMessage("Enter the password (or choose NT hash / session keys)");
                    return;
                }
                c = Credentials.password(p, user.getText(), domain.getText());
            } finally {
                Arrays.fill(p, '\0');
            }
        } else if (hashMode.getSelection()) {
            byte[] h = hex(ntHash, "The NT hash", 16, 16);
            if (h == null) {
                return;
            }
            try {
                c = Credentials.ntHash(h, user.getText(), domain.getText());
            } finally {
                Arrays.fill(h, (byte) 0);
            }
        } else if (keytabMode.getSelection()) {
            c = readKeytab(keytabPath.getText().trim());
            if (c == null) {
                return;
            }
        } else {
            if (sessionKey.getCharCount() > 0) {
                addKey();
                if (getErrorMessage() != null) {
                    return;
                }
            }
            if (keys.isEmpty()) {
                setErrorMessage("Add at least one session key");
                return;
            }
            c = Credentials.sessionKeys(keys);
        }
        result = c;
        rememberResult = remember.getSelection();
        wipeFields();
        super.okPressed();
    }

    /** The keytab file read and parsed; null with the error shown (file and byte offset for a damaged one). */
    private Credentials readKeytab(String path) {
        if (path.isEmpty()) {
            setErrorMessage("Choose the keytab file");
            return null;
        }
        java.nio.file.Path f = java.nio.file.Path.of(path);
        byte[] b = null;
        try {
            long size = java.nio.file.Files.size(f);
            if (size > org.negscope.crypto.Keytab.MAX_BYTES) {
                setErrorMessage(path + " is " + size + " bytes; a keytab is at most " + org.negscope.crypto.Keytab.MAX_BYTES);
                return null;
            }
            b = java.nio.file.Files.readAllBytes(f);
            return Credentials.keytab(b, f.getFileName().toString());
        } catch (java.io.IOException e) {
            setErrorMessage(path + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        } catch (org.negscope.crypto.KeytabFormatException e) {
            setErrorMessage(e.getMessage()); // file name, offset and reason; never key bytes
            return null;
        } finally {
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    @Override
    protected void cancelPressed() {
        wipeFields();
        super.cancelPressed();
    }

    private void wipeFields() {
        for (Text t : new Text[] {password, ntHash, sessionKey}) {
            if (t != null && !t.isDisposed()) {
                t.setText("");
            }
        }
        wipeKeys();
    }

    private void wipeKeys() {
        keys.values().forEach(b -> Arrays.fill(b, (byte) 0));
        keys.clear();
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "Verify signatures", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    /** What the user gave (owned by the caller from now on), null when cancelled. */
    public Credentials result() { return result; }
    /** True when the user ticked "Remember". */
    public boolean remember() { return rememberResult; }

    // --- for tests: fill the dialog as a user would -------------------------------------------------------

    void choosePassword(String u, String d, String pw, boolean rememberIt) {
        passwordMode.setSelection(true);
        hashMode.setSelection(false);
        keysMode.setSelection(false);
        keytabMode.setSelection(false);
        enable();
        user.setText(u);
        domain.setText(d);
        password.setText(pw);
        remember.setSelection(rememberIt);
    }

    void chooseNtHash(String hexText) {
        passwordMode.setSelection(false);
        hashMode.setSelection(true);
        keysMode.setSelection(false);
        keytabMode.setSelection(false);
        enable();
        ntHash.setText(hexText);
    }

    void chooseSessionKey(String id, String keyHex, boolean rememberIt) {
        passwordMode.setSelection(false);
        hashMode.setSelection(false);
        keysMode.setSelection(true);
        keytabMode.setSelection(false);
        enable();
        sessionId.setText(id);
        sessionKey.setText(keyHex);
        addKey();
        remember.setSelection(rememberIt);
    }

    void chooseKeytab(String path, boolean rememberIt) {
        passwordMode.setSelection(false);
        hashMode.setSelection(false);
        keysMode.setSelection(false);
        keytabMode.setSelection(true);
        enable();
        keytabPath.setText(path);
        remember.setSelection(rememberIt);
    }

    void pressOk() { okPressed(); }
    String errorText() { return getErrorMessage(); }

    String userText() { return user.getText(); }
    String domainText() { return domain.getText(); }
    boolean passwordFieldEmpty() { return password.isDisposed() || password.getCharCount() == 0; }
    static String hexOf(byte[] b) { return HexFormat.of().formatHex(b); }
}
