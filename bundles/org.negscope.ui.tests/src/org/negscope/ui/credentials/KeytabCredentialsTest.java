package org.negscope.ui.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Verdict;
import org.negscope.ui.capture.CapturePane;
import org.negscope.ui.packets.MessageSignature;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;

/**
 * Credentials… > Keytab on real Kerberos captures (releng/captures/kerberos: smbclient against a Samba AD DC; the
 * keytabs are test secrets of that throwaway domain): the keytab chosen in the dialog proves the altered VALIDATE
 * signature INVALID (fatal), is remembered only in secure storage (encrypted; its bytes in no file of the storage's
 * directory), and is used by itself for the next Kerberos capture; a damaged keytab is refused with file and offset.
 */
class KeytabCredentialsTest {
    private Shell shell;
    private static Path storage;

    static Path kerberos(String name) {
        return TestData.repoRoot().resolve("releng/captures/kerberos").resolve(name);
    }

    @BeforeAll
    static void storage() {
        storage = TestSecureStorage.install();
    }

    @BeforeEach
    void open() throws IOException {
        CredentialStore.forgetKeytab("negscope-test.keytab");
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout());
            shell.setSize(1200, 600);
            shell.open();
        });
    }

    @AfterEach
    void close() throws IOException {
        Ui.run(() -> shell.dispose());
        CredentialStore.forgetKeytab("negscope-test.keytab");
    }

    CapturePane analyse(Path capture) {
        CapturePane pane = Ui.call(() -> {
            CapturePane p = new CapturePane(shell);
            shell.layout(true, true);
            p.analyze(capture);
            return p;
        });
        Ui.waitUntil("analysis of " + capture, 120, () -> pane.finishedRuns() >= 1 && pane.isFinished());
        return pane;
    }

    @Test
    void keytabProvesTheAlteredSignatureAndIsRememberedEncrypted() throws Exception {
        CapturePane pane = analyse(kerberos("krb-3.0.2-corrupt-validate-sig.pcap"));
        assertEquals(Verdict.VALIDATED, Ui.call(() -> Reports.withValidate(pane.result())).verdict(), "without the keytab");
        int before = Ui.call(pane::finishedRuns);
        Ui.run(() -> {
            CredentialsDialog d = pane.credentialsDialog();
            d.setBlockOnOpen(false);
            d.open();
            d.chooseKeytab(kerberos("negscope-test.keytab").toString(), true);
            d.pressOk();
            assertEquals(Credentials.Kind.KEYTAB, d.result().kind());
            assertEquals("keytab negscope-test.keytab (3 key(s))", d.result().describe());
            pane.setCredentials(d.result(), d.remember());
        });
        Ui.waitUntil("analysis with the keytab", 120, () -> pane.finishedRuns() > before && pane.isFinished());
        ConnectionReport r = Ui.call(() -> Reports.withValidate(pane.result()));
        assertEquals(Verdict.SIGNATURE_INVALID, r.verdict(), r.summary());
        assertTrue(r.fatal());
        assertEquals(MessageSignature.Status.INVALID, Ui.call(() -> pane.validateSignature(r)).status());
        String text = Ui.call(pane::signaturesText);
        assertTrue(text.contains("keytab remembered in secure storage"), text);

        // Remembered encrypted: the keytab's bytes (and any 16 bytes of it) are in no file of the storage.
        assertTrue(CredentialStore.hasAnyKeytab());
        byte[] kt = Files.readAllBytes(kerberos("negscope-test.keytab"));
        try (Stream<Path> all = Files.walk(storage.getParent())) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (int i = 0; i + 16 <= kt.length; i += 16) {
                    assertFalse(content.contains(new String(kt, i, 16, StandardCharsets.ISO_8859_1)), "keytab bytes in " + f);
                }
            }
        }

        // The next Kerberos capture: signatures unverified without credentials, so the remembered keytab is used.
        Ui.run(pane::dispose);
        CapturePane again = analyse(kerberos("krb-3.0.2-signed.pcap"));
        Ui.waitUntil("recalled keytab", 120, () -> again.finishedRuns() >= 2 && again.isFinished());
        ConnectionReport v = Ui.call(() -> Reports.withValidate(again.result()));
        assertEquals(Verdict.VALIDATED, v.verdict());
        assertEquals(MessageSignature.Status.VALID, Ui.call(() -> again.validateSignature(v)).status());
        assertTrue(Ui.call(again::signaturesText).contains("remembered"), Ui.call(again::signaturesText));
    }

    @Test
    void aDamagedKeytabIsRefusedWithFileAndOffset() throws Exception {
        Path cut = Files.createTempFile("cut", ".keytab");
        try {
            byte[] real = Files.readAllBytes(kerberos("negscope-test.keytab"));
            Files.write(cut, Arrays.copyOf(real, real.length - 5));
            CapturePane pane = analyse(kerberos("krb-3.0.2-signed.pcap"));
            Ui.run(() -> {
                CredentialsDialog d = pane.credentialsDialog();
                d.setBlockOnOpen(false);
                d.open();
                d.chooseKeytab(cut.toString(), false);
                d.pressOk();
                assertNull(d.result(), "refused");
                assertTrue(d.errorText().startsWith(cut.getFileName() + ": offset "), d.errorText());
                d.close();
            });
        } finally {
            Files.deleteIfExists(cut);
        }
    }
}
