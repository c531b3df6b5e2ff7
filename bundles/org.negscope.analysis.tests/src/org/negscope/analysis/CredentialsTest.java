package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.Progress;

/**
 * Credentials on the committed Samba captures: the password and session-key paths of the signature proof,
 * a wrong password, and that no secret survives in reports or in toString(). Plus unreadable inputs.
 */
class CredentialsTest {

    static ConnectionReport analyze(String file, AnalysisOptions o) throws CaptureException {
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(TestData.capture(file)), o, Progress.NONE, null);
        assertEquals(1, r.connections().size());
        return r.connections().get(0);
    }

    /** The session key the password yields for the capture's session, read from the analysis before it clears it. */
    static byte[] sessionKeyOf(String file) throws CaptureException {
        CaptureAnalyzer a = new CaptureAnalyzer(0, file, AnalysisOptions.withPassword(TestData.TEST_PASSWORD.toCharArray(), null, null), null);
        CaptureReader.read(TestData.capture(file), a, Progress.NONE);
        SessionFacts s = a.states().get(0).sessions.stream().filter(f -> f.gssKey != null).findFirst().orElseThrow();
        byte[] key = s.gssKey.copyBytes();
        a.finish();
        assertTrue(s.gssKey == null, "finish() clears derived keys");
        return key;
    }

    @Test void givenSessionKeyProvesTheSignature() throws Exception {
        byte[] key = sessionKeyOf("samba-3.0.2-clean.pcap");
        ConnectionReport c = analyze("samba-3.0.2-clean.pcap", AnalysisOptions.withSessionKeys(Map.of(AnalysisOptions.ANY_SESSION, key)));
        assertEquals(Verdict.VALIDATED, c.verdict());
        assertEquals(SignatureStatus.VALID, c.signature());
    }

    @Test void givenSessionKeyCatchesTheBadSignature() throws Exception {
        byte[] key = sessionKeyOf("samba-3.0.2-corrupt-validate-sig.pcap");
        ConnectionReport c = analyze("samba-3.0.2-corrupt-validate-sig.pcap",
                AnalysisOptions.withSessionKeys(Map.of(AnalysisOptions.ANY_SESSION, key)));
        assertEquals(Verdict.SIGNATURE_INVALID, c.verdict());
        assertTrue(c.fatal());
        assertEquals(SignatureStatus.INVALID, c.signature());
    }

    /** A key that is not the session's must not be taken for proof of a forged signature. */
    @Test void wrongSessionKeyStaysUnverified() throws Exception {
        byte[] key = new byte[16];
        Arrays.fill(key, (byte) 0x5a);
        ConnectionReport c = analyze("samba-3.0.2-corrupt-validate-sig.pcap",
                AnalysisOptions.withSessionKeys(Map.of(AnalysisOptions.ANY_SESSION, key)));
        assertEquals(Verdict.VALIDATED, c.verdict());
        assertEquals(SignatureStatus.UNVERIFIED, c.signature());
        assertTrue(c.summary().contains("probably not this session's key"), c.summary());
    }

    @Test void wrongPasswordSaysSoWithoutRevealingIt() throws Exception {
        String wrong = "Not-The-Password-42";
        ConnectionReport c = analyze("samba-3.0.2-clean.pcap", AnalysisOptions.withPassword(wrong.toCharArray(), null, null));
        assertEquals(Verdict.VALIDATED, c.verdict());
        assertEquals(SignatureStatus.UNVERIFIED, c.signature());
        assertTrue(c.summary().contains("password does not match"), c.summary());
        assertTrue(c.summary().contains("AUTHENTICATE in frame"), c.summary());
        assertFalse(c.summary().contains(wrong));
    }

    @Test void ntHashWorksLikeThePassword() throws Exception {
        // The NT hash (MD4 of the UTF-16LE password) of the documented test password.
        byte[] hash = org.negscope.crypto.Ntlm.ntowfv1(org.negscope.crypto.Secret.password(TestData.TEST_PASSWORD.toCharArray())).copyBytes();
        ConnectionReport c = analyze("samba-3.0.2-clean.pcap", AnalysisOptions.withNtHash(hash, null, null));
        assertEquals(SignatureStatus.VALID, c.signature());
    }

    @Test void optionsNeverPrintSecrets() {
        AnalysisOptions o = AnalysisOptions.withPassword("hunter2-secret".toCharArray(), "bob", "CORP");
        assertFalse(o.toString().contains("hunter2"));
        assertTrue(o.toString().contains("password"));
        o.destroy();
        assertTrue(o.passwordOrNtHash().isCleared());
        assertThrows(IllegalArgumentException.class, () -> AnalysisOptions.withNtHash(new byte[15], null, null));
        assertFalse(AnalysisOptions.none().hasCredentials());
    }

    @Test void unreadableFileFailsByDefaultAndCanBeSkipped(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.pcap");
        CaptureException e = assertThrows(CaptureException.class, () ->
                CaptureAnalyzer.analyze(List.of(missing), AnalysisOptions.none(), Progress.NONE, null));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

        List<Path> failed = new ArrayList<>();
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(missing, dir, TestData.capture("samba-3.0.2-clean.pcap")),
                AnalysisOptions.none(), Progress.NONE, new AnalysisListener() {
                    @Override public void captureFailed(Path file, CaptureException ex) { failed.add(file); }
                });
        assertEquals(List.of(missing, dir), failed);
        assertEquals(1, r.captures().size());
        assertEquals(0, r.connections().get(0).capture(), "indexes refer to the captures that were read");
        assertNotNull(r.connections().get(0).negotiateRequest());
    }
}
