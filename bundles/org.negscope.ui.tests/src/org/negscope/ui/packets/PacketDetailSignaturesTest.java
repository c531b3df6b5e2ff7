package org.negscope.ui.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureChecks;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.Verdict;
import org.negscope.capture.Progress;
import org.negscope.ui.VerdictText;
import org.negscope.ui.capture.CapturePane;
import org.negscope.ui.credentials.CredentialStore;
import org.negscope.ui.credentials.Credentials;
import org.negscope.ui.credentials.CredentialsTest;
import org.negscope.ui.sidebyside.SideBySideComposite;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.Screenshots;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;

/**
 * The packet detail's per-message signature status comes from the analysis: on real Samba captures with the
 * test account of releng/captures/README.md, every signed message shows VALID / INVALID (expected vs found) /
 * UNVERIFIED (why), unsigned ones UNSIGNED, and the numbers are exactly {@link ConnectionReport#signatureChecks()} of
 * the same capture analysed with the same credentials. Pictures with NEGSCOPE_SCREENSHOTS set.
 */
class PacketDetailSignaturesTest {
    static final String CLEAN_311 = "samba-3.1.1-clean.pcap";
    static final String CORRUPT = "samba-3.0.2-corrupt-validate-sig.pcap";
    /** The Signature column of the packet detail's message table. */
    static final int SIGNATURE_COLUMN = 5;

    private Shell shell;
    private PacketDetailComposite view;
    private Credentials credentials;

