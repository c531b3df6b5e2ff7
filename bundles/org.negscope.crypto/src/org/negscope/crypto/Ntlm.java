package org.negscope.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * NTLMv2 key computations of MS-NLMP 3.3.2 (NTOWFv2, NTProofStr, SessionBaseKey), 3.4.5.1
 * (KXKEY), 3.1.5.1.2 / 3.2.5.1.2 (ExportedSessionKey, key exchange) and 3.1.5.1.2 (MIC), all on
 * BouncyCastle primitives. Only NTLMv2 is supported: it is what every SMB2 client sends by default,
 * and NTLMv1 session keys would need the DES-based KXKEY variants.
 *
 * <p>Names follow MS-NLMP so the code can be read next to the spec. Anything derived from the
 * password is returned as a {@link Secret}; values that travel on the wire (NTProofStr, the
 * responses, the MIC) are plain byte arrays.
 */
public final class Ntlm {

    /** NegotiateFlags bits used here (MS-NLMP 2.2.2.5). */
    public static final int NTLMSSP_NEGOTIATE_SIGN = 0x00000010;
    public static final int NTLMSSP_NEGOTIATE_SEAL = 0x00000020;
    public static final int NTLMSSP_NEGOTIATE_KEY_EXCH = 0x40000000;

    /** Offset of the MIC in an AUTHENTICATE_MESSAGE that carries a Version (MS-NLMP 2.2.1.3). */
    public static final int AUTHENTICATE_MIC_OFFSET = 72;

    /** Length of the NTLMv1 NtChallengeResponse (MS-NLMP 2.2.2.6); an NTLMv2 one is longer. */
    private static final int NTLMV1_RESPONSE_LENGTH = 24;

    private Ntlm() {
    }

    /** NTOWFv1 (MS-NLMP 3.3.1) = the NT hash = MD4(UNICODE(Passwd)). */
    public static Secret ntowfv1(Secret password) {
        byte[] unicode = Bytes.utf16le(password.rawChars());
        try {
            MD4Digest md4 = new MD4Digest();
            md4.update(unicode, 0, unicode.length);
            byte[] out = new byte[16];
            md4.doFinal(out, 0);
            return take(out);
        } finally {
            Arrays.fill(unicode, (byte) 0);
        }
    }

    /**
     * The NT hash for a credential that is either a password or already a 16-byte NT hash (what
     * {@code --nt-hash-file} supplies).
     */
    public static Secret ntHash(Secret passwordOrNtHash) {
        if (passwordOrNtHash.isPassword()) {
            return ntowfv1(passwordOrNtHash);
        }
        if (passwordOrNtHash.length() != 16) {
            throw new IllegalArgumentException("an NT hash is 16 bytes, this one is " + passwordOrNtHash.length());
        }
        return Secret.bytes(passwordOrNtHash.rawBytes());
    }

    /**
     * NTOWFv2 (MS-NLMP 3.3.2) = HMAC_MD5(NT hash, UNICODE(Uppercase(User) + UserDom)). The user
     * name is upper-cased, the domain is not: a domain typed in another case gives another key.
     */
    public static Secret ntowfv2(Secret ntHash, String user, String domain) {
        byte[] userDom = Bytes.utf16le(user.toUpperCase(Locale.ROOT) + domain);
        return take(hmacMd5(ntHash.rawBytes(), userDom));
    }

    /**
     * NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge + temp), where temp is the
     * NTLMv2_CLIENT_CHALLENGE: the NtChallengeResponse after its first 16 bytes.
     */
    public static byte[] ntProofStr(Secret responseKeyNt, byte[] serverChallenge, byte[] temp) {
        return hmacMd5(responseKeyNt.rawBytes(), serverChallenge, temp);
    }

    /** SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr). */
    public static Secret sessionBaseKey(Secret responseKeyNt, byte[] ntProofStr) {
        return take(hmacMd5(responseKeyNt.rawBytes(), ntProofStr));
    }

