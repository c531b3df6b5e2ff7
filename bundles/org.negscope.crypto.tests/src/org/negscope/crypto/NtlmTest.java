package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.negscope.crypto.TestData.hex;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * NTLMv2 against the worked example of MS-NLMP 4.2.4 ("NTLMv2 Authentication"; common values in
 * 4.2.1): User "User", UserDom "Domain", Passwd "Password", ServerChallenge 0123456789abcdef,
 * ClientChallenge aaaaaaaaaaaaaaaa, Time 0, RandomSessionKey 55..55, TargetInfo with
 * MsvAvNbDomainName "Domain" and MsvAvNbComputerName "Server". The expected values are the spec's
 * (4.2.4.1.1 NTOWFv2, 4.2.4.1.2 SessionBaseKey, 4.2.4.2.1 LMv2 response, 4.2.4.2.2 NTLMv2
 * response, 4.2.4.2.3 encrypted session key) and 4.2.2.1.2 for NTOWFv1.
 */
class NtlmTest {

    static final String USER = "User";
    static final String DOMAIN = "Domain";
    static final byte[] SERVER_CHALLENGE = hex("0123456789abcdef");
    static final byte[] CLIENT_CHALLENGE = hex("aaaaaaaaaaaaaaaa");
    static final byte[] RANDOM_SESSION_KEY = hex("55555555555555555555555555555555");
    /** MS-NLMP 4.2.4: NbDomainName "Domain", NbComputerName "Server", EOL. */
    static final byte[] TARGET_INFO = hex("02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000");
    /** Challenge flags of 4.2.4: 33 82 8a e2. */
    static final int FLAGS = 0xe28a8233;

    static final String NT_HASH = "a4f49c406510bdcab6824ee7c30fd852";
    static final String NTOWFV2 = "0c868a403bfd7a93a3001ef22ef02e3f";
    static final String NT_PROOF_STR = "68cd0ab851e51c96aabc927bebef6a1c";
    static final String SESSION_BASE_KEY = "8de40ccadbc14a82f15cb0ad0de95ca3";
    static final String LMV2_RESPONSE = "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa";
    static final String ENCRYPTED_SESSION_KEY = "c5dad2544fc9799094ce1ce90bc9d03e";
    /** 4.2.4.2.2: NTProofStr then temp (header, Time 0, ClientChallenge, Z(4), TargetInfo, Z(4)). */
    static final String NT_CHALLENGE_RESPONSE = NT_PROOF_STR
            + "01010000000000000000000000000000"
            + "aaaaaaaaaaaaaaaa0000000002000c00"
            + "44006f006d00610069006e0001000c00"
            + "53006500720076006500720000000000"
            + "00000000";

    static Secret password() {
        return Secret.password("Password".toCharArray());
    }

    @Test
    void ntowfv1IsMd4OfTheUnicodePassword() {
        try (Secret nt = Ntlm.ntowfv1(password())) {
            assertEquals(NT_HASH, hex(nt.copyBytes()));
        }
    }

    @Test
    void ntowfv2UppercasesTheUserButNotTheDomain() {
        try (Secret nt = Ntlm.ntowfv1(password())) {
            assertEquals(NTOWFV2, hex(Ntlm.ntowfv2(nt, USER, DOMAIN).copyBytes()));
            assertEquals(NTOWFV2, hex(Ntlm.ntowfv2(nt, "user", DOMAIN).copyBytes()), "user name case must not matter");
            assertFalse(NTOWFV2.equals(hex(Ntlm.ntowfv2(nt, USER, "DOMAIN").copyBytes())), "domain case matters");
        }
    }

    @Test
    void clientChallengeBlobIsLaidOutAsInTheSpec() {
        byte[] temp = Ntlm.ntlmv2ClientChallenge(0, CLIENT_CHALLENGE, TARGET_INFO);
        assertEquals(NT_CHALLENGE_RESPONSE.substring(32), hex(temp));
    }

