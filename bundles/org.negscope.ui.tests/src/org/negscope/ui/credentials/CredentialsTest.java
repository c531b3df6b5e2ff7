package org.negscope.ui.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.Verdict;
import org.negscope.crypto.Ntlm;
import org.negscope.crypto.Secret;
import org.negscope.ui.VerdictText;
import org.negscope.ui.capture.CapturePane;
import org.negscope.ui.diagnosis.DiagnosisComposite;
import org.negscope.ui.packets.ConnectionMessages;
import org.negscope.ui.packets.MessageEntry;
import org.negscope.ui.packets.MessageSignature;
import org.negscope.ui.sidebyside.SideBySideComposite;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;

/**
 * Credentials on real Samba captures with the test account of releng/captures/README.md: typed in the
 * dialog, the capture is analysed again and the signature proved (INVALID with expected vs found, VALID, or
 * UNVERIFIED with the reason); "Remember" stores them in secure storage only, and the password is found in no file.
 */
public class CredentialsTest {
    public static final String USER = "nsuser";
    public static final String DOMAIN = "NEGSCOPE";
    /** The fixed test password of the committed captures (not a secret; see releng/captures/README.md). */
    public static final String PASSWORD = "NegScope-Test-1";

    private Shell shell;
    private static Path storage;

    @BeforeAll
    static void storage() {
        storage = TestSecureStorage.install();
    }

    @BeforeEach
    void open() throws IOException {
        CredentialStore.forgetAccount(USER, DOMAIN);
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
        CredentialStore.forgetAccount(USER, DOMAIN);
        CredentialStore.forgetCapture(CredentialStore.sha256(TestData.capture("samba-3.0.2-corrupt-validate-sig.pcap")));
    }

    CapturePane analyse(String capture) {
        CapturePane pane = Ui.call(() -> {
            CapturePane p = new CapturePane(shell);
            shell.layout(true, true);
            p.analyze(TestData.capture(capture));
            return p;
        });
        Ui.waitUntil("analysis of " + capture, 120, () -> pane.finishedRuns() >= 1 && pane.isFinished());
        return pane;
    }

    /** Types the credentials into the dialog as a user would, presses its button, returns when the new run is done. */
    void giveCredentials(CapturePane pane, String password, boolean remember) {
        int before = Ui.call(pane::finishedRuns);
        Ui.run(() -> {
            CredentialsDialog d = pane.credentialsDialog();
            d.setBlockOnOpen(false);
            d.open();
            // The dialog proposes the account the capture names.
            assertEquals(USER, d.userText());
            assertEquals(DOMAIN, d.domainText());
            d.choosePassword(USER, DOMAIN, password, remember);
            d.pressOk();
            assertNotNull(d.result(), "the dialog took the password");
            assertEquals(Credentials.Kind.PASSWORD, d.result().kind());
            assertFalse(d.result().toString().contains(password), "toString shows no secret");
            pane.setCredentials(d.result(), d.remember());
        });
        Ui.waitUntil("analysis with credentials", 120, () -> pane.finishedRuns() > before && pane.isFinished());
    }

    static ConnectionReport validated(CapturePane pane) {
        return Reports.withValidate(pane.result());
    }

