package org.negscope.crypto;

/**
 * The fields a client puts into an NTLM AUTHENTICATE message (MS-NLMP 3.1.5.1.2), and the key it
 * keeps.
 *
 * @param ntChallengeResponse       NTLMv2_RESPONSE: NTProofStr followed by the client challenge blob
 * @param lmChallengeResponse       24 bytes: Z(24) when the server sent MsvAvTimestamp, else LMv2
 * @param encryptedRandomSessionKey 16 bytes with NTLMSSP_NEGOTIATE_KEY_EXCH, else empty
 * @param exportedSessionKey        the session key the SMB2 session derives its keys from
 */
public record NtlmClientResponse(byte[] ntChallengeResponse, byte[] lmChallengeResponse,
        byte[] encryptedRandomSessionKey, Secret exportedSessionKey) {

    @Override
    public String toString() {
        return "NtlmClientResponse[ntChallengeResponse=" + ntChallengeResponse.length + " bytes, lmChallengeResponse="
                + lmChallengeResponse.length + " bytes, encryptedRandomSessionKey=" + encryptedRandomSessionKey.length
                + " bytes, exportedSessionKey=***]";
    }
}
