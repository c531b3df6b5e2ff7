package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.negscope.capture.Progress;
import org.negscope.smb2.Smb2Message;

/**
 * The VALIDATE response's signature check carried by the report ({@link ConnectionReport#validateSignature()}), on the
 * real Samba and Kerberos captures of releng/captures against their EXPECTED.tsv: with the test password or the keytab
 * the check is VALID, or INVALID where the proxy altered the signature (samba-3.0.2-corrupt-validate-sig,
 * krb-3.0.2-corrupt-validate-sig), with the signature the response really carries (read here from the message's own
 * header bytes); without credentials nothing is checked; an unsigned response (samba-3.0.2-unsign-validate-resp) is
 * said to be unsigned; an encrypted one to be encrypted. The check survives packing (what the workbench shows for a
 * packed connection).
 */
class ValidateSignatureTest {

    static Stream<TestData.Expected> samba() {
        return SambaCapturesTest.rows();
    }

    static Stream<TestData.Expected> kerberos() {
        return KerberosCapturesTest.rows();
    }

    private static AnalysisOptions password() {
        return AnalysisOptions.withPassword(TestData.TEST_PASSWORD.toCharArray(), null, null);
    }

    /** The Signature field of the message's SMB2 header (MS-SMB2 2.2.1.2: its last 16 bytes), in hex. */
    private static String signatureField(Smb2Message m) {
        byte[] b = m.bytes();
        return HexFormat.of().formatHex(Arrays.copyOfRange(b, 48, 64));
    }

    /** A signed response checked with the key: {@code want}, with the signature its header really carries. */
    private static void assertSigned(SignatureStatus want, ConnectionReport c, String what) {
        ValidateSignature v = c.validateSignature();
        assertTrue(v.signed(), what);
        assertEquals(want, v.check(), what);
        assertEquals(signatureField(c.validateResponse()), v.found(), what);
    }

    /** What EXPECTED.tsv's signature column says about the check with credentials. */
    private static void assertWithCredentials(TestData.Expected e, ConnectionReport c, boolean encryptedCapture) {
        ValidateSignature v = c.validateSignature();
        String what = e.file() + ": " + c.summary() + " / " + v;
        if (c.frames().validateResponse() == 0) {
            assertSame(ValidateSignature.NONE, v, what);
            return;
        }
        if (encryptedCapture) {
            assertTrue(v.encrypted(), what);
            assertFalse(v.checked(), "an encrypted response is authenticated by decryption, not checked: " + what);
            return;
        }
        assertTrue(v.response(), what);
        assertFalse(v.encrypted(), what);
        switch (e.signature()) {
            case "UNSIGNED" -> {
                assertFalse(v.signed(), what);
                assertFalse(v.checked(), what);
            }
            case "VALID" -> {
                assertSigned(SignatureStatus.VALID, c, what);
                assertEquals(v.found(), v.expected(), what);
                assertEquals(c.signatureChecks().algorithm(), v.algorithm(), what);
                assertNull(v.reason(), what);
            }
            case "INVALID" -> {
                assertSigned(SignatureStatus.INVALID, c, what);
                assertNotEquals(v.found(), v.expected(), what);
                // the same two signatures as the JSON's signatureCheck and the summary
                assertEquals(c.signatureChecks().validateExpected(), v.expected(), what);
                assertEquals(c.signatureChecks().validateFound(), v.found(), what);
                assertTrue(c.summary().contains(v.expected()), what);
            }
            case "UNVERIFIED" -> {
                // with credentials only where the capture lacks what the key needs (e.g. it starts after NEGOTIATE)
                assertTrue(v.signed(), what);
                assertEquals(SignatureStatus.UNVERIFIED, v.check(), what);
                assertNotNull(v.reason(), what);
                assertTrue(c.summary().contains("capture") || !c.missing().isEmpty(), what);
                assertNull(v.expected(), what);
            }
            default -> throw new AssertionError("EXPECTED.tsv signature " + e.signature() + " with a response: " + what);
        }
    }