    @Test
    void passwordProvesTheTamperedSignatureInvalidWithExpectedAndFound() throws Exception {
        CapturePane pane = analyse("samba-3.0.2-corrupt-validate-sig.pcap");
        ConnectionReport before = Ui.call(() -> validated(pane));
        assertNotEquals(Verdict.SIGNATURE_INVALID, before.verdict(), "without the password the bad signature cannot be seen");
        assertEquals(SignatureStatus.UNVERIFIED, before.signature());
        assertTrue(Ui.call(pane::signaturesText).contains("Credentials"), "tells how to prove the signature");

        giveCredentials(pane, PASSWORD, true);
        ConnectionReport r = Ui.call(() -> validated(pane));
        assertEquals(Verdict.SIGNATURE_INVALID, r.verdict());
        assertTrue(r.fatal());
        assertEquals(SignatureStatus.INVALID, r.signature());
        MessageSignature sig = Ui.call(() -> pane.validateSignature(r));
        assertNotNull(sig, "the VALIDATE response's signature was checked");
        assertEquals(MessageSignature.Status.INVALID, sig.status());
        String found = HexFormat.of().formatHex(r.validateResponse().header().signature());
        assertEquals(found, sig.foundHex(), "found = the Signature field of the VALIDATE response");
        assertNotEquals(sig.expectedHex(), sig.foundHex());
        // The proxy flipped bit 0 of Signature[0] (releng/captures/README.md): expected and found differ only there.
        byte[] e = HexFormat.of().parseHex(sig.expectedHex());
        byte[] f = HexFormat.of().parseHex(sig.foundHex());
        assertEquals(1, e[0] ^ f[0]);
        for (int i = 1; i < 16; i++) {
            assertEquals(e[i], f[i], "byte " + i);
        }
        assertTrue(Ui.call(pane::signaturesText).contains("1 INVALID"), Ui.call(pane::signaturesText));

        // Shown in the side-by-side and diagnosis views with both values.
        Ui.run(() -> {
            Shell s2 = new Shell(Ui.display());
            s2.setLayout(new FillLayout());
            try {
                SideBySideComposite sbs = new SideBySideComposite(s2);
                DiagnosisComposite diag = new DiagnosisComposite(s2);
                sbs.setConnection(r);
                diag.setConnection(r);
                String text = sbs.signatureText();
                assertTrue(text.startsWith("VALIDATE response signature: INVALID"), text);
                assertTrue(text.contains(sig.expectedHex()) && text.contains(sig.foundHex()), text);
                assertTrue(sbs.verdictText().startsWith("SIGNATURE_INVALID"), sbs.verdictText());
                assertTrue(diag.signatureText().contains(sig.expectedHex()), diag.signatureText());
            } finally {
                s2.dispose();
            }
        });

        // Remembered: encrypted in the secure storage file, nowhere in clear text.
        assertTrue(CredentialStore.hasAccount(USER, DOMAIN));
        assertNoPasswordInFiles();

        // Every signed message of the connection in the packet-detail list: all VALID but the tampered one.
        ConnectionMessages all = ConnectionMessages.read(TestData.capture("samba-3.0.2-corrupt-validate-sig.pcap"), r,
                org.negscope.capture.Progress.NONE, Ui.call(pane::credentials));
        List<MessageEntry> signed = all.entries().stream().filter(MessageEntry::isSigned).toList();
        assertTrue(signed.size() >= 4, "signed messages: " + signed.size());
        for (MessageEntry m : signed) {
            MessageSignature.Status want = m.sameAs(r.validateResponse()) ? MessageSignature.Status.INVALID : MessageSignature.Status.VALID;
            assertEquals(want, m.signature().status(), "frame " + m.frame() + " " + m.title() + ": " + m.signature().text());
        }

        // The pane wipes its credentials when it goes away.
        Credentials held = Ui.call(pane::credentials);
        Ui.run(pane::dispose);
        Ui.waitUntil("credentials wiped", 30, held::isCleared);
    }

    @Test
    void rememberedPasswordIsUsedForTheNextCaptureOfTheAccountAndProvesItValid() throws Exception {
        CapturePane first = analyse("samba-3.0.2-corrupt-validate-sig.pcap");
        giveCredentials(first, PASSWORD, true);
        Ui.run(first::dispose);

        // A new editor on another capture of the same account: recalled from secure storage, analysed again.
        CapturePane pane = Ui.call(() -> {
            CapturePane p = new CapturePane(shell);
            p.analyze(TestData.capture("samba-3.0.2-clean.pcap"));
            return p;
        });
        Ui.waitUntil("second analysis with the remembered password", 120, () -> pane.finishedRuns() >= 2 && pane.isFinished());
        ConnectionReport r = Ui.call(() -> validated(pane));
        assertEquals(Verdict.VALIDATED, r.verdict());
        assertEquals(SignatureStatus.VALID, r.signature());
        assertEquals(MessageSignature.Status.VALID, Ui.call(() -> pane.validateSignature(r)).status());
        String line = Ui.call(pane::signaturesText);
        assertTrue(line.contains("remembered") && line.contains("VALID"), line);
        assertNotNull(Ui.call(pane::credentials));
        assertEquals(Credentials.Kind.PASSWORD, Ui.call(pane::credentials).kind());
        assertNoPasswordInFiles();
    }

