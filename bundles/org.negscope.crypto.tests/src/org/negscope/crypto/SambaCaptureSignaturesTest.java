package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end on real Samba traffic: the committed loopback captures made by
 * releng/scripts/make-captures.sh (smbclient ↔ smbd 4.17, NTLMv2, signing on). From the password
 * and the captured NEGOTIATE/SESSION_SETUP messages alone, derive the session key (and the preauth
 * hash for 3.1.1), then check the signature of every signed message of the session — including
 * the FSCTL_VALIDATE_NEGOTIATE_INFO response on 2.0.2–3.0.2, the message NegScope exists to judge.
 * Every signing algorithm: HMAC-SHA256 (2.0.2, 2.1), AES-128-CMAC (3.0, 3.0.2), AES-128-GMAC
 * (3.1.1, negotiated in SMB2_SIGNING_CAPABILITIES).
 */
class SambaCaptureSignaturesTest {

    /** The fixed test password of make-captures.sh (documented test data, not a secret). */
    static final String PASSWORD = "NegScope-Test-1";

    static final int NEGOTIATE = 0x0000;
    static final int SESSION_SETUP = 0x0001;
    static final int IOCTL = 0x000B;
    static final long STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016L;
    static final long FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204L;

    /** Where the captures are; -Dnegscope.captures=DIR points elsewhere (e.g. a fresh run). */
    static Path captures() {
        String dir = System.getProperty("negscope.captures");
        return dir != null ? Path.of(dir) : TestData.relengCapture("");
    }

    static Path capture(String name) throws IOException {
        Path dir = captures();
        Path p = dir.resolve(name);
        // The captures are committed (releng/captures); a missing one is a failure, not a skip.
        if (!Files.exists(p)) {
            fail(p + " is missing (regenerate with releng/scripts/make-captures.sh)");
        }
        return p;
    }

    /** What the captured session yields from the password. */
    record Session(int dialect, SigningAlgorithm algorithm, long sessionId, NtlmSessionKey key, Secret signingKey,
            List<CapturedSmb2.Message> messages) {
    }

    static Session session(Path pcap, String password) throws IOException {
        List<CapturedSmb2.Message> all = CapturedSmb2.read(pcap);
        CapturedSmb2.Message negReq = first(all, NEGOTIATE, false);
        CapturedSmb2.Message negResp = first(all, NEGOTIATE, true);
        byte[] r = negResp.bytes();
        int dialect = Bytes.u16(r, 64 + 4);
        int signingId = -1;
        if (dialect == Dialects.SMB_3_1_1) {
            int count = Bytes.u16(r, 64 + 6);
            int off = (int) Bytes.u32(r, 64 + 60);
            for (int i = 0; i < count; i++) {
                int type = Bytes.u16(r, off);
                int len = Bytes.u16(r, off + 2);
                if (type == 0x0008) { // SMB2_SIGNING_CAPABILITIES: count, then the chosen id
                    signingId = Bytes.u16(r, off + 8 + 2);
                }
                off = (off + 8 + len + 7) & ~7;
            }
        }
        SigningAlgorithm algorithm = SigningAlgorithm.forDialect(dialect, signingId);

        // SESSION_SETUP round trips until the first success response.
        List<CapturedSmb2.Message> setup = new ArrayList<>();
        CapturedSmb2.Message finalResponse = null;
        for (CapturedSmb2.Message m : all) {
            if (m.command() != SESSION_SETUP) {
                continue;
            }
            if (m.isResponse() && m.status() == 0) {
                finalResponse = m;
                break;
            }
            setup.add(m);
        }
        assertNotNull(finalResponse, "no successful SESSION_SETUP response in " + pcap);
        byte[] challenge = null;
        byte[] authenticate = null;
        for (CapturedSmb2.Message m : setup) {
            if (m.isResponse() && m.status() == STATUS_MORE_PROCESSING_REQUIRED) {
                challenge = WindowsSmb311Exchange.ntlmssp(m.bytes());
            } else if (!m.isResponse()) {
                byte[] ntlm = WindowsSmb311Exchange.ntlmssp(m.bytes());
                if (Bytes.u32(ntlm, 8) == 3) {
                    authenticate = ntlm;
                }
            }
        }
        assertNotNull(challenge, "no NTLM CHALLENGE in " + pcap);
        assertNotNull(authenticate, "no NTLM AUTHENTICATE in " + pcap);
        NtlmSessionKey key = Ntlm.sessionKeyFromAuthenticate(
                new String(WindowsSmb311Exchange.field(authenticate, 36), java.nio.charset.StandardCharsets.UTF_16LE),
                new String(WindowsSmb311Exchange.field(authenticate, 28), java.nio.charset.StandardCharsets.UTF_16LE),
                Secret.password(password.toCharArray()), Arrays.copyOfRange(challenge, 24, 32),
                WindowsSmb311Exchange.field(authenticate, 20), WindowsSmb311Exchange.field(authenticate, 52),
                (int) Bytes.u32(authenticate, 60));

        byte[] preauth = null;
        if (dialect == Dialects.SMB_3_1_1) {
            PreauthIntegrity h = new PreauthIntegrity().update(negReq.bytes()).update(negResp.bytes()).copy();
            for (CapturedSmb2.Message m : setup) {
                h.update(m.bytes());
            }
            preauth = h.value();
        }
        Secret signingKey = key.exportedSessionKey() == null ? null
                : SigningKeys.signingKey(dialect, key.exportedSessionKey(), preauth);
        long sid = finalResponse.sessionId();
        List<CapturedSmb2.Message> signed = all.stream().filter(m -> m.isSigned() && m.sessionId() == sid).toList();
        return new Session(dialect, algorithm, sid, key, signingKey, signed);
    }