    @Test
    void proofAndSessionBaseKeyMatchTheSpec() {
        try (Secret nt = Ntlm.ntowfv1(password()); Secret key = Ntlm.ntowfv2(nt, USER, DOMAIN)) {
            byte[] temp = Ntlm.ntlmv2ClientChallenge(0, CLIENT_CHALLENGE, TARGET_INFO);
            byte[] proof = Ntlm.ntProofStr(key, SERVER_CHALLENGE, temp);
            assertEquals(NT_PROOF_STR, hex(proof));
            assertEquals(SESSION_BASE_KEY, hex(Ntlm.sessionBaseKey(key, proof).copyBytes()));
            assertEquals(LMV2_RESPONSE, hex(Ntlm.lmv2Response(key, SERVER_CHALLENGE, CLIENT_CHALLENGE)));
        }
    }

    @Test
    void clientResponseProducesTheSpecMessageFields() {
        try (Secret random = Secret.bytes(RANDOM_SESSION_KEY)) {
            NtlmClientResponse r = Ntlm.clientResponse(password(), USER, DOMAIN, SERVER_CHALLENGE, CLIENT_CHALLENGE, 0,
                    AvPairs.forAuthenticate(TARGET_INFO, 0), false, random, FLAGS);
            assertEquals(NT_CHALLENGE_RESPONSE, hex(r.ntChallengeResponse()));
            assertEquals(LMV2_RESPONSE, hex(r.lmChallengeResponse()));
            assertEquals(ENCRYPTED_SESSION_KEY, hex(r.encryptedRandomSessionKey()));
            assertArrayEquals(RANDOM_SESSION_KEY, r.exportedSessionKey().copyBytes());
            assertFalse(r.toString().contains("5555"), "no key material in toString: " + r);
        }
    }

    @Test
    void lmResponseIsZerosWhenTheServerSentATimestamp() {
        try (Secret random = Secret.bytes(RANDOM_SESSION_KEY)) {
            NtlmClientResponse r = Ntlm.clientResponse(password(), USER, DOMAIN, SERVER_CHALLENGE, CLIENT_CHALLENGE, 0,
                    TARGET_INFO, true, random, FLAGS);
            assertArrayEquals(new byte[24], r.lmChallengeResponse());
        }
    }

    @Test
    void withoutKeyExchangeTheExportedKeyIsTheSessionBaseKey() {
        NtlmClientResponse r = Ntlm.clientResponse(password(), USER, DOMAIN, SERVER_CHALLENGE, CLIENT_CHALLENGE, 0,
                TARGET_INFO, false, null, FLAGS & ~Ntlm.NTLMSSP_NEGOTIATE_KEY_EXCH);
        assertEquals(0, r.encryptedRandomSessionKey().length);
        assertEquals(SESSION_BASE_KEY, hex(r.exportedSessionKey().copyBytes()));
    }

    @Test
    void serverSideRecoversTheRandomSessionKeyFromThePassword() {
        NtlmSessionKey k = Ntlm.sessionKeyFromAuthenticate(USER, DOMAIN, password(), SERVER_CHALLENGE,
                hex(NT_CHALLENGE_RESPONSE), hex(ENCRYPTED_SESSION_KEY), FLAGS);
        assertTrue(k.proofMatches());
        assertTrue(k.usable());
        assertNull(k.problem());
        assertEquals(DOMAIN, k.domainUsed());
        assertArrayEquals(RANDOM_SESSION_KEY, k.exportedSessionKey().copyBytes());
    }

    @Test
    void serverSideAcceptsTheNtHashInsteadOfThePassword() {
        NtlmSessionKey k = Ntlm.sessionKeyFromAuthenticate("USER", DOMAIN, Secret.fromHex(NT_HASH), SERVER_CHALLENGE,
                hex(NT_CHALLENGE_RESPONSE), hex(ENCRYPTED_SESSION_KEY), FLAGS);
        assertTrue(k.usable());
        assertArrayEquals(RANDOM_SESSION_KEY, k.exportedSessionKey().copyBytes());
    }