    /**
     * A wrong password gives a key that is not the session's: the VALIDATE response's check comes out INVALID like every
     * other signed message, but the verdict keeps it UNVERIFIED (the credentials, not the server, are suspect) and says
     * so with both signatures.
     */
    @Test
    void wrongPasswordLeavesTheSignatureUnverifiedWithAHint() throws Exception {
        CapturePane pane = analyse("samba-3.0.2-clean.pcap");
        giveCredentials(pane, "not-the-password", false);
        ConnectionReport r = Ui.call(() -> validated(pane));
        assertEquals(SignatureStatus.UNVERIFIED, r.signature());
        assertEquals(Verdict.VALIDATED, r.verdict(), "the values agree; only the proof is missing");
        MessageSignature sig = Ui.call(() -> pane.validateSignature(r));
        assertEquals(MessageSignature.Status.INVALID, sig.status(), "the analysis' own check of the message");
        String hint = r.signatureChecks().credentialsHint();
        assertNotNull(hint);
        assertTrue(hint.contains("does not match") && hint.contains("may be wrong"), hint);
        String shown = VerdictText.signature(r);
        assertTrue(shown.startsWith("UNVERIFIED") && shown.contains("may be wrong"), shown);
        assertTrue(shown.contains(sig.expectedHex()) && shown.contains(sig.foundHex()), shown);
        assertFalse(CredentialStore.hasAccount(USER, DOMAIN), "not remembered without the box ticked");
    }

    @Test
    void ntHashWorksLikeThePassword() {
        CapturePane pane = analyse("samba-3.0.2-clean.pcap");
        String hash;
        try (Secret pw = Secret.password(PASSWORD.toCharArray()); Secret nt = Ntlm.ntowfv1(pw)) {
            hash = HexFormat.of().formatHex(nt.copyBytes());
        }
        int before = Ui.call(pane::finishedRuns);
        Ui.run(() -> {
            CredentialsDialog d = pane.credentialsDialog();
            d.setBlockOnOpen(false);
            d.open();
            d.chooseNtHash(hash.substring(0, 30)); // 15 bytes: refused with a message, dialog stays open
            d.pressOk();
            assertNull(d.result());
            assertTrue(d.getErrorMessage().contains("16"), d.getErrorMessage());
            d.chooseNtHash(hash.toUpperCase());
            d.pressOk();
            assertEquals(Credentials.Kind.NT_HASH, d.result().kind());
            pane.setCredentials(d.result(), false);
        });
        Ui.waitUntil("analysis with the NT hash", 120, () -> pane.finishedRuns() > before && pane.isFinished());
        ConnectionReport r = Ui.call(() -> validated(pane));
        assertEquals(SignatureStatus.VALID, r.signature());
        assertTrue(Ui.call(pane::signaturesText).contains("NT hash"), Ui.call(pane::signaturesText));
    }

    /**
     * Every signed message of the clean captures verifies with the password, for each signing scheme: HMAC-SHA256
     * (2.0.2, 2.1), AES-CMAC with the SP800-108 key (3.0, 3.0.2), and 3.1.1's key over the preauth integrity hash
     * with the AES-GMAC the NEGOTIATE response chose.
     */
    @Test
    void everySignedMessageOfTheCleanCapturesIsValid() throws Exception {
        for (String name : List.of("samba-2.0.2-clean.pcap", "samba-2.1-clean.pcap", "samba-3.0-clean.pcap",
                "samba-3.0.2-clean.pcap", "samba-3.1.1-clean.pcap")) {
            Path capture = TestData.capture(name);
            AnalysisResultHolder h = new AnalysisResultHolder(capture);
            for (ConnectionReport r : h.result.connections()) {
                Credentials c = Credentials.password(PASSWORD.toCharArray(), null, null);
                try {
                    List<MessageEntry> signed = ConnectionMessages.read(capture, r, org.negscope.capture.Progress.NONE, c)
                            .entries().stream().filter(MessageEntry::isSigned).toList();
                    assertTrue(signed.size() >= 20, name + ": " + signed.size() + " signed messages");
                    for (MessageEntry m : signed) {
                        assertEquals(MessageSignature.Status.VALID, m.signature().status(),
                                name + " frame " + m.frame() + " " + m.title() + ": " + m.signature().text());
                    }
                    // 3.1.1: Samba 4.17 offers and picks AES-GMAC in SMB2_SIGNING_CAPABILITIES.
                    String expected = name.contains("-2.") ? "HMAC-SHA256" : name.contains("3.1.1") ? "AES-128-GMAC" : "AES-128-CMAC";
                    for (MessageEntry m : signed) {
                        assertEquals(expected, m.signature().algorithm(), name + " frame " + m.frame());
                    }
                } finally {
                    c.clear();
                }
            }
        }
    }

