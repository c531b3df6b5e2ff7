package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.negscope.capture.Progress;
import org.negscope.crypto.Keytab;

/**
 * Real Kerberos SMB sessions (smbclient against a Samba AD DC on loopback, releng/captures/kerberos, made by
 * releng/scripts/make-kerberos-captures.sh; some through the rewriting proxy) checked against that directory's
 * EXPECTED.tsv: with the domain's keytab every signed message must verify (VALID, or INVALID exactly where the proxy
 * flipped a signature), SMB3 encryption must be decrypted and the verdict proven; without it signatures stay
 * UNVERIFIED; with a keytab that lacks the service key they stay unproven and the note names what the ticket needs.
 * The directory can be replaced by a regenerated set with -Dnegscope.kerberos.captures=DIR (CI stage 2).
 */
class KerberosCapturesTest {

    static Path dir() {
        String override = System.getProperty("negscope.kerberos.captures");
        return override != null && !override.isBlank() ? Path.of(override) : TestData.repoRoot().resolve("releng/captures/kerberos");
    }

    static Stream<TestData.Expected> rows() {
        return TestData.expected(dir().resolve("EXPECTED.tsv")).stream();
    }

    static Keytab keytab(String name) {
        try {
            return Keytab.parse(Files.readAllBytes(dir().resolve(name)), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConnectionReport only(String file, AnalysisOptions options) throws Exception {
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(dir().resolve(file)), options, Progress.NONE, null);
        assertEquals(1, r.connections().size(), file + ": one connection expected");
        return r.connections().get(0);
    }

    @Test void expectedTableIsThere() {
        assertTrue(rows().count() >= 10, dir() + "/EXPECTED.tsv lists the Kerberos cases");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void withoutKeytab(TestData.Expected e) throws Exception {
        ConnectionReport c = only(e.file(), AnalysisOptions.none());
        String what = e.file() + ": " + c.summary();
        assertEquals(e.verdictWithoutPassword(), c.verdict().name(), what);
        assertEquals(e.differences(), SambaCapturesTest.sideFields(c), what);
        boolean hidden = e.verdictWithoutPassword().equals("ENCRYPTED");
        String sig = hidden ? "NONE" : switch (e.signature()) {
            case "VALID", "INVALID" -> "UNVERIFIED";
            default -> e.signature();
        };
        assertEquals(sig, c.signature().name(), what);
        SambaCapturesTest.assertFrames(e, c, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void withKeytab(TestData.Expected e) throws Exception {
        AnalysisOptions o = AnalysisOptions.withKeytab(keytab("negscope-test.keytab"));
        ConnectionReport c = only(e.file(), o);
        String what = e.file() + ": " + c.summary() + " / " + c.signatureChecks().text();
        assertEquals(e.verdict(), c.verdict().name(), what);
        assertEquals(e.fatal(), c.fatal(), what);
        assertEquals(e.differences(), SambaCapturesTest.sideFields(c), what);
        assertEquals(e.signature(), c.signature().name(), what);
        SambaCapturesTest.assertFrames(e, c, e.verdictWithoutPassword().equals("ENCRYPTED"));
        SignatureChecks s = c.signatureChecks();
        assertTrue(s.checked(), what);
        assertEquals(0, s.unverified(), what + ": " + s.firstUnverifiedReason());
        assertTrue(s.valid() > 0 || s.decrypted() > 0, what);
        if (e.signature().equals("INVALID")) {
            // The proxy flipped one bit of the VALIDATE response's signature, nothing else.
            assertEquals(1, s.invalid(), what);
            assertEquals(e.valResp(), s.firstInvalidFrame(), what);
        } else {
            assertEquals(0, s.invalid(), what);
        }
        assertEquals(s.encrypted(), s.decrypted(), what);
        if (e.file().contains("encrypted")) {
            assertTrue(s.encrypted() > 0, what);
        }
        o.destroy();
    }

    /** A keytab with the user's keys only, or the service's principal with a wrong key: unproven, and the note says why. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void withAKeytabThatCannotOpenTheTicket(TestData.Expected e) throws Exception {
        for (String kt : List.of("user-only.keytab", "wrong.keytab")) {
            ConnectionReport c = only(e.file(), AnalysisOptions.withKeytab(keytab(kt)));
            SignatureChecks s = c.signatureChecks();
            String what = e.file() + " with " + kt + ": " + c.summary() + " / " + s.text();
            assertEquals(e.verdictWithoutPassword(), c.verdict().name(), what);
            assertEquals(0, s.valid() + s.invalid() + s.decrypted(), what);
            // Signed sessions say it for each unverified message, encrypted ones in the ENCRYPTED summary.
            String reason = s.firstUnverifiedReason() + " | " + c.summary();
            assertTrue(reason.contains("the ticket for cifs/dc1.negscope.test@NEGSCOPE.TEST is encrypted with"
                    + " aes256-cts-hmac-sha1-96 kvno 1; "), what + " / " + reason);
            assertTrue(reason.contains(kt + " holds "), reason);
            assertFalse(reason.matches(".*[0-9a-f]{16}.*"), "no key bytes in " + reason);
        }
    }
}
