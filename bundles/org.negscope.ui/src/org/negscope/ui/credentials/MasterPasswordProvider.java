package org.negscope.ui.credentials;

import java.util.Arrays;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.equinox.security.storage.provider.IPreferencesContainer;
import org.eclipse.equinox.security.storage.provider.PasswordProvider;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;

/**
 * The master password of Eclipse secure storage, asked from the user (the product ships no OS keyring
 * integration, and the IDE's org.eclipse.equinox.security.ui is not in it). Registered in plugin.xml on
 * {@code org.eclipse.equinox.security.secureStorage}. Only asked when remembered credentials are written or read;
 * tests give the storage a default password ({@code IProviderHints.DEFAULT_PASSWORD}) and are never asked.
 */
public class MasterPasswordProvider extends PasswordProvider {

    @Override
    public PBEKeySpec getPassword(IPreferencesContainer container, int passwordType) {
        // Not IProviderHints.PROMPT_USER: Equinox sets it to false by itself whenever its own prompting bundle
        // (org.eclipse.equinox.security.ui) is absent, as in NegScope, whose prompt this provider is. Without a
        // workbench there is nobody to ask: no password, and CredentialStore then remembers nothing.
        if (!PlatformUI.isWorkbenchRunning()) {
            return null;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        boolean create = (passwordType & CREATE_NEW_PASSWORD) != 0;
        char[][] typed = new char[1][];
        display.syncExec(() -> {
            Shell parent = display.getActiveShell();
            MasterPasswordDialog d = new MasterPasswordDialog(parent, create, (passwordType & PASSWORD_CHANGE) != 0);
            if (d.open() == Window.OK) {
                typed[0] = d.password();
            }
        });
        if (typed[0] == null) {
            return null;
        }
        try {
            return new PBEKeySpec(typed[0]); // copies the characters
        } finally {
            Arrays.fill(typed[0], '\0');
        }
    }

    @Override
    public boolean retryOnError(Exception e, IPreferencesContainer container) {
        return true; // a mistyped master password: ask again rather than fail
    }

    /** One password field, two when a new master password is chosen. */
    static final class MasterPasswordDialog extends TitleAreaDialog {
        private final boolean create;
        private final boolean change;
        private Text first;
        private Text second;
        private char[] password;

        MasterPasswordDialog(Shell parent, boolean create, boolean change) {
            super(parent);
            this.create = create;
            this.change = change;
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText("Secure storage");
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            setTitle(create ? "Choose a master password" : "Master password");
            setMessage(create ? "Remembered credentials are encrypted with this password. Choose one you will remember:"
                    + " it cannot be recovered." : change ? "The secure storage needs its master password again."
                    : "Enter the master password of the secure storage to use the remembered credentials.");
            Composite c = new Composite(area, SWT.NONE);
            c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            c.setLayout(new GridLayout(2, false));
            first = field(c, "Master password:");
            if (create) {
                second = field(c, "Again:");
            }
            return area;
        }

        private static Text field(Composite c, String label) {
            new Label(c, SWT.NONE).setText(label);
            Text t = new Text(c, SWT.BORDER | SWT.PASSWORD);
            GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
            gd.widthHint = 260;
            t.setLayoutData(gd);
            return t;
        }

        @Override
        protected void okPressed() {
            char[] a = first.getTextChars();
            char[] b = second == null ? null : second.getTextChars();
            try {
                if (a.length == 0) {
                    setErrorMessage("Enter a password");
                    Arrays.fill(a, '\0');
                    return;
                }
                if (b != null && !Arrays.equals(a, b)) {
                    setErrorMessage("The two passwords differ");
                    Arrays.fill(a, '\0');
                    return;
                }
                password = a;
            } finally {
                if (b != null) {
                    Arrays.fill(b, '\0');
                }
            }
            first.setText("");
            if (second != null) {
                second.setText("");
            }
            super.okPressed();
        }

        @Override
        protected void createButtonsForButtonBar(Composite parent) {
            createButton(parent, IDialogConstants.OK_ID, IDialogConstants.OK_LABEL, true);
            createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        }

        /** The typed password (the caller wipes it), null when cancelled. */
        char[] password() { return password; }
    }
}