    /** SMB3 encryption (3.0.2, AES-128-CCM): without credentials the TRANSFORM messages stay sealed, with them every one opens. */
    @Test
    void encryptedMessagesAreDecryptedWithThePassword() throws Exception {
        Path capture = TestData.capture("samba-3.0.2-encrypted.pcap");
        ConnectionReport r = Reports.analyze(capture).connections().get(0);
        ConnectionMessages sealed = ConnectionMessages.read(capture, r, org.negscope.capture.Progress.NONE);
        long encrypted = sealed.entries().stream().filter(e -> e.message() == null).count();
        assertTrue(encrypted >= 10, "encrypted messages: " + encrypted);
        Credentials c = Credentials.password(PASSWORD.toCharArray(), null, null);
        try {
            ConnectionMessages opened = ConnectionMessages.read(capture, r, org.negscope.capture.Progress.NONE, c);
            List<MessageEntry> open = opened.entries();
            assertEquals(encrypted, opened.checks().encrypted(), "the analysis' count of TRANSFORM messages");
            assertEquals(encrypted, opened.checks().decrypted(), "the analysis decrypted each one");
            assertEquals(0, open.stream().filter(e -> e.message() == null).count(), "every TRANSFORM message decrypted");
            List<MessageEntry> decrypted = open.stream().filter(MessageEntry::isDecrypted).toList();
            assertTrue(decrypted.size() >= encrypted, decrypted.size() + " of " + encrypted);
            List<String> titles = decrypted.stream().map(MessageEntry::title).toList();
            assertTrue(titles.contains("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO request (decrypted)"), titles.toString());
            assertTrue(titles.contains("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO response (decrypted)"), titles.toString());
            MessageEntry v = decrypted.stream().filter(e -> e.title().startsWith("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO response"))
                    .findFirst().orElseThrow();
            assertEquals(v.encrypted().lastFrame(), v.frame(), "the frame of the TRANSFORM message it came in");
            assertTrue(v.describe().toTreeString().contains("VALIDATE_NEGOTIATE_INFO Response"), v.describe().toTreeString());
        } finally {
            c.clear();
        }
        // A wrong password opens nothing.
        Credentials wrong = Credentials.password("wrong".toCharArray(), null, null);
        try {
            assertEquals(encrypted, ConnectionMessages.read(capture, r, org.negscope.capture.Progress.NONE, wrong).entries().stream()
                    .filter(e -> e.message() == null).count());
        } finally {
            wrong.clear();
        }
    }

    /**
     * Kerberos-style credentials: the session key itself, per SessionId (here the NTLM ExportedSessionKey of the
     * capture's session, derived with the crypto bundle from the test password, standing in for a key a Kerberos tool
     * would give). Given in the dialog's session-key mode, remembered per capture file (SHA-256) and recalled for it.
     */
    @Test
    void sessionKeyProvesTheSignatureAndIsRememberedForThatCaptureOnly() throws Exception {
        Path capture = TestData.capture("samba-3.0.2-corrupt-validate-sig.pcap");
        ConnectionReport r = Reports.withValidate(Reports.analyze(capture));
        long sessionId = r.validateResponse().header().sessionId();
        byte[] key = exportedSessionKey(capture, r);
        String hex = HexFormat.of().formatHex(key);
        java.util.Arrays.fill(key, (byte) 0);

        CapturePane pane = analyse("samba-3.0.2-corrupt-validate-sig.pcap");
        int before = Ui.call(pane::finishedRuns);
        Ui.run(() -> {
            CredentialsDialog d = pane.credentialsDialog();
            d.setBlockOnOpen(false);
            d.open();
            d.chooseSessionKey(String.format("0x%016x", sessionId), hex, true);
            d.pressOk();
            assertEquals(Credentials.Kind.SESSION_KEYS, d.result().kind());
            assertEquals(java.util.Set.of(sessionId), d.result().sessionIds());
            pane.setCredentials(d.result(), d.remember());
        });
        Ui.waitUntil("analysis with the session key", 120, () -> pane.finishedRuns() > before && pane.isFinished());
        ConnectionReport withKey = Ui.call(() -> validated(pane));
        assertEquals(Verdict.SIGNATURE_INVALID, withKey.verdict(), withKey.summary());
        assertEquals(MessageSignature.Status.INVALID, Ui.call(() -> pane.validateSignature(withKey)).status());
        assertTrue(Ui.call(pane::signaturesText).contains("1 session key(s)"), Ui.call(pane::signaturesText));

        // Remembered for this file (by content hash), not for another capture.
        String hash = CredentialStore.sha256(capture);
        assertTrue(CredentialStore.hasCapture(hash));
        assertFalse(CredentialStore.hasCapture(CredentialStore.sha256(TestData.capture("samba-3.0.2-clean.pcap"))));
        Credentials back = CredentialStore.recallSessionKeys(hash);
        try {
            assertEquals(hex, HexFormat.of().formatHex(back.sessionKey(sessionId).copyBytes()));
        } finally {
            back.clear();
        }
        // A second editor on the same file uses them by itself.
        Ui.run(pane::dispose);
        CapturePane again = Ui.call(() -> {
            CapturePane p = new CapturePane(shell);
            p.analyze(capture);
            return p;
        });
        Ui.waitUntil("recalled session key", 120, () -> again.finishedRuns() >= 2 && again.isFinished());
        assertEquals(Verdict.SIGNATURE_INVALID, Ui.call(() -> validated(again)).verdict());
        assertTrue(Ui.call(again::signaturesText).contains("remembered"), Ui.call(again::signaturesText));
        assertNoHexKeyInFiles(hex);
    }