    @BeforeAll
    static void storage() {
        TestSecureStorage.install(); // the capture pane looks for remembered credentials: never the user's storage
    }

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setText("NegScope \u2014 packet detail");
            shell.setLayout(new FillLayout());
            view = new PacketDetailComposite(shell);
            shell.setSize(1400, 820);
            shell.open();
        });
    }

    @AfterEach
    void close() throws IOException {
        Ui.run(() -> shell.dispose());
        if (credentials != null) {
            credentials.clear();
        }
        CredentialStore.forgetAccount(CredentialsTest.USER, CredentialsTest.DOMAIN);
    }

    static Credentials password(String password) {
        return Credentials.password(password.toCharArray(), CredentialsTest.USER, CredentialsTest.DOMAIN);
    }

    /** The capture analysed as the editor does, with the credentials: the reference numbers. */
    static AnalysisResult analyze(Path capture, Credentials c) throws Exception {
        return CaptureAnalyzer.analyze(List.of(capture), c.toOptions(), Progress.NONE, AnalysisListener.NONE);
    }

    /** The only connection of the capture that has signed messages. */
    static ConnectionReport signedConnection(AnalysisResult result) {
        List<ConnectionReport> signed = result.connections().stream()
                .filter(r -> r.signatureChecks().signedMessages() > 0).toList();
        assertEquals(1, signed.size(), "connections with signed messages: " + signed.size());
        return signed.get(0);
    }

    /** Shows every message of the connection in the packet detail, read with the credentials; waits for the job. */
    List<MessageEntry> show(Path capture, ConnectionReport r) {
        Ui.run(() -> view.setConnection(r, PacketDetailTest.source(capture, r, credentials)));
        Ui.waitUntil("all messages read and checked", 60, () -> !view.isLoading());
        return Ui.call(view::entries);
    }

    static List<MessageEntry> signed(List<MessageEntry> entries, MessageSignature.Status status) {
        return entries.stream().filter(e -> e.signature() != null && e.signature().status() == status).toList();
    }

    /** The Signature cell of the row showing {@code e}, as the user reads it. */
    String cell(MessageEntry e) {
        return Ui.call(() -> {
            int i = view.entries().indexOf(e);
            TableItem it = view.messagesTable().getItem(i);
            return it.getText(SIGNATURE_COLUMN);
        });
    }

    /** Every signed message of the packet detail has a check, and the statuses add up to the analysis' counts. */
    void assertSameCounts(List<MessageEntry> entries, SignatureChecks reference) {
        long signed = entries.stream().filter(MessageEntry::isSigned).count();
        for (MessageEntry e : entries) {
            if (e.isSigned()) {
                assertNotNull(e.signature(), "frame " + e.frame() + " " + e.title() + " has a check");
            } else {
                assertNull(e.signature(), "frame " + e.frame() + " " + e.title() + " is not signed");
                if (e.message() != null && !e.isDecrypted()) {
                    assertEquals("UNSIGNED", cell(e), "frame " + e.frame() + " " + e.title());
                }
            }
        }
        assertEquals(reference.signedMessages(), signed, "signed messages in the list = signed messages the analysis checked");
        assertEquals(reference.valid(), signed(entries, MessageSignature.Status.VALID).size(), "VALID");
        assertEquals(reference.invalid(), signed(entries, MessageSignature.Status.INVALID).size(), "INVALID");
        assertEquals(reference.unverified(), signed(entries, MessageSignature.Status.UNVERIFIED).size(), "UNVERIFIED");
        SignatureChecks shown = Ui.call(view::signatureChecks);
        assertEquals(reference.valid(), shown.valid());
        assertEquals(reference.invalid(), shown.invalid());
        assertEquals(reference.unverified(), shown.unverified());
        String status = Ui.call(view::statusText);
        assertTrue(status.contains(signed + " signed: " + VerdictText.signatureCounts(reference)), status);
    }

    /** SMB 3.1.1: the signing key comes from the preauth integrity hash, the algorithm from SIGNING_CAPABILITIES. */
    @Test
    void everySignedMessageOf311IsValidAsTheAnalysisCounts() throws Exception {
        Path capture = TestData.capture(CLEAN_311);
        credentials = password(CredentialsTest.PASSWORD);
        ConnectionReport r = signedConnection(analyze(capture, credentials));
        SignatureChecks reference = r.signatureChecks();
        assertTrue(reference.valid() >= 20, reference.text());
        assertEquals(0, reference.invalid() + reference.unverified(), reference.text());
        assertEquals("AES-128-GMAC", reference.algorithm());

        List<MessageEntry> entries = show(capture, r);
        assertSameCounts(entries, reference);
        for (MessageEntry e : signed(entries, MessageSignature.Status.VALID)) {
            assertEquals("VALID (AES-128-GMAC)", cell(e), "frame " + e.frame() + " " + e.title());
        }
        assertTrue(Ui.call(view::statusText).contains(reference.valid() + " VALID"), Ui.call(view::statusText));
        // Selecting a signed message: its line says VALID with the algorithm.
        MessageEntry first = signed(entries, MessageSignature.Status.VALID).get(0);
        Ui.run(() -> view.showMessage(first.message(), null));
        String line = Ui.call(view::messageLineText);
        assertTrue(line.contains("Signature: VALID (AES-128-GMAC)"), line);
        Ui.run(() -> Screenshots.take(shell, "screenshot-packet-signatures-311"));
    }

    /** A wrong password: every signed message INVALID with expected and found, and the hint that the password is wrong. */
    @Test
    void wrongPasswordMakesEverySignedMessageInvalidWithTheHint() throws Exception {
        Path capture = TestData.capture(CLEAN_311);
        credentials = password("not-the-password");
        ConnectionReport r = signedConnection(analyze(capture, credentials));
        SignatureChecks reference = r.signatureChecks();
        assertTrue(reference.invalid() >= 20, reference.text());
        assertEquals(0, reference.valid(), reference.text());
        assertNotNull(reference.credentialsHint(), "the analysis suspects the credentials");

        List<MessageEntry> entries = show(capture, r);
        assertSameCounts(entries, reference);
        assertEquals(0, signed(entries, MessageSignature.Status.VALID).size());
        for (MessageEntry e : signed(entries, MessageSignature.Status.INVALID)) {
            MessageSignature s = e.signature();
            assertNotEquals(s.expectedHex(), s.foundHex());
            assertEquals(HexFormat.of().formatHex(e.message().header().signature()), s.foundHex(), "found = the Signature field");
            String text = cell(e);
            assertTrue(text.startsWith("INVALID (AES-128-GMAC): expected " + s.expectedHex() + ", found " + s.foundHex()), text);
        }
        String status = Ui.call(view::statusText);
        assertTrue(status.contains(reference.invalid() + " INVALID \u2014 credentials may be wrong"), status);
        MessageEntry some = signed(entries, MessageSignature.Status.INVALID).get(0);
        Ui.run(() -> view.showMessage(some.message(), null));
        String line = Ui.call(view::messageLineText);
        assertTrue(line.contains(some.signature().expectedHex()) && line.contains(some.signature().foundHex()), line);
        assertTrue(line.contains(reference.credentialsHint()) && line.contains("may be wrong"), line);
        assertFalse(line.contains("not-the-password"), "no secret on screen");
        Ui.run(() -> Screenshots.take(shell, "screenshot-packet-signatures-wrong-password"));

        // The capture editor's Signatures column says the same for the connection.
        CapturePane pane = Ui.call(() -> {
            Shell s = new Shell(Ui.display());
            s.setLayout(new FillLayout());
            s.setSize(1400, 500);
            s.open();
            CapturePane p = new CapturePane(s);
            s.layout(true, true);
            p.analyze(capture);
            return p;
        });
        try {
            Ui.waitUntil("first analysis", 120, () -> pane.finishedRuns() >= 1 && pane.isFinished());
            int before = Ui.call(pane::finishedRuns);
            Credentials wrong = password("not-the-password");
            Ui.run(() -> pane.setCredentials(wrong, false)); // the pane owns and wipes them
            Ui.waitUntil("analysis with the wrong password", 120, () -> pane.finishedRuns() > before && pane.isFinished());
            String column = Ui.call(() -> {
                for (TableItem it : pane.viewer().getTable().getItems()) {
                    if (!it.getText(CapturePane.SIGNATURES).isEmpty() && !it.getText(CapturePane.SIGNATURES).equals("no signed message")) {
                        return it.getText(CapturePane.SIGNATURES);
                    }
                }
                return null;
            });
            assertEquals(reference.invalid() + " INVALID \u2014 credentials may be wrong", column);
            assertEquals("Signatures", Ui.call(() -> pane.viewer().getTable().getColumn(CapturePane.SIGNATURES).getText()));
            String line2 = Ui.call(pane::signaturesText);
            assertTrue(line2.contains("Every signed message: " + reference.invalid() + " INVALID") && line2.contains("may be wrong"), line2);
        } finally {
            Ui.run(() -> pane.getShell().dispose());
        }
    }

    /** The VALIDATE response whose signature a proxy altered: INVALID with both values, everything else VALID. */
    @Test
    void alteredValidateResponseIsInvalidWithExpectedAndFound() throws Exception {
        Path capture = TestData.capture(CORRUPT);
        credentials = password(CredentialsTest.PASSWORD);
        ConnectionReport r = Reports.withValidate(analyze(capture, credentials));
        assertEquals(Verdict.SIGNATURE_INVALID, r.verdict());
        SignatureChecks reference = r.signatureChecks();
        assertEquals(1, reference.invalid(), reference.text());
        assertNull(reference.credentialsHint(), "the other messages verify: the credentials are right");

        List<MessageEntry> entries = show(capture, r);
        assertSameCounts(entries, reference);
        List<MessageEntry> invalid = signed(entries, MessageSignature.Status.INVALID);
        assertEquals(1, invalid.size());
        MessageEntry v = invalid.get(0);
        assertTrue(v.sameAs(r.validateResponse()), "the INVALID one is the VALIDATE response: " + v.title());
        MessageSignature s = v.signature();
        assertEquals(reference.validateExpected(), s.expectedHex(), "the same expected signature as the analysis");
        assertEquals(reference.validateFound(), s.foundHex());
        assertEquals(HexFormat.of().formatHex(r.validateResponse().header().signature()), s.foundHex());
        assertNotEquals(s.expectedHex(), s.foundHex());
        String text = cell(v);
        assertTrue(text.contains("INVALID") && text.contains(s.expectedHex()) && text.contains(s.foundHex()), text);

        Ui.run(() -> view.showMessage(r.validateResponse(), null));
        String line = Ui.call(view::messageLineText);
        assertTrue(line.contains("Signature: INVALID (AES-128-CMAC): expected " + s.expectedHex() + ", found " + s.foundHex()), line);
        assertFalse(line.contains("may be wrong"), line);
        Ui.run(() -> Screenshots.take(shell, "screenshot-packet-signatures"));

        // The capture editor's column and the Negotiate | Validate view's signature line.
        assertEquals((reference.valid()) + " VALID, 1 INVALID", CapturePane.text(r, CapturePane.SIGNATURES));
        assertEquals(SignatureStatus.INVALID, r.signature());
        String sbsLine = Ui.call(() -> {
            Shell s2 = new Shell(Ui.display());
            s2.setLayout(new FillLayout());
            try {
                SideBySideComposite sbs = new SideBySideComposite(s2);
                sbs.setConnection(r);
                return sbs.signatureText();
            } finally {
                s2.dispose();
            }
        });
        assertTrue(sbsLine.startsWith("VALIDATE response signature: INVALID"), sbsLine);
        assertTrue(sbsLine.contains("must be " + s.expectedHex()) && sbsLine.contains("carries " + s.foundHex()), sbsLine);
    }
}