    private static CapturedSmb2.Message first(List<CapturedSmb2.Message> all, int command, boolean response) {
        // The last NEGOTIATE pair before SESSION_SETUP counts (an SMB1 negotiate may come first,
        // but it is not an SMB2 message and the reader does not return it).
        return all.stream().filter(m -> m.command() == command && m.isResponse() == response).findFirst()
                .orElseThrow(() -> new AssertionError("no " + (response ? "response" : "request") + " for command " + command));
    }

    @ParameterizedTest
    @CsvSource({
        "samba-2.0.2-clean.pcap, 0x0202, HMAC_SHA256,  true",
        "samba-2.1-clean.pcap,   0x0210, HMAC_SHA256,  true",
        "samba-3.0-clean.pcap,   0x0300, AES_128_CMAC, true",
        "samba-3.0.2-clean.pcap, 0x0302, AES_128_CMAC, true",
        "samba-3.1.1-clean.pcap, 0x0311, AES_128_GMAC, false",
    })
    void everySignedMessageOfTheSessionVerifies(String file, String dialectHex, SigningAlgorithm expectedAlgorithm,
            boolean hasValidate) throws IOException {
        Session s = session(capture(file), PASSWORD);
        assertEquals(Integer.decode(dialectHex), s.dialect());
        assertEquals(expectedAlgorithm, s.algorithm());
        assertTrue(s.key().usable(), String.valueOf(s.key().problem()));
        assertTrue(s.messages().size() >= 4, "only " + s.messages().size() + " signed messages");
        boolean validateResponseSeen = false;
        for (CapturedSmb2.Message m : s.messages()) {
            SignatureCheck c = Smb2Signer.verify(m.bytes(), 0, m.bytes().length, s.signingKey(), s.algorithm());
            assertEquals(SignatureCheck.Status.VALID, c.status(), file + " frame " + m.frame() + ": " + c);
            if (m.command() == IOCTL && m.isResponse() && Bytes.u32(m.bytes(), 64 + 4) == FSCTL_VALIDATE_NEGOTIATE_INFO) {
                validateResponseSeen = true;
            }
        }
        assertEquals(hasValidate, validateResponseSeen, "signed VALIDATE_NEGOTIATE_INFO response in " + file);
    }

