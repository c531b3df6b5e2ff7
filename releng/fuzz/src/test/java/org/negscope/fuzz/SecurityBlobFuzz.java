package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.negscope.crypto.AvPairs;
import org.negscope.crypto.Decrypted;
import org.negscope.crypto.Ntlm;
import org.negscope.crypto.NtlmSessionKey;
import org.negscope.crypto.Secret;
import org.negscope.crypto.Smb3Cipher;
import org.negscope.crypto.Smb3Decryptor;
import org.negscope.smb2.NtlmAuthenticate;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.Ntlmssp;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Spnego;

/**
 * Fuzz target: the security blobs of SESSION_SETUP and what consumes them: SPNEGO (bounded DER walk),
 * NTLMSSP NEGOTIATE/CHALLENGE/AUTHENTICATE with Version and AV pairs, the crypto bundle's AV_PAIR reader,
 * the NTLMv2 session-key derivation from a hostile AUTHENTICATE, and SMB3 decryption of a hostile
 * transform message. Byte 0 selects the path ({@link #SPNEGO}...). Allowed failures: Smb2FormatException
 * (smb2), IllegalArgumentException (documented by AvPairs), a {@link Decrypted}/{@link NtlmSessionKey}
 * naming a problem. Also checks that no result text contains the password. Seeds: real blobs.
 */
class SecurityBlobFuzz {
    static final FuzzStats STATS = new FuzzStats("SecurityBlob");
    static final byte SPNEGO = 0, NTLMSSP = 1, AV_PAIRS = 2, DECRYPT = 3;
    private static final char[] PASSWORD = Repo.TEST_PASSWORD.toCharArray();
    private static final byte[] CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length < 1) return;
        byte[] blob = Arrays.copyOfRange(data, 1, data.length);
        switch (data[0] & 3) {
            case SPNEGO -> spnego(blob);
            case NTLMSSP -> ntlmssp(blob);
            case AV_PAIRS -> avPairs(blob);
            default -> decrypt(blob, data[0]);
        }
    }

    private static void spnego(byte[] blob) {
        try {
            Spnego s = Spnego.decode(blob);
            s.toString();
            s.mechTypes();
            byte[] t = s.ntlmssp();
            STATS.outcome("spnego");
            if (t != null) ntlmssp(t);
        } catch (Smb2FormatException e) {
            Decoders.formatException(e);
        }
    }

    private static void ntlmssp(byte[] token) {
        try {
            Decoders.fields(Ntlmssp.describe(token));
        } catch (Smb2FormatException e) {
            Decoders.formatException(e);
        }
        NtlmMessage m;
        try {
            m = Ntlmssp.decode(token);
        } catch (Smb2FormatException e) {
            Decoders.formatException(e);
            return;
        }
        String text = m.toString();
        m.encode();
        STATS.outcome("ntlmssp");
        if (m instanceof NtlmChallenge c) {
            try {
                c.timestamp();
            } catch (Smb2FormatException e) {
                Decoders.formatException(e);
            }
            avPairs(c.targetInfoBytes());
        } else if (m instanceof NtlmAuthenticate a) {
            try {
                a.ntlmV2AvPairs(); // parsed lazily: a malformed list is an Smb2FormatException (documented)
            } catch (Smb2FormatException e) {
                Decoders.formatException(e);
            }
            // what the analysis does with a password and a captured AUTHENTICATE
            try (Secret pw = Secret.password(PASSWORD)) {
                NtlmSessionKey k = Ntlm.sessionKeyFromAuthenticate(a.userName(), a.domainName(), pw, CHALLENGE,
                        a.ntChallengeResponse(), a.encryptedRandomSessionKey(), a.flags());
                text += k.toString();
                if (k.exportedSessionKey() != null) k.exportedSessionKey().clear();
                STATS.outcome("sessionKey");
            }
        }
        // Jazzer learns the literal compared in noSecret and plants it in the user or domain name: a
        // name echoed from the input is not a leak, so only text the input did not carry counts.
        if (!Repo.carries(token, Repo.TEST_PASSWORD)) noSecret(text);
    }

    private static void avPairs(byte[] pairs) {
        try {
            AvPairs.value(pairs, AvPairs.MSV_AV_TIMESTAMP);
            AvPairs.timestamp(pairs);
            AvPairs.forAuthenticate(pairs, AvPairs.FLAG_MIC_PRESENT);
            STATS.outcome("avPairs");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("IllegalArgumentException without message", e);
        }
    }

    private static void decrypt(byte[] message, byte selector) {
        Smb3Cipher cipher = Smb3Cipher.values()[(selector >> 2 & 0xFF) % Smb3Cipher.values().length];
        byte[] key = new byte[cipher.keyBytes()];
        Arrays.fill(key, (byte) 0x5A);
        try (Secret k = Secret.bytes(key)) {
            Decrypted d = Smb3Decryptor.decrypt(message, 0, message.length, k, cipher);
            if (d.ok() == (d.problem() != null)) throw new AssertionError("Decrypted with both or neither of plaintext and problem");
            STATS.outcome(d.ok() ? "decrypted" : "notDecrypted");
            noSecret(d.toString());
        }
    }

    private static void noSecret(String text) {
        if (text.contains(Repo.TEST_PASSWORD)) throw new AssertionError("password in result text");
    }

    @AfterAll static void report() { STATS.report(); }
}