    /** Without credentials nothing is checked; the response is still said to be signed (or not). */
    private static void assertWithout(TestData.Expected e, ConnectionReport c) {
        ValidateSignature v = c.validateSignature();
        String what = e.file() + ": " + c.summary() + " / " + v;
        assertFalse(v.checked(), what);
        assertNull(v.expected(), what);
        if (c.frames().validateResponse() == 0) {
            assertSame(ValidateSignature.NONE, v, what);
        } else if (c.signature() != SignatureStatus.NONE) { // NONE: hidden in encryption, no response seen
            assertEquals(c.signature() != SignatureStatus.UNSIGNED, v.signed(), what);
            assertEquals(c.validateResponse().header().isSigned(), v.signed(), what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samba")
    void sambaWithPassword(TestData.Expected e) throws Exception {
        ConnectionReport c = SambaCapturesTest.only(e.file(), password());
        assertWithCredentials(e, c, e.verdictWithoutPassword().equals("ENCRYPTED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samba")
    void sambaWithoutPassword(TestData.Expected e) throws Exception {
        assertWithout(e, SambaCapturesTest.only(e.file(), AnalysisOptions.none()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerberos")
    void kerberosWithKeytab(TestData.Expected e) throws Exception {
        ConnectionReport c = KerberosCapturesTest.only(e.file(),
                AnalysisOptions.withKeytab(KerberosCapturesTest.keytab("negscope-test.keytab")));
        assertWithCredentials(e, c, e.verdictWithoutPassword().equals("ENCRYPTED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerberos")
    void kerberosWithoutKeytab(TestData.Expected e) throws Exception {
        assertWithout(e, KerberosCapturesTest.only(e.file(), AnalysisOptions.none()));
    }

    /** The cases the tables must hold, so that the parameterised tests above cannot pass on an empty or shrunk table. */
    @Test void theTablesHoldEveryKind() {
        List<String> samba = samba().map(TestData.Expected::signature).toList();
        assertTrue(samba.contains("VALID") && samba.contains("INVALID") && samba.contains("UNSIGNED") && samba.contains("UNVERIFIED"),
                samba.toString());
        List<String> krb = kerberos().map(TestData.Expected::signature).toList();
        assertTrue(krb.contains("VALID") && krb.contains("INVALID"), krb.toString());
    }

    /**
     * A key that is not the session's makes every signed message INVALID: the check says INVALID, the analysis' judgement
     * stays UNVERIFIED (it is the key, not the server, that is suspect), and both are in the report.
     */
    @Test void aWrongSessionKeyIsCheckedInvalidButJudgedUnverified() throws Exception {
        byte[] key = new byte[16];
        Arrays.fill(key, (byte) 0x5a);
        ConnectionReport c = CredentialsTest.analyze("samba-3.0.2-clean.pcap",
                AnalysisOptions.withSessionKeys(Map.of(AnalysisOptions.ANY_SESSION, key)));
        ValidateSignature v = c.validateSignature();
        assertEquals(SignatureStatus.UNVERIFIED, c.signature(), c.summary());
        assertEquals(SignatureStatus.INVALID, v.check(), v.toString());
        assertEquals(signatureField(c.validateResponse()), v.found());
        assertNotNull(c.signatureChecks().credentialsHint(), c.signatureChecks().toString());
    }

    /**
     * A wrong password yields a key that signs nothing of the session: the check is INVALID, the judgement UNVERIFIED with
     * the reason in the summary; neither holds the password.
     */
    @Test void aWrongPasswordIsCheckedInvalidButJudgedUnverified() throws Exception {
        String wrong = "Not-The-Password-42";
        ConnectionReport c = CredentialsTest.analyze("samba-3.0.2-clean.pcap", AnalysisOptions.withPassword(wrong.toCharArray(), null, null));
        ValidateSignature v = c.validateSignature();
        assertEquals(SignatureStatus.UNVERIFIED, c.signature(), c.summary());
        assertEquals(SignatureStatus.INVALID, v.check(), v.toString());
        assertEquals(signatureField(c.validateResponse()), v.found());
        assertTrue(c.summary().contains("password does not match"), c.summary());
        assertFalse(v.toString().contains(wrong));
    }

    /** A session without the key: UNVERIFIED with the reason (Kerberos with a keytab that lacks the service key). */
    @Test void aKeytabWithoutTheServiceKeyIsUnverifiedWithTheReason() throws Exception {
        String userOnly = "user-only.keytab"; // the user's keys only (releng/captures/kerberos/README.md)
        ConnectionReport c = KerberosCapturesTest.only("krb-3.0.2-signed.pcap", AnalysisOptions.withKeytab(KerberosCapturesTest.keytab(userOnly)));
        ValidateSignature v = c.validateSignature();
        assertEquals(SignatureStatus.UNVERIFIED, v.check(), userOnly + ": " + v);
        assertNotNull(v.reason());
        assertTrue(v.reason().contains("ticket") || v.reason().contains("keytab"), v.reason());
        assertNull(v.expected());
        assertNull(v.found());
        assertEquals("UNVERIFIED: " + v.reason(), v.text());
    }

    /** Packed reports (plain `analyze`, and the workbench's store) keep the check although the message is dropped. */
    @Test void packingKeepsTheCheck() throws Exception {
        for (String f : List.of("samba-3.0.2-clean.pcap", "samba-3.0.2-corrupt-validate-sig.pcap", "samba-3.0.2-unsign-validate-resp.pcap",
                "samba-3.0.2-encrypted.pcap")) {
            AnalysisResult full = CaptureAnalyzer.analyze(List.of(TestData.capture(f)), password(), Progress.NONE, null, ReportDetail.FULL);
            AnalysisResult compact = CaptureAnalyzer.analyze(List.of(TestData.capture(f)), password(), Progress.NONE, null,
                    ReportDetail.COMPACT);
            ConnectionReport a = full.connections().get(0), b = compact.connections().get(0);
            assertNull(b.validateResponse(), f + ": the packed report has no messages");
            assertEquals(a.validateSignature(), b.validateSignature(), f);
            assertNotEquals(ValidateSignature.NONE, b.validateSignature(), f);
            CompactReports store = new CompactReports();
            assertEquals(a.validateSignature(), store.get(store.add(a)).validateSignature(), f);
        }
    }
}
