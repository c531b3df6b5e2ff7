package org.negscope.analysis;

import org.negscope.crypto.Secret;
import org.negscope.smb2.NtlmAuthenticate;
import org.negscope.smb2.NtlmChallenge;

/**
 * One SMB2 session on a connection, as far as the verdict cares: did SESSION_SETUP succeed, as guest or
 * anonymous (MS-SMB2 2.2.6 SessionFlags IS_GUEST / IS_NULL: such sessions cannot sign, so clients skip
 * VALIDATE), with encryption demanded (ENCRYPT_DATA), and the NTLMSSP messages the signing key derives
 * from (kept only when credentials were given).
 */
final class SessionFacts {
    final long sessionId;
    long firstRequestFrame;
    long finalResponseFrame;
    /** Status of the last SESSION_SETUP response (MORE_PROCESSING_REQUIRED until the last round). */
    long status = -1;
    int sessionFlags;
    boolean succeeded;
    /** NTLMSSP CHALLENGE (kept only when credentials were given) / AUTHENTICATE of this session. */
    NtlmChallenge ntlmChallenge;
    NtlmAuthenticate ntlmAuthenticate;
    long authenticateFrame;
    /** Kerberos (kept only when a keytab was given): the GSS AP-REQ token of the SESSION_SETUP request, its frame, and
     *  the AP-REP token of the response (null when the server sent none). No secret: the ticket is encrypted. */
    byte[] kerberosApReq;
    long apReqFrame;
    byte[] kerberosApRep;

    // Keys, derived once per session when credentials were given; cleared by clearKeys() at the end.
    boolean keyTried;
    /** The GSS session key (NTLM ExportedSessionKey, or the key the user gave: then not owned here). */
    Secret gssKey;
    boolean gssKeyOwned;
    /** Why no key could be had (no secret in it), or null. */
    String keyProblem;
    /** SMB 3.0.x encryption keys, client->server and server->client (MS-SMB2 3.1.4.2 "ServerIn " / "ServerOut"). */
    Secret clientToServerKey;
    Secret serverToClientKey;
    /** Session.SigningKey (MS-SMB2 3.2.5.3.1), derived once; why there is none (no secret in it). */
    boolean signingKeyTried;
    Secret signingKey;
    String signingProblem;
    /**
     * The credentials gave a key, but it is probably not the session's: the password / NT hash does not reproduce the
     * AUTHENTICATE's NTProofStr, or a given key does not verify the session's TREE_CONNECT response. Its signatures then
     * come out INVALID with a hint, and the VALIDATE response is not called forged for it.
     */
    boolean credentialsSuspect;
    /** 3.1.1 Session.PreauthIntegrityHashValue while SESSION_SETUP runs (not secret), then its final value. */
    org.negscope.crypto.PreauthIntegrity preauth;
    byte[] preauthValue;

    void clearKeys() {
        if (gssKey != null && gssKeyOwned) {
            gssKey.clear();
        }
        gssKey = null;
        if (clientToServerKey != null) {
            clientToServerKey.clear();
            clientToServerKey = null;
        }
        if (serverToClientKey != null) {
            serverToClientKey.clear();
            serverToClientKey = null;
        }
        if (signingKey != null) {
            signingKey.clear();
            signingKey = null;
        }
    }

    SessionFacts(long sessionId) { this.sessionId = sessionId; }

    static final int IS_GUEST = 0x0001;
    static final int IS_NULL = 0x0002;
    static final int ENCRYPT_DATA = 0x0004;

    boolean guest() { return (sessionFlags & IS_GUEST) != 0; }
    /** IS_NULL, or an anonymous NTLMSSP AUTHENTICATE (MS-NLMP 3.2.5.1.2) when the server does not set the flag. */
    boolean anonymous() {
        return (sessionFlags & IS_NULL) != 0 || ntlmAuthenticate != null && ntlmAuthenticate.isAnonymous();
    }
    boolean encryptData() { return (sessionFlags & ENCRYPT_DATA) != 0; }
}