    @Test
    void wrongPasswordIsReportedWithoutRevealingIt() {
        NtlmSessionKey k = Ntlm.sessionKeyFromAuthenticate(USER, DOMAIN, Secret.password("Passw0rd".toCharArray()),
                SERVER_CHALLENGE, hex(NT_CHALLENGE_RESPONSE), hex(ENCRYPTED_SESSION_KEY), FLAGS);
        assertFalse(k.proofMatches());
        assertFalse(k.usable());
        assertNotNull(k.exportedSessionKey(), "the (wrong) key is still returned so signatures can be shown to fail");
        assertFalse(Arrays.equals(RANDOM_SESSION_KEY, k.exportedSessionKey().copyBytes()));
        assertEquals("the password does not match the NTLMv2 response of user 'User' in domain 'Domain'", k.problem());
        assertFalse(k.toString().contains("Passw0rd"));
    }

    @Test
    void aChangedServerChallengeBreaksTheProof() {
        byte[] other = SERVER_CHALLENGE.clone();
        other[7] ^= 1;
        NtlmSessionKey k = Ntlm.sessionKeyFromAuthenticate(USER, DOMAIN, password(), other,
                hex(NT_CHALLENGE_RESPONSE), hex(ENCRYPTED_SESSION_KEY), FLAGS);
        assertFalse(k.proofMatches());
    }

    @Test
    void domainVariantsAreTriedLikeSambaDoes() {
        // The client computed NTOWFv2 with "DOMAIN" but sent "Domain" in the message: the
        // upper-case variant must match and be reported.
        try (Secret nt = Ntlm.ntowfv1(password()); Secret key = Ntlm.ntowfv2(nt, USER, "DOMAIN")) {
            byte[] temp = Ntlm.ntlmv2ClientChallenge(0, CLIENT_CHALLENGE, TARGET_INFO);
            byte[] proof = Ntlm.ntProofStr(key, SERVER_CHALLENGE, temp);
            byte[] response = new byte[16 + temp.length];
            System.arraycopy(proof, 0, response, 0, 16);
            System.arraycopy(temp, 0, response, 16, temp.length);
            NtlmSessionKey k = Ntlm.sessionKeyFromAuthenticate(USER, DOMAIN, password(), SERVER_CHALLENGE, response,
                    new byte[0], FLAGS & ~Ntlm.NTLMSSP_NEGOTIATE_KEY_EXCH);
            assertTrue(k.proofMatches());
            assertEquals("DOMAIN", k.domainUsed());
            assertArrayEquals(Ntlm.sessionBaseKey(key, proof).copyBytes(), k.exportedSessionKey().copyBytes());
        }
    }

    @Test
    void unusableResponsesSayWhy() {
        NtlmSessionKey anonymous = Ntlm.sessionKeyFromAuthenticate("", "", password(), SERVER_CHALLENGE, new byte[0],
                new byte[0], FLAGS);
        assertNull(anonymous.exportedSessionKey());
        assertTrue(anonymous.problem().startsWith("anonymous"), anonymous.problem());

        NtlmSessionKey v1 = Ntlm.sessionKeyFromAuthenticate(USER, DOMAIN, password(), SERVER_CHALLENGE, new byte[24],
                new byte[0], FLAGS);
        assertNull(v1.exportedSessionKey());
        assertTrue(v1.problem().contains("NTLMv1"), v1.problem());

        NtlmSessionKey noKey = Ntlm.sessionKeyFromAuthenticate(USER, DOMAIN, password(), SERVER_CHALLENGE,
                hex(NT_CHALLENGE_RESPONSE), new byte[0], FLAGS);
        assertTrue(noKey.proofMatches());
        assertFalse(noKey.usable());
        assertEquals("NTLMSSP_NEGOTIATE_KEY_EXCH is set but EncryptedRandomSessionKey is 0 bytes, expected 16",
                noKey.problem());

        NtlmSessionKey shortChallenge = Ntlm.sessionKeyFromAuthenticate(USER, DOMAIN, password(), new byte[4],
                hex(NT_CHALLENGE_RESPONSE), hex(ENCRYPTED_SESSION_KEY), FLAGS);
        assertFalse(shortChallenge.usable());
        assertTrue(shortChallenge.problem().contains("ServerChallenge is 4 bytes"), shortChallenge.problem());
    }

    @Test
    void ntHashMustBeSixteenBytes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ntlm.ntHash(Secret.fromHex("a4f49c406510bdcab6824ee7c30fd8")));
        assertEquals("an NT hash is 16 bytes, this one is 15", e.getMessage());
    }
}