    @ParameterizedTest
    @CsvSource({"samba-2.1-clean.pcap", "samba-3.0.2-clean.pcap", "samba-3.1.1-clean.pcap"})
    void oneFlippedByteMakesTheSignatureInvalid(String file) throws IOException {
        Session s = session(capture(file), PASSWORD);
        CapturedSmb2.Message last = s.messages().get(s.messages().size() - 1);
        for (int pos : new int[] {12, 24, 64, last.bytes().length - 1}) {
            byte[] m = last.bytes().clone();
            m[pos] ^= 0x01;
            SignatureCheck c = Smb2Signer.verify(m, 0, m.length, s.signingKey(), s.algorithm());
            assertEquals(SignatureCheck.Status.INVALID, c.status(), file + " byte " + pos);
            assertFalse(c.expectedHex().equals(c.foundHex()));
        }
    }

    @ParameterizedTest
    @CsvSource({"samba-2.1-clean.pcap", "samba-3.0.2-clean.pcap", "samba-3.1.1-clean.pcap"})
    void aWrongPasswordIsDetectedAndVerifiesNothing(String file) throws IOException {
        Session s = session(capture(file), "NegScope-Test-2");
        assertFalse(s.key().proofMatches());
        assertTrue(s.key().problem().startsWith("the password does not match the NTLMv2 response of user "),
                s.key().problem());
        for (CapturedSmb2.Message m : s.messages()) {
            assertEquals(SignatureCheck.Status.INVALID,
                    Smb2Signer.verify(m.bytes(), 0, m.bytes().length, s.signingKey(), s.algorithm()).status());
        }
    }

    /**
     * The VALIDATE_NEGOTIATE_INFO response as the client received it, through the rewriting proxy
     * of make-captures.sh: re-signed after a rewrite (VALID — a middlebox with the key), signed
     * error answers (VALID), or its signature corrupted on purpose (INVALID, and only that message).
     * Found by the MessageId of the IOCTL request carrying FSCTL_VALIDATE_NEGOTIATE_INFO, since an
     * error response has no CtlCode.
     */
    @ParameterizedTest
    @CsvSource({
        "samba-3.0.2-clean.pcap,                  VALID",
        "samba-3.0.2-proxy-split-segments.pcap,   VALID",
        "samba-3.0.2-resp-guid.pcap,              VALID",
        "samba-3.0.2-strip-resp-caps.pcap,        VALID",
        "samba-3.0.2-validate-not-supported.pcap, VALID",
        "samba-3.0.2-validate-access-denied.pcap, VALID",
        "samba-3.0.2-corrupt-validate-sig.pcap,   INVALID",
    })
    void validateResponseSignatureThroughTheProxy(String file, SignatureCheck.Status expected) throws IOException {
        Session s = session(capture(file), PASSWORD);
        assertTrue(s.key().usable(), String.valueOf(s.key().problem()));
        CapturedSmb2.Message request = s.messages().stream()
                .filter(m -> m.command() == IOCTL && !m.isResponse() && Bytes.u32(m.bytes(), 64 + 4) == FSCTL_VALIDATE_NEGOTIATE_INFO)
                .findFirst().orElseThrow(() -> new AssertionError("no signed VALIDATE request in " + file));
        long messageId = Bytes.u64(request.bytes(), 24);
        CapturedSmb2.Message response = s.messages().stream()
                .filter(m -> m.command() == IOCTL && m.isResponse() && Bytes.u64(m.bytes(), 24) == messageId)
                .findFirst().orElseThrow(() -> new AssertionError("no signed VALIDATE response in " + file));
        for (CapturedSmb2.Message m : s.messages()) {
            SignatureCheck c = Smb2Signer.verify(m.bytes(), 0, m.bytes().length, s.signingKey(), s.algorithm());
            SignatureCheck.Status want = m == response ? expected : SignatureCheck.Status.VALID;
            assertEquals(want, c.status(), file + " frame " + m.frame() + ": " + c);
        }
    }
}
