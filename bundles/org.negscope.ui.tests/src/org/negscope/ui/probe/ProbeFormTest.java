package org.negscope.ui.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.negscope.probe.ProbeOptions;
import org.negscope.smb2.Dialect;
import org.negscope.ui.credentials.CredentialStore;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;

/**
 * The probe form's checks, without a server: what is refused (with the sentence the status line shows) and what
 * a valid form turns into. A refused form starts nothing; the password field is wiped whatever happens.
 */
class ProbeFormTest {
    private static final String USER = "formtest";
    private static final String DOMAIN = "NOWHERE";
    private Shell shell;
    private ProbeForm form;
    private final List<String> errors = new ArrayList<>();

    @BeforeAll
    static void storage() {
        TestSecureStorage.install();
    }

    @BeforeEach
    void open() throws Exception {
        CredentialStore.forgetAccount(USER, DOMAIN);
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new GridLayout(1, false));
            form = new ProbeForm(shell, () -> {}, () -> {});
        });
    }

    @AfterEach
    void close() throws Exception {
        Ui.run(() -> shell.dispose());
        CredentialStore.forgetAccount(USER, DOMAIN);
    }

    private ProbeForm.Input read() {
        return form.read(errors::add);
    }

    @Test
    void refusesWhatCannotBeProbed() {
        Ui.run(() -> {
            form.fill("  ", 445, USER, DOMAIN, "pw", false, false, "3.0.2");
            assertNull(read());
            assertEquals(List.of("Enter the server's name or address."), errors);

            for (int port : new int[] {0, 65536, -1}) {
                errors.clear();
                form.fill("127.0.0.1", port, USER, DOMAIN, "pw", false, false, "3.0.2");
                assertNull(read(), "port " + port);
                assertEquals(List.of("Port must be a number from 1 to 65535, not '" + port + "'."), errors);
            }

            errors.clear();
            form.fill("127.0.0.1", 445, USER, DOMAIN, "pw", false, false);
            assertNull(read());
            assertEquals(List.of("Choose at least one dialect."), errors);

            // No password typed and none remembered for this account.
            errors.clear();
            form.fill("127.0.0.1", 445, USER, DOMAIN, "", false, false, "3.0.2");
            assertNull(read());
            assertEquals(List.of("Enter the password of " + USER + " (or choose Guest / Anonymous)."), errors);
        });
    }

    @Test
    void validFormBecomesTheOptionsAndWipesThePassword() {
        Ui.run(() -> {
            form.fill(" server.example ", 4445, USER, DOMAIN, "secret", false, true, "3.0", "3.0.2");
            ProbeForm.Input in = read();
            assertNotNull(in, errors.toString());
            assertTrue(errors.isEmpty(), errors.toString());
            try {
                assertEquals("server.example", in.options().host());
                assertEquals(4445, in.options().port());
                assertEquals(USER, in.options().user());
                assertEquals(DOMAIN, in.options().domain());
                assertEquals(ProbeOptions.Logon.USER, in.options().logon());
                assertTrue(in.options().hasCredentials());
                assertArrayEquals(new int[] {Dialect.SMB_3_0, Dialect.SMB_3_0_2}, in.options().dialects());
                assertTrue(in.variations());
                assertNotNull(in.signing(), "the typed password checks the signatures");
                assertEquals("", in.note(), "Remember was not ticked");
                assertTrue(form.passwordFieldEmpty());
            } finally {
                in.signing().clear();
                in.options().clearSecrets();
            }

            // Guest: no password asked for, none used to check signatures.
            form.fill("127.0.0.1", 445, USER, DOMAIN, "", false, false, "2.1");
            form.chooseLogon(1);
            ProbeForm.Input guest = read();
            assertNotNull(guest, errors.toString());
            assertEquals(ProbeOptions.Logon.GUEST, guest.options().logon());
            assertFalse(guest.options().hasCredentials());
            assertNull(guest.signing());
            assertFalse(guest.variations());
        });
    }
}
