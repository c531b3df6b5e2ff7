package org.negscope.crypto;

/**
 * What a password (or NT hash) says about one NTLM AUTHENTICATE message.
 *
 * @param exportedSessionKey MS-NLMP ExportedSessionKey (the SMB2 Session.SessionKey), or null when
 *                           none can be derived (anonymous, NTLMv1, malformed input)
 * @param proofMatches       true when the NTProofStr computed from the credentials equals the one
 *                           in the NtChallengeResponse; false means a wrong password or user, and
 *                           then the key is wrong too
 * @param domainUsed         the UserDom that made the proof match (the AUTHENTICATE's DomainName,
 *                           its upper-case form, or "" — the variants Samba's server also accepts);
 *                           the one tried first when nothing matched
 * @param problem            null when usable, else one plain sentence (no secrets) to which the
 *                           caller adds the frame number
 */
public record NtlmSessionKey(Secret exportedSessionKey, boolean proofMatches, String domainUsed, String problem) {

    /** True when the key can be used to check signatures. */
    public boolean usable() {
        return exportedSessionKey != null && proofMatches && problem == null;
    }
}