    /**
     * KXKEY for NTLMv2 (MS-NLMP 3.4.5.1): the KeyExchangeKey is the SessionBaseKey itself; the
     * DES/LM variants apply to NTLMv1 only.
     */
    public static Secret keyExchangeKey(Secret sessionBaseKey) {
        return Secret.bytes(sessionBaseKey.rawBytes());
    }

    /**
     * ExportedSessionKey as the server computes it (MS-NLMP 3.2.5.1.2): with
     * NTLMSSP_NEGOTIATE_KEY_EXCH and SIGN or SEAL negotiated, RC4K(KeyExchangeKey,
     * EncryptedRandomSessionKey); otherwise the KeyExchangeKey.
     *
     * @throws IllegalArgumentException when key exchange is negotiated but the encrypted key is
     *                                  not 16 bytes
     */
    public static Secret exportedSessionKey(Secret keyExchangeKey, byte[] encryptedRandomSessionKey, int negotiateFlags) {
        if (!keyExchangeApplies(negotiateFlags)) {
            return Secret.bytes(keyExchangeKey.rawBytes());
        }
        int len = encryptedRandomSessionKey == null ? 0 : encryptedRandomSessionKey.length;
        if (len != 16) {
            throw new IllegalArgumentException("NTLMSSP_NEGOTIATE_KEY_EXCH is set but EncryptedRandomSessionKey is "
                    + len + " bytes, expected 16");
        }
        return take(rc4k(keyExchangeKey.rawBytes(), encryptedRandomSessionKey));
    }

    private static boolean keyExchangeApplies(int flags) {
        return (flags & NTLMSSP_NEGOTIATE_KEY_EXCH) != 0
                && (flags & (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL)) != 0;
    }

    /**
     * Checks an AUTHENTICATE message against a credential and, if it matches, derives the
     * ExportedSessionKey the SMB2 session keys come from.
     *
     * @param user                      AUTHENTICATE UserName
     * @param domain                    AUTHENTICATE DomainName
     * @param passwordOrNtHash          password or 16-byte NT hash
     * @param serverChallenge           CHALLENGE ServerChallenge (8 bytes)
     * @param ntChallengeResponse       AUTHENTICATE NtChallengeResponse
     * @param encryptedRandomSessionKey AUTHENTICATE EncryptedRandomSessionKey (may be empty)
     * @param negotiateFlags            AUTHENTICATE NegotiateFlags
     */
    public static NtlmSessionKey sessionKeyFromAuthenticate(String user, String domain, Secret passwordOrNtHash,
            byte[] serverChallenge, byte[] ntChallengeResponse, byte[] encryptedRandomSessionKey, int negotiateFlags) {
        String dom = domain == null ? "" : domain;
        if (serverChallenge == null || serverChallenge.length != 8) {
            return new NtlmSessionKey(null, false, dom, "the CHALLENGE's ServerChallenge is "
                    + (serverChallenge == null ? "missing" : serverChallenge.length + " bytes") + ", expected 8");
        }
        int ntLen = ntChallengeResponse == null ? 0 : ntChallengeResponse.length;
        if (ntLen == 0) {
            return new NtlmSessionKey(null, false, dom,
                    "anonymous authentication (empty NtChallengeResponse) has no session key");
        }
        if (ntLen == NTLMV1_RESPONSE_LENGTH) {
            return new NtlmSessionKey(null, false, dom,
                    "the client answered with NTLMv1 (24-byte NtChallengeResponse); only NTLMv2 session keys are supported");
        }
        if (ntLen < 16 + 28) {
            return new NtlmSessionKey(null, false, dom, "NtChallengeResponse is " + ntLen
                    + " bytes, too short for an NTLMv2_RESPONSE (at least 44)");
        }
        byte[] proof = Arrays.copyOfRange(ntChallengeResponse, 0, 16);
        byte[] temp = Arrays.copyOfRange(ntChallengeResponse, 16, ntLen);
        try (Secret nt = ntHash(passwordOrNtHash)) {
            // The order Samba's ntlm_password_check tries: the domain the client sent, its
            // upper-case form, and no domain (some clients compute NTOWFv2 without one).
            List<String> domains = new ArrayList<>(3);
            domains.add(dom);
            String upper = dom.toUpperCase(Locale.ROOT);
            if (!domains.contains(upper)) {
                domains.add(upper);
            }
            if (!domains.contains("")) {
                domains.add("");
            }
            for (String d : domains) {
                try (Secret responseKeyNt = ntowfv2(nt, user == null ? "" : user, d)) {
                    byte[] computed = ntProofStr(responseKeyNt, serverChallenge, temp);
                    if (Bytes.equal(computed, 0, proof, 0, 16)) {
                        try (Secret base = sessionBaseKey(responseKeyNt, proof);
                                Secret kx = keyExchangeKey(base)) {
                            try {
                                return new NtlmSessionKey(exportedSessionKey(kx, encryptedRandomSessionKey, negotiateFlags),
                                        true, d, null);
                            } catch (IllegalArgumentException e) {
                                return new NtlmSessionKey(null, true, d, e.getMessage());
                            }
                        }
                    }
                }
            }
            // No variant matched: still return the key the credential gives with the client's
            // domain, so a caller can show that its signatures do not verify either.
            try (Secret responseKeyNt = ntowfv2(nt, user == null ? "" : user, dom);
                    Secret base = sessionBaseKey(responseKeyNt, proof);
                    Secret kx = keyExchangeKey(base)) {
                Secret key;
                try {
                    key = exportedSessionKey(kx, encryptedRandomSessionKey, negotiateFlags);
                } catch (IllegalArgumentException e) {
                    key = null;
                }
                String what = passwordOrNtHash.isPassword() ? "the password does" : "the NT hash does";
                return new NtlmSessionKey(key, false, dom,
                        what + " not match the NTLMv2 response of user '" + user + "' in domain '" + dom + "'");
            }
        }
    }

