package org.negscope.ui.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's own master-password provider (plugin.xml, org.eclipse.equinox.security.secureStorage): remembering a
 * password in a fresh secure storage asks the user for a new master password (twice) in NegScope's dialog, and the
 * remembered password is encrypted with it. Runs in the workbench (secure storage needs OSGi); the "user" is a timer
 * on the UI thread that types into the dialog and presses OK.
 */
class MasterPasswordTest {
    @TempDir Path tmp;

    @AfterEach
    void backToTheTestStorage() {
        // The other tests keep using the private storage with the hinted master password.
        TestSecureStorage.reinstall();
    }

    @Test
    void rememberingAsksForANewMasterPasswordTwiceAndStoresOnlyCiphertext() throws Exception {
        assertTrue(Ui.inWorkbench(), "secure storage and its providers need the running platform");
        Path file = tmp.resolve("secure_storage");
        // No hints: the storage must ask its password provider, which is NegScope's dialog.
        ISecurePreferences root = SecurePreferencesFactory.open(file.toUri().toURL(), null);
        assertNotNull(root);
        CredentialStore.useForTests(root);
        AtomicInteger prompts = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        Display display = Ui.display();
        Runnable[] typist = new Runnable[1];
        typist[0] = () -> {
            for (Shell s : display.getShells()) {
                if (s.isVisible() && "Secure storage".equals(s.getText())) {
                    List<Text> fields = new ArrayList<>();
                    Button[] ok = new Button[1];
                    collect(s, fields, ok);
                    seen.add(fields.size() + " password field(s)");
                    for (Text t : fields) {
                        t.setText("master-of-tests");
                    }
                    prompts.incrementAndGet();
                    if (ok[0] != null) {
                        ok[0].notifyListeners(SWT.Selection, new Event());
                    }
                    if (!s.isDisposed()) {
                        s.close(); // never leave a modal dialog open: the test would hang instead of failing
                    }
                    return;
                }
            }
            display.timerExec(100, typist[0]);
        };
        Ui.run(() -> display.timerExec(100, typist[0]));
        Credentials c = Credentials.password("NegScope-Test-1".toCharArray(), "nsuser", "NEGSCOPE");
        try {
            CredentialStore.rememberAccount(c, "nsuser", "NEGSCOPE"); // blocks until the dialog is answered
        } finally {
            c.clear();
        }
        assertEquals(1, prompts.get(), "asked once");
        assertEquals(List.of("2 password field(s)"), seen, "a new master password is typed twice");
        assertTrue(CredentialStore.hasAccount("nsuser", "NEGSCOPE"));
        Credentials back = CredentialStore.recallAccount("nsuser", "NEGSCOPE");
        try {
            char[] pw = back.passwordOrNtHash().copyChars();
            assertEquals("NegScope-Test-1", new String(pw));
            java.util.Arrays.fill(pw, '\0');
        } finally {
            back.clear();
        }
        String stored = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(stored.contains("nsuser"), "the account's node is in the file");
        assertFalse(stored.contains("NegScope-Test-1"), "the password is not");
        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.UTF_16LE).contains("NegScope-Test-1"));
    }

    /**
     * Without a master password (the user cancels the prompt) Equinox would store the value in clear text: NegScope
     * refuses to remember instead, and nothing reaches the file.
     */
    @Test
    void cancellingTheMasterPasswordRemembersNothing() throws Exception {
        Path file = tmp.resolve("secure_storage_cancel");
        ISecurePreferences root = SecurePreferencesFactory.open(file.toUri().toURL(), null);
        CredentialStore.useForTests(root);
        Display display = Ui.display();
        AtomicInteger prompts = new AtomicInteger();
        Runnable[] canceller = new Runnable[1];
        canceller[0] = () -> {
            for (Shell s : display.getShells()) {
                if (s.isVisible() && "Secure storage".equals(s.getText())) {
                    prompts.incrementAndGet();
                    s.close(); // as the window's close button: the dialog is cancelled
                    return;
                }
            }
            display.timerExec(100, canceller[0]);
        };
        Ui.run(() -> display.timerExec(100, canceller[0]));
        Credentials c = Credentials.password("NegScope-Test-1".toCharArray(), "nsuser", "NEGSCOPE");
        try {
            org.eclipse.equinox.security.storage.StorageException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.eclipse.equinox.security.storage.StorageException.class, () -> CredentialStore.rememberAccount(c, "nsuser", "NEGSCOPE"));
            assertTrue(e.getMessage().contains("nothing was remembered"), e.getMessage());
        } finally {
            c.clear();
        }
        assertEquals(1, prompts.get(), "the user was asked");
        assertFalse(CredentialStore.hasAccount("nsuser", "NEGSCOPE"));
        root.flush();
        if (Files.exists(file)) {
            assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains("nsuser"), "no trace of the account");
        }
    }

    /** The masked fields (the dialog's message area is a Text too) and the OK button. Never throws: runs on the UI thread. */
    private static void collect(Control c, List<Text> fields, Button[] ok) {
        if (c instanceof Text t && (t.getStyle() & SWT.PASSWORD) != 0) {
            fields.add(t);
        }
        if (c instanceof Button b && "OK".equals(b.getText().replace("&", ""))) {
            ok[0] = b;
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                collect(child, fields, ok);
            }
        }
    }
}