    /** The session's ExportedSessionKey from the capture's NTLMSSP CHALLENGE/AUTHENTICATE and the test password. */
    static byte[] exportedSessionKey(Path capture, ConnectionReport r) throws Exception {
        org.negscope.smb2.NtlmChallenge challenge = null;
        org.negscope.smb2.NtlmAuthenticate auth = null;
        for (MessageEntry e : ConnectionMessages.read(capture, r, org.negscope.capture.Progress.NONE).entries()) {
            if (e.message() == null || e.message().header().command() != org.negscope.smb2.Smb2Command.SESSION_SETUP) {
                continue;
            }
            if (e.message().header().isResponse()) {
                byte[] blob = org.negscope.smb2.SessionSetupResponse.decode(e.message()).securityBuffer();
                byte[] token = blob.length == 0 ? null : org.negscope.smb2.Spnego.decode(blob).ntlmssp();
                if (token != null && org.negscope.smb2.Ntlmssp.decode(token) instanceof org.negscope.smb2.NtlmChallenge c) {
                    challenge = c; // the last SESSION_SETUP response only completes SPNEGO: no NTLMSSP token
                }
            } else if (org.negscope.smb2.SessionSetupRequest.decode(e.message()).ntlmssp() instanceof org.negscope.smb2.NtlmAuthenticate a) {
                auth = a;
            }
        }
        assertNotNull(challenge, "CHALLENGE in the capture");
        assertNotNull(auth, "AUTHENTICATE in the capture");
        try (Secret pw = Secret.password(PASSWORD.toCharArray())) {
            org.negscope.crypto.NtlmSessionKey k = Ntlm.sessionKeyFromAuthenticate(auth.userName(), auth.domainName(), pw,
                    challenge.serverChallenge(), auth.ntChallengeResponse(), auth.encryptedRandomSessionKey(), auth.flags());
            assertTrue(k.usable(), k.problem());
            try (Secret key = k.exportedSessionKey()) {
                return key.copyBytes();
            }
        }
    }

    private static void assertNoHexKeyInFiles(String hex) throws IOException {
        for (Path place : List.of(storage.getParent())) {
            try (Stream<Path> all = Files.walk(place)) {
                for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).toLowerCase();
                    assertFalse(text.contains(hex), "the session key is in " + f);
                }
            }
        }
    }

    private static final class AnalysisResultHolder {
        final org.negscope.analysis.AnalysisResult result;

        AnalysisResultHolder(Path capture) {
            result = Reports.analyze(capture);
        }
    }

    /** The password, in UTF-8 or UTF-16LE, is in no file of the secure storage, the workspace, the configuration or the log. */
    static void assertNoPasswordInFiles() throws IOException, URISyntaxException {
        List<Path> places = new ArrayList<>();
        places.add(storage.getParent());
        if (Platform.isRunning()) {
            places.add(path(Platform.getInstanceLocation().getURL()));
            places.add(path(Platform.getConfigurationLocation().getURL()));
            places.add(Path.of(Platform.getLogFileLocation().toOSString()));
        }
        byte[][] needles = {PASSWORD.getBytes(StandardCharsets.UTF_8), PASSWORD.getBytes(StandardCharsets.UTF_16LE)};
        int files = 0;
        for (Path place : places) {
            if (!Files.exists(place)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(place)) {
                for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                    if (Files.size(f) > 50_000_000) {
                        continue;
                    }
                    byte[] content = Files.readAllBytes(f);
                    files++;
                    for (byte[] n : needles) {
                        assertFalse(indexOf(content, n) >= 0, "the password is in " + f);
                    }
                }
            }
        }
        assertTrue(Files.size(storage) > 0, "the secure storage was written");
        assertTrue(files > 0);
    }

    private static Path path(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Path.of(url.getPath()); // the launcher's file: URLs may carry unescaped spaces
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