    /**
     * NTLMv2_CLIENT_CHALLENGE ("temp" in MS-NLMP 3.3.2): RespType 1, HiRespType 1, Z(6),
     * TimeStamp, ChallengeFromClient, Z(4), AvPairs (ending with MsvAvEOL), Z(4).
     */
    public static byte[] ntlmv2ClientChallenge(long timestamp, byte[] clientChallenge, byte[] avPairs) {
        if (clientChallenge.length != 8) {
            throw new IllegalArgumentException("ClientChallenge is " + clientChallenge.length + " bytes, expected 8");
        }
        byte[] temp = new byte[28 + avPairs.length + 4];
        temp[0] = 1;
        temp[1] = 1;
        Bytes.putU64(temp, 8, timestamp);
        System.arraycopy(clientChallenge, 0, temp, 16, 8);
        System.arraycopy(avPairs, 0, temp, 28, avPairs.length);
        return temp;
    }

    /** LMv2 response (MS-NLMP 3.3.2): HMAC_MD5(ResponseKeyLM, ServerChallenge + ClientChallenge) + ClientChallenge. */
    public static byte[] lmv2Response(Secret responseKeyLm, byte[] serverChallenge, byte[] clientChallenge) {
        byte[] mac = hmacMd5(responseKeyLm.rawBytes(), serverChallenge, clientChallenge);
        byte[] out = Arrays.copyOf(mac, 24);
        System.arraycopy(clientChallenge, 0, out, 16, 8);
        return out;
    }

