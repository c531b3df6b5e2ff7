package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.negscope.crypto.TestData.hex;
import static org.negscope.crypto.WindowsSmb311Exchange.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * End to end on Microsoft's published Windows SMB 3.1.1 exchange ({@link WindowsSmb311Exchange}):
 * password → NTLMv2 session key → preauth integrity hash → signing key → the signature Windows put
 * on the final SESSION_SETUP response. Each step is checked against the value the post prints.
 */
class WindowsSmb311ExchangeTest {

    private static final byte[] CHALLENGE = ntlmssp(SESSION_SETUP_RESPONSE_1);
    private static final byte[] AUTHENTICATE = ntlmssp(SESSION_SETUP_REQUEST_2);

    private static Secret password() {
        return Secret.password(PASSWORD.toCharArray());
    }

    private static NtlmSessionKey sessionKey(Secret credential) {
        return Ntlm.sessionKeyFromAuthenticate(
                utf16(field(AUTHENTICATE, 36)), utf16(field(AUTHENTICATE, 28)), credential,
                Arrays.copyOfRange(CHALLENGE, 24, 32), field(AUTHENTICATE, 20), field(AUTHENTICATE, 52),
                (int) Bytes.u32(AUTHENTICATE, 60));
    }

    private static String utf16(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_16LE);
    }

    @Test
    void messagesAreWhereTheBlogSaysTheyAre() {
        assertEquals(40, ntlmssp(SESSION_SETUP_REQUEST_1).length);
        assertEquals(148, CHALLENGE.length);
        assertEquals(422, AUTHENTICATE.length);
        assertEquals(USER, utf16(field(AUTHENTICATE, 36)));
        assertEquals(DOMAIN, utf16(field(AUTHENTICATE, 28)));
        assertEquals("0d1d8ba31179d008", hex(Arrays.copyOfRange(CHALLENGE, 24, 32)));
        assertEquals(AUTHENTICATE_FLAGS, (int) Bytes.u32(AUTHENTICATE, 60));
        assertEquals(238, field(AUTHENTICATE, 20).length);
    }

    @Test
    void passwordGivesTheHashesOfTheWalkThrough() {
        try (Secret nt = Ntlm.ntowfv1(password()); Secret v2 = Ntlm.ntowfv2(nt, USER, DOMAIN)) {
            assertEquals(NT_HASH.toLowerCase(), hex(nt.copyBytes()));
            assertEquals(NTOWFV2.toLowerCase(), hex(v2.copyBytes()));
            byte[] nt2 = field(AUTHENTICATE, 20);
            byte[] proof = Ntlm.ntProofStr(v2, Arrays.copyOfRange(CHALLENGE, 24, 32), Arrays.copyOfRange(nt2, 16, nt2.length));
            assertEquals("63078eb639fe03e20a231c3ae3bf2308", hex(proof));
            assertEquals(KEY_EXCHANGE_KEY.toLowerCase(), hex(Ntlm.keyExchangeKey(Ntlm.sessionBaseKey(v2, proof)).copyBytes()));
        }
    }

    @Test
    void passwordAndMessagesGiveTheGssSessionKey() {
        NtlmSessionKey k = sessionKey(password());
        assertTrue(k.usable(), String.valueOf(k.problem()));
        assertEquals(DOMAIN, k.domainUsed());
        assertEquals(SESSION_KEY.toLowerCase(), hex(k.exportedSessionKey().copyBytes()));
    }

    @Test
    void micCoversAllThreeNtlmMessages() {
        byte[] negotiate = ntlmssp(SESSION_SETUP_REQUEST_1);
        byte[] mic = Ntlm.mic(Secret.fromHex(SESSION_KEY), negotiate, CHALLENGE, AUTHENTICATE, Ntlm.AUTHENTICATE_MIC_OFFSET);
        assertEquals(MIC.toLowerCase(), hex(mic));
        assertArrayEquals(mic, Arrays.copyOfRange(AUTHENTICATE, 72, 88), "the MIC field of the message");
        byte[] changed = CHALLENGE.clone();
        changed[24] ^= 1; // ServerChallenge
        assertFalse(Arrays.equals(mic, Ntlm.mic(Secret.fromHex(SESSION_KEY), negotiate, changed, AUTHENTICATE, 72)));
    }

    @Test
    void preauthIntegrityHashFollowsEveryMessage() {
        PreauthIntegrity connection = new PreauthIntegrity();
        assertArrayEquals(new byte[64], connection.value());
        assertEquals(HASH_AFTER_NEGOTIATE_REQUEST.toLowerCase(), hex(connection.update(NEGOTIATE_REQUEST).value()));
        assertEquals(HASH_AFTER_NEGOTIATE_RESPONSE.toLowerCase(), hex(connection.update(NEGOTIATE_RESPONSE).value()));
        PreauthIntegrity session = connection.copy();
        assertEquals(HASH_AFTER_SESSION_SETUP_REQUEST_1.toLowerCase(), hex(session.update(SESSION_SETUP_REQUEST_1).value()));
        assertEquals(HASH_AFTER_SESSION_SETUP_RESPONSE_1.toLowerCase(), hex(session.update(SESSION_SETUP_RESPONSE_1).value()));
        assertEquals(HASH_AFTER_SESSION_SETUP_REQUEST_2.toLowerCase(), hex(session.update(SESSION_SETUP_REQUEST_2).value()));
        assertEquals(HASH_AFTER_NEGOTIATE_RESPONSE.toLowerCase(), hex(connection.value()), "the copy is independent");
        assertEquals(HASH_AFTER_SESSION_SETUP_REQUEST_1.toLowerCase(),
                hex(PreauthIntegrity.of(hex(HASH_AFTER_NEGOTIATE_RESPONSE)).update(SESSION_SETUP_REQUEST_1).value()));
    }

    @Test
    void finalSessionSetupResponseSignatureVerifies() {
        byte[] preauth = hex(HASH_AFTER_SESSION_SETUP_REQUEST_2);
        NtlmSessionKey k = sessionKey(password());
        try (Secret signingKey = SigningKeys.signingKey(Dialects.SMB_3_1_1, k.exportedSessionKey(), preauth)) {
            assertEquals(SIGNING_KEY.toLowerCase(), hex(signingKey.copyBytes()));
            SigningAlgorithm alg = SigningAlgorithm.forDialect(Dialects.SMB_3_1_1, -1);
            assertEquals(SigningAlgorithm.AES_128_CMAC, alg);
            SignatureCheck ok = Smb2Signer.verify(SESSION_SETUP_RESPONSE_2, 0, SESSION_SETUP_RESPONSE_2.length, signingKey, alg);
            assertEquals(SignatureCheck.Status.VALID, ok.status(), ok.toString());
            assertEquals("ebe146da120ba25fc3376a49dfe31bc1", ok.foundHex());

            byte[] tampered = SESSION_SETUP_RESPONSE_2.clone();
            tampered[tampered.length - 5] ^= 0x01; // inside the SPNEGO token
            SignatureCheck bad = Smb2Signer.verify(tampered, 0, tampered.length, signingKey, alg);
            assertEquals(SignatureCheck.Status.INVALID, bad.status());
            assertEquals("ebe146da120ba25fc3376a49dfe31bc1", bad.foundHex());
            assertFalse(bad.expectedHex().equals(bad.foundHex()));
            assertTrue(bad.toString().startsWith("INVALID (AES-128-CMAC): expected "), bad.toString());
        }
    }

    @Test
    void aMiddleboxChangingTheNegotiateBreaksTheSignature() {
        // A dialect list edited in flight changes the preauth hash and so the signing key.
        byte[] negotiate = NEGOTIATE_REQUEST.clone();
        negotiate[64 + 4] ^= 0x01; // SecurityMode
        PreauthIntegrity h = new PreauthIntegrity().update(negotiate).update(NEGOTIATE_RESPONSE)
                .update(SESSION_SETUP_REQUEST_1).update(SESSION_SETUP_RESPONSE_1).update(SESSION_SETUP_REQUEST_2);
        try (Secret signingKey = SigningKeys.signingKey(Dialects.SMB_3_1_1, Secret.fromHex(SESSION_KEY), h.value())) {
            SignatureCheck c = Smb2Signer.verify(SESSION_SETUP_RESPONSE_2, 0, SESSION_SETUP_RESPONSE_2.length, signingKey,
                    SigningAlgorithm.AES_128_CMAC);
            assertEquals(SignatureCheck.Status.INVALID, c.status());
        }
    }

    @Test
    void wrongPasswordGivesAnInvalidSignatureAndSaysSo() {
        NtlmSessionKey k = sessionKey(Secret.password("Password02!".toCharArray()));
        assertFalse(k.proofMatches());
        assertEquals("the password does not match the NTLMv2 response of user 'administrator' in domain 'SUT311'",
                k.problem());
        try (Secret signingKey = SigningKeys.signingKey(Dialects.SMB_3_1_1, k.exportedSessionKey(),
                hex(HASH_AFTER_SESSION_SETUP_REQUEST_2))) {
            assertEquals(SignatureCheck.Status.INVALID, Smb2Signer.verify(SESSION_SETUP_RESPONSE_2, 0,
                    SESSION_SETUP_RESPONSE_2.length, signingKey, SigningAlgorithm.AES_128_CMAC).status());
        }
    }

    @Test
    void encryptionKeysOfTheFirstChannel() {
        byte[] preauth = hex(HASH_AFTER_SESSION_SETUP_REQUEST_2);
        // The post lists keys from the client's side: its EncryptionKey protects client→server.
        assertEquals(ENCRYPTION_KEY.toLowerCase(), hex(SigningKeys.clientToServerKey(Dialects.SMB_3_1_1,
                Smb3Cipher.AES_128_GCM, Secret.fromHex(SESSION_KEY), preauth).copyBytes()));
        assertEquals(DECRYPTION_KEY.toLowerCase(), hex(SigningKeys.serverToClientKey(Dialects.SMB_3_1_1,
                Smb3Cipher.AES_128_GCM, Secret.fromHex(SESSION_KEY), preauth).copyBytes()));
    }
}
