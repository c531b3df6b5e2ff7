package org.negscope.analysis;

import org.negscope.crypto.PreauthIntegrity;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2Message;

/**
 * The SMB 3.1.1 preauthentication integrity hashes of one connection (MS-SMB2 3.2.5.2 / 3.3.5.4 / 3.3.5.5), which
 * the 3.1.1 signing and encryption keys are derived over. Connection.PreauthIntegrityHashValue chains SHA-512 over the
 * NEGOTIATE request and response (the pair the analysis keeps anyway); each session starts from a copy of it and adds
 * every SESSION_SETUP request and response but the final successful one, which is already signed with the result.
 * Only hash states are kept (64 bytes and a digest per session in progress), never copies of the messages.
 */
final class PreauthHashes {
    /** Connection.PreauthIntegrityHashValue; null until the first SESSION_SETUP asks for it. */
    private PreauthIntegrity connection;
    private boolean connectionTried;
    /** Why the connection hash is unknown (no secret in it), or null. */
    private String problem;
    /** A SESSION_SETUP started with SessionId 0: its hash until the server's answer names the new SessionId. */
    private PreauthIntegrity pending;

    /** Adds one SESSION_SETUP request to the hash of its session (SessionId 0: a new session). */
    void request(ConnectionState state, SessionFacts s, long sessionId, Smb2Message m) {
        PreauthIntegrity base = connection(state);
        if (base == null) {
            return;
        }
        if (m.truncated()) {
            pending = null; // a hash over part of a message is worthless: the session's keys stay unknown
            if (s != null) {
                s.preauth = null;
            }
            return;
        }
        if (sessionId == 0) {
            pending = base.copy();
            update(pending, m);
            return;
        }
        if (s == null || s.preauthValue != null) {
            return; // beyond the session bound, or a re-authentication: the session's keys are already fixed
        }
        if (s.preauth == null) {
            s.preauth = base.copy(); // a later round that carries the SessionId the server gave
        }
        update(s.preauth, m);
    }

    /** Adds a SESSION_SETUP response, or ends the session's hash when the response is the final success. */
    void response(ConnectionState state, SessionFacts s, Smb2Message m) {
        if (s == null || s.preauthValue != null || connection(state) == null) {
            return;
        }
        if (s.preauth == null && pending != null) {
            s.preauth = pending; // the server's first answer names the session the SessionId 0 request began
            pending = null;
        }
        if (s.preauth == null) {
            return;
        }
        long status = m.header().status();
        if (m.truncated() && status == NtStatus.MORE_PROCESSING_REQUIRED) {
            s.preauth = null;
            return;
        }
        if (status == NtStatus.MORE_PROCESSING_REQUIRED) {
            update(s.preauth, m);
        } else if (status == NtStatus.SUCCESS) {
            s.preauthValue = s.preauth.value(); // 3.2.5.3.1: the final response is not hashed
            s.preauth = null;
        } else {
            s.preauth = null; // failed: a new attempt starts again from the connection hash
        }
    }

    /** Why a 3.1.1 session's hash is unknown, for the note of an unverified signature. */
    String problem(SessionFacts s) {
        if (problem != null) {
            return problem;
        }
        return "the SESSION_SETUP exchange of session " + String.format("0x%016x", s.sessionId)
                + " is not complete in the capture, so its 3.1.1 preauthentication hash is unknown";
    }

    private PreauthIntegrity connection(ConnectionState state) {
        if (!connectionTried) {
            connectionTried = true;
            Smb2Message request = state.negotiateRequest == null ? null : state.negotiateRequest.message();
            Smb2Message response = state.negotiateResponse == null ? null : state.negotiateResponse.message();
            if (request == null || response == null) {
                problem = "the NEGOTIATE " + (request == null ? "request" : "response")
                        + " is not in the capture, so the 3.1.1 preauthentication hash is unknown";
            } else if (request.truncated() || response.truncated()) {
                problem = "the NEGOTIATE exchange was not kept whole, so the 3.1.1 preauthentication hash is unknown";
            } else {
                connection = new PreauthIntegrity().update(request.bytes()).update(response.bytes());
            }
        }
        return connection;
    }

    private static void update(PreauthIntegrity p, Smb2Message m) {
        byte[] b = m.bytes();
        p.update(b, 0, b.length);
    }
}