    /**
     * The client side of MS-NLMP 3.1.5.1.2 with NTLMv2: the responses and the key exchange of an
     * AUTHENTICATE message.
     *
     * @param passwordOrNtHash  password or 16-byte NT hash
     * @param serverChallenge   CHALLENGE ServerChallenge
     * @param clientChallenge   8 random bytes
     * @param timestamp         FILETIME for the blob: the server's MsvAvTimestamp when it sent one
     * @param avPairs           the pairs to embed, see {@link AvPairs#forAuthenticate(byte[], int)}
     * @param serverSentTimestamp true when the CHALLENGE carried MsvAvTimestamp: the LM response is
     *                          then Z(24) (MS-NLMP 3.1.5.1.2)
     * @param randomSessionKey  16 random bytes, used when {@code negotiateFlags} has
     *                          NTLMSSP_NEGOTIATE_KEY_EXCH (with SIGN or SEAL); ignored otherwise
     * @param negotiateFlags    the flags the AUTHENTICATE will carry
     */
    public static NtlmClientResponse clientResponse(Secret passwordOrNtHash, String user, String domain,
            byte[] serverChallenge, byte[] clientChallenge, long timestamp, byte[] avPairs,
            boolean serverSentTimestamp, Secret randomSessionKey, int negotiateFlags) {
        byte[] temp = ntlmv2ClientChallenge(timestamp, clientChallenge, avPairs);
        try (Secret nt = ntHash(passwordOrNtHash);
                Secret responseKeyNt = ntowfv2(nt, user, domain)) {
            byte[] proof = ntProofStr(responseKeyNt, serverChallenge, temp);
            byte[] ntResponse = new byte[16 + temp.length];
            System.arraycopy(proof, 0, ntResponse, 0, 16);
            System.arraycopy(temp, 0, ntResponse, 16, temp.length);
            byte[] lm = serverSentTimestamp ? new byte[24] : lmv2Response(responseKeyNt, serverChallenge, clientChallenge);
            try (Secret base = sessionBaseKey(responseKeyNt, proof);
                    Secret kx = keyExchangeKey(base)) {
                if (keyExchangeApplies(negotiateFlags)) {
                    if (randomSessionKey == null || randomSessionKey.length() != 16) {
                        throw new IllegalArgumentException("NTLMSSP_NEGOTIATE_KEY_EXCH needs a 16-byte random session key");
                    }
                    byte[] encrypted = rc4k(kx.rawBytes(), randomSessionKey.rawBytes());
                    return new NtlmClientResponse(ntResponse, lm, encrypted, Secret.bytes(randomSessionKey.rawBytes()));
                }
                return new NtlmClientResponse(ntResponse, lm, new byte[0], Secret.bytes(kx.rawBytes()));
            }
        }
    }

    /**
     * MIC (MS-NLMP 3.1.5.1.2) = HMAC_MD5(ExportedSessionKey, NEGOTIATE_MESSAGE + CHALLENGE_MESSAGE
     * + AUTHENTICATE_MESSAGE), computed with the AUTHENTICATE's 16-byte MIC field (at
     * {@code micOffset}, normally {@link #AUTHENTICATE_MIC_OFFSET}) set to zero. The inputs are
     * the raw NTLMSSP messages as sent (from "NTLMSSP\0").
     */
    public static byte[] mic(Secret exportedSessionKey, byte[] negotiate, byte[] challenge, byte[] authenticate,
            int micOffset) {
        if (micOffset < 0 || micOffset + 16 > authenticate.length) {
            throw new IllegalArgumentException("AUTHENTICATE_MESSAGE is " + authenticate.length
                    + " bytes, too short for a MIC at offset " + micOffset);
        }
        HMac hmac = new HMac(new MD5Digest());
        hmac.init(new KeyParameter(exportedSessionKey.rawBytes()));
        hmac.update(negotiate, 0, negotiate.length);
        hmac.update(challenge, 0, challenge.length);
        hmac.update(authenticate, 0, micOffset);
        hmac.update(new byte[16], 0, 16);
        hmac.update(authenticate, micOffset + 16, authenticate.length - micOffset - 16);
        byte[] out = new byte[16];
        hmac.doFinal(out, 0);
        return out;
    }

    static byte[] hmacMd5(byte[] key, byte[]... parts) {
        HMac hmac = new HMac(new MD5Digest());
        hmac.init(new KeyParameter(key));
        for (byte[] p : parts) {
            hmac.update(p, 0, p.length);
        }
        byte[] out = new byte[16];
        hmac.doFinal(out, 0);
        return out;
    }

    /** RC4K(K, D) of MS-NLMP section 6: RC4 keyed with K, applied to D (encrypt = decrypt). */
    static byte[] rc4k(byte[] key, byte[] data) {
        RC4Engine rc4 = new RC4Engine();
        rc4.init(true, new KeyParameter(key));
        byte[] out = new byte[data.length];
        rc4.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    /** Wraps a freshly computed array in a Secret and clears the temporary. */
    private static Secret take(byte[] raw) {
        try {
            return Secret.bytes(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
