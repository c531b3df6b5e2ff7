package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.negscope.capture.Progress;

/**
 * The signature check of every signed message (docs/cli.md, signatureCheck) on the committed Samba captures: with the test password the signature of every signed message (not only
 * the VALIDATE response) is checked, for 2.0.2/2.1 (HMAC-SHA256), 3.0/3.0.2 (AES-128-CMAC) and 3.1.1 (AES-128-GMAC as
 * Samba 4.17 negotiates it in SMB2_SIGNING_CAPABILITIES, keys over the preauth integrity hash). The counts equal the
 * messages tshark shows with SMB2_FLAGS_SIGNED. A wrong password makes every one INVALID with a hint, an altered one is
 * INVALID alone, and one changed byte of the 3.1.1 NEGOTIATE exchange breaks every 3.1.1 signature (the hash covers it).
 */
class SignatureChecksTest {
    @TempDir Path dir;

    static ConnectionReport analyze(Path file, String password) throws Exception {
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(file),
                AnalysisOptions.withPassword(password.toCharArray(), null, null), Progress.NONE, null);
        assertEquals(1, r.connections().size());
        return r.connections().get(0);
    }

    static ConnectionReport analyze(String file, String password) throws Exception {
        return analyze(TestData.capture(file), password);
    }

    /** file, dialect, algorithm, signed messages (tshark -Y smb2.flags.signature==1 counts the same). */
    @ParameterizedTest
    @CsvSource({
        "samba-3.1.1-clean.pcap, 3.1.1, AES-128-GMAC, 25",
        "samba-3.0.2-clean.pcap, 3.0.2, AES-128-CMAC, 29",
        "samba-3.0-clean.pcap, 3.0, AES-128-CMAC, 29",
        "samba-2.1-clean.pcap, 2.1, HMAC-SHA256, 29",
        "samba-2.0.2-clean.pcap, 2.0.2, HMAC-SHA256, 29",
        "samba-3.0.2-default-protection.pcap, 3.0.2, AES-128-CMAC, 9",
        "samba-3.0.2-proxy-split-segments.pcap, 3.0.2, AES-128-CMAC, 29",
    })
    void everySignedMessageOfACleanCaptureIsValid(String file, String dialect, String algorithm, long signed) throws Exception {
        ConnectionReport c = analyze(file, TestData.TEST_PASSWORD);
        SignatureChecks s = c.signatureChecks();
        assertEquals(dialect, c.dialect());
        assertTrue(s.checked());
        assertEquals(algorithm, s.algorithm());
        assertEquals(signed, s.valid(), s.toString());
        assertEquals(0, s.invalid(), s.toString());
        assertEquals(0, s.unverified(), s.toString());
        assertNull(s.credentialsHint());
        assertEquals(signed + " signed messages: " + signed + " VALID, 0 INVALID, 0 UNVERIFIED (" + algorithm + ")", s.text());
        if (!"3.1.1".equals(dialect)) {
            assertEquals(SignatureStatus.VALID, c.signature(), "the VALIDATE response too");
        }
    }

    @Test void threeElevenWithTheSessionKeyInsteadOfThePassword() throws Exception {
        byte[] key = CredentialsTest.sessionKeyOf("samba-3.1.1-clean.pcap");
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(TestData.capture("samba-3.1.1-clean.pcap")),
                AnalysisOptions.withSessionKeys(Map.of(AnalysisOptions.ANY_SESSION, key)), Progress.NONE, null);
        SignatureChecks s = r.connections().get(0).signatureChecks();
        assertEquals(25, s.valid(), s.toString());
        assertEquals(0, s.invalid() + s.unverified());
    }

    @ParameterizedTest
    @CsvSource({"samba-3.1.1-clean.pcap, 25", "samba-3.0.2-clean.pcap, 29", "samba-3.0-clean.pcap, 29", "samba-2.1-clean.pcap, 29"})
    void wrongPasswordMakesEverySignatureInvalidWithAHint(String file, long signed) throws Exception {
        String wrong = "Not-The-Password-42";
        ConnectionReport c = analyze(file, wrong);
        SignatureChecks s = c.signatureChecks();
        assertEquals(0, s.valid(), s.toString());
        assertEquals(signed, s.invalid(), s.toString());
        assertEquals(11, s.firstInvalidFrame(), "the final SESSION_SETUP response is the first signed message");
        assertNotEquals(s.firstInvalidExpected(), s.firstInvalidFound());
        assertNotNull(s.credentialsHint());
        assertTrue(s.credentialsHint().contains("password does not match") && s.credentialsHint().contains("may be wrong"),
                s.credentialsHint());
        assertFalse(s.toString().contains(wrong) || c.summary().contains(wrong));
        if (!file.contains("3.1.1")) {
            // The VALIDATE response is not called forged for a wrong password: unverified, with the same hint.
            assertEquals(Verdict.VALIDATED, c.verdict());
            assertFalse(c.fatal());
            assertEquals(SignatureStatus.UNVERIFIED, c.signature());
            assertTrue(c.summary().contains("may be wrong"), c.summary());
            assertEquals(32, s.validateExpected().length());
            assertNotEquals(s.validateExpected(), s.validateFound());
        }
    }

    @Test void alteredValidateResponseIsTheOnlyInvalidMessage() throws Exception {
        ConnectionReport c = analyze("samba-3.0.2-corrupt-validate-sig.pcap", TestData.TEST_PASSWORD);
        SignatureChecks s = c.signatureChecks();
        assertEquals(Verdict.SIGNATURE_INVALID, c.verdict());
        assertEquals(4, s.valid(), s.toString());
        assertEquals(1, s.invalid(), s.toString());
        assertEquals(c.frames().validateResponse(), s.firstInvalidFrame());
        assertNull(s.credentialsHint(), "the other signatures verify: the credentials are right");
        String found = HexFormat.of().formatHex(c.validateResponse().header().signature());
        assertEquals(found, s.validateFound());
        assertEquals(found, s.firstInvalidFound());
        assertEquals(s.validateExpected(), s.firstInvalidExpected());
        // The proxy flipped bit 0 of Signature[0] (releng/captures/README.md).
        byte[] e = HexFormat.of().parseHex(s.validateExpected());
        byte[] f = HexFormat.of().parseHex(s.validateFound());
        assertEquals(1, e[0] ^ f[0]);
        for (int i = 1; i < 16; i++) {
            assertEquals(e[i], f[i], "byte " + i);
        }
        assertTrue(c.summary().contains("expected " + s.validateExpected() + ", found " + found), c.summary());
    }

    /** The 3.1.1 keys hash the NEGOTIATE exchange: one changed ServerGuid byte there, and no signature verifies. */
    @Test void threeElevenPreauthHashCoversTheNegotiateResponse() throws Exception {
        byte[] d = Files.readAllBytes(TestData.capture("samba-3.1.1-clean.pcap"));
        // ServerGuid 7367656e-6f63-6570-7372-760000000000 on the wire ("negscopesrv" + 5 zero bytes), only in NEGOTIATE.
        byte[] guid = "negscopesrv\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
        int at = ByteSearch.indexOf(d, guid);
        assertTrue(at > 0, "the capture carries the ServerGuid");
        assertEquals(-1, ByteSearch.indexOf(d, guid, at + 1), "once");
        d[at + 15] ^= 1;
        Path changed = Files.write(dir.resolve("311-guid.pcap"), d);
        SignatureChecks s = analyze(changed, TestData.TEST_PASSWORD).signatureChecks();
        assertEquals(0, s.valid(), s.toString());
        assertEquals(25, s.invalid(), s.toString());

        // The same change on 3.0.2 leaves every signature valid: its keys do not depend on NEGOTIATE.
        byte[] d302 = Files.readAllBytes(TestData.capture("samba-3.0.2-clean.pcap"));
        int at302 = ByteSearch.indexOf(d302, guid);
        d302[at302 + 15] ^= 1;
        SignatureChecks s302 = analyze(Files.write(dir.resolve("302-guid.pcap"), d302), TestData.TEST_PASSWORD).signatureChecks();
        assertEquals(29, s302.valid(), s302.toString());
    }

    @Test void encryptedThreeZeroIsDecryptedAndCounted() throws Exception {
        for (String file : List.of("samba-3.0-encrypted.pcap", "samba-3.0.2-encrypted.pcap")) {
            ConnectionReport c = analyze(file, TestData.TEST_PASSWORD);
            SignatureChecks s = c.signatureChecks();
            assertEquals(Verdict.VALIDATED, c.verdict(), file);
            assertEquals(28, s.encrypted(), file);
            assertEquals(28, s.decrypted(), file);
            assertEquals(1, s.valid(), "only the final SESSION_SETUP response travels signed in the clear");
            assertTrue(s.text().endsWith("28 of 28 encrypted messages decrypted"), s.text());

            ConnectionReport wrong = analyze(file, "Not-The-Password-42");
            assertEquals(Verdict.ENCRYPTED, wrong.verdict(), file);
            assertEquals(0, wrong.signatureChecks().decrypted());
            assertTrue(wrong.summary().contains("may be wrong"), wrong.summary());
        }
    }

    /**
     * smbclient -m SMB3_11 --client-protection=encrypt: Samba chose AES-128-GCM and AES-128-GMAC; the decryption keys
     * derive over the session's preauth hash, so decrypting every TRANSFORM message proves the hash and the cipher.
     */
    @Test void encryptedThreeElevenIsDecryptedWithTheNegotiatedCipher() throws Exception {
        ConnectionReport c = analyze("samba-3.1.1-encrypted.pcap", TestData.TEST_PASSWORD);
        SignatureChecks s = c.signatureChecks();
        assertEquals(24, s.encrypted());
        assertEquals(24, s.decrypted());
        assertEquals(1, s.valid(), "the final SESSION_SETUP response, signed with AES-128-GMAC");
        assertEquals("AES-128-GMAC", s.algorithm());
        assertTrue(c.timelineEvents().stream().anyMatch(e -> e.text().startsWith("TREE_CONNECT response")
                && e.text().contains("decrypted")), "what was inside is analysed");

        ConnectionReport without = CaptureAnalyzer.analyze(List.of(TestData.capture("samba-3.1.1-encrypted.pcap")),
                AnalysisOptions.none(), Progress.NONE, null).connections().get(0);
        assertFalse(without.timelineEvents().stream().anyMatch(e -> e.text().startsWith("TREE_CONNECT")), "hidden without keys");

        SignatureChecks wrong = analyze("samba-3.1.1-encrypted.pcap", "Not-The-Password-42").signatureChecks();
        assertEquals(0, wrong.decrypted());
        assertEquals(1, wrong.invalid());
        assertTrue(wrong.credentialsHint().contains("may be wrong"), wrong.credentialsHint());
    }

    @Test void withoutCredentialsNothingIsChecked() throws Exception {
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(TestData.capture("samba-3.1.1-clean.pcap")), AnalysisOptions.none(),
                Progress.NONE, null);
        SignatureChecks s = r.connections().get(0).signatureChecks();
        assertFalse(s.checked());
        assertEquals(SignatureChecks.NONE, s);
        assertEquals("", s.text());
    }

    /** The capture starts after NEGOTIATE: no dialect, so every signature stays unverified with the reason. */
    @Test void cutCaptureSaysWhyNothingCouldBeChecked() throws Exception {
        SignatureChecks s = analyze("samba-3.0.2-cut-start-after-negotiate.pcap", TestData.TEST_PASSWORD).signatureChecks();
        assertEquals(29, s.unverified(), s.toString());
        assertEquals(0, s.valid() + s.invalid());
        assertTrue(s.firstUnverifiedReason().contains("NEGOTIATE response"), s.firstUnverifiedReason());
    }

    /** Byte search for the tests above. */
    static final class ByteSearch {
        static int indexOf(byte[] hay, byte[] needle) {
            return indexOf(hay, needle, 0);
        }

        static int indexOf(byte[] hay, byte[] needle, int from) {
            outer:
            for (int i = from; i <= hay.length - needle.length; i++) {
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
}
