package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.negscope.capture.TcpConnection;

/**
 * What the analysis remembers about one TCP connection while the capture streams by: only the facts a
 * verdict needs (a few dozen fields, a handful of small messages), never the payload. Filled by
 * {@link ConnectionTracker}, judged by {@link Diagnosis}.
 */
final class ConnectionState {
    /** Upper bounds that keep a connection's state small whatever the capture holds. */
    static final int MAX_VALIDATES = 16;
    static final int MAX_SESSIONS = 16;
    static final int MAX_CLOSES = 4;
    static final int MAX_NOTES = 8;

    final int captureIndex;
    final TcpConnection tcp;
    /** True when the SMB content showed the capture's client/server guess backwards (no SYN seen). */
    boolean rolesSwapped;
    boolean rolesFixed;

    // Recognition: any SMB message at all, and of which kinds.
    boolean smb2Seen;
    boolean smb1Seen;
    long firstSmbFrame;

    // NEGOTIATE: the last SMB2 exchange before the first SESSION_SETUP (docs/protocol.md pairing rule).
    NegotiateRequestFields negotiateRequest;
    NegotiateResponseFields negotiateResponse;
    /** SMB1 multi-protocol NEGOTIATE, and the 0x02FF answer that asks for a second, SMB2 NEGOTIATE. */
    long smb1NegotiateFrame;
    long wildcardResponseFrame;
    /** The client's SMB1 NEGOTIATE offered "SMB 2.002" / "SMB 2.???" (what it implements when no SMB2 NEGOTIATE follows). */
    boolean smb1Offers2002, smb1OffersWildcard, smb1DialectsSeen;
    /** LOGOFF and TREE_DISCONNECT requests of the client, last one each: the session ended normally before the TCP close. */
    long logoffFrame, logoffTimeNanos, treeDisconnectFrame;
    /** A SESSION_SETUP carried Kerberos (SPNEGO krb5 mechanism): keys come from a keytab or a session key, not a password. */
    boolean kerberos;
    /** Keys for two-point matching ({@link MatchKeys}): first CHALLENGE, digests of the first AUTHENTICATE / AP-REQ. */
    String ntlmChallengeHex, ntlmResponseDigest, kerberosApReqDigest;
    /** Once SESSION_SETUP is seen, later NEGOTIATEs (there should be none) no longer replace the pair. */
    boolean sessionSetupSeen;
    long firstSessionSetupFrame;

    final List<SessionFacts> sessions = new ArrayList<>(2);
    /** First SESSION_SETUP request with SMB2_SESSION_FLAG_BINDING: this connection is an extra multichannel channel. */
    long bindingFrame;

    // TREE_CONNECT: first success (VALIDATE follows it), last failure.
    long treeConnectRequestFrame;
    long treeConnectFrame;
    long treeConnectTimeNanos;
    long treeConnectSessionId;
    int shareFlags;
    /** The first successful TREE_CONNECT response, kept when credentials were given: a signed control message for a given key. */
    org.negscope.smb2.Smb2Message treeConnectResponse;
    long treeConnectFailedFrame;
    long treeConnectFailedStatus;
    /** First client request after the first successful TREE_CONNECT (proves the client carried on without VALIDATE). */
    long requestAfterTreeConnectFrame;
    String requestAfterTreeConnect;

    final List<ValidateExchange> validates = new ArrayList<>(1);
    /** VALIDATE exchanges beyond MAX_VALIDATES (counted, not kept). */
    int validatesDropped;

    // SMB2 TRANSFORM_HEADER traffic (MS-SMB2 2.2.41).
    long firstEncryptedFrame;
    long encryptedMessages;
    /** TRANSFORM messages decrypted with the user's keys, and why the first failure failed (no secret in it). */
    long decryptedMessages;
    String decryptProblem;
    /** With credentials only (SignatureVerifier): 3.1.1 preauth hashes, and the check of every signed message. */
    PreauthHashes preauth;
    SignatureTally signatureTally;

    final List<TcpClose> closes = new ArrayList<>(2);
    /** Bytes missing from the capture, per sender (first and last gap frames; 0 = none). */
    long firstClientGapFrame, lastClientGapFrame, firstServerGapFrame, lastServerGapFrame;

    long lastFrame;
    long lastTimeNanos;

    /** TCP and SMB events, bounded (the timeline next to the side-by-side view). */
    final TimelineRecorder timeline = new TimelineRecorder();

    /**
     * NTLMSSP Versions (MS-NLMP 2.2.2.10): the client's from its AUTHENTICATE (preferred) or NEGOTIATE message, the
     * server's from its CHALLENGE. They name the Windows release, which decides the remedy.
     */
    org.negscope.smb2.NtlmVersion clientVersion;
    long clientVersionFrame;
    boolean clientVersionFromAuthenticate;
    org.negscope.smb2.NtlmVersion serverVersion;
    long serverVersionFrame;

    /** The report last given to the listener, to publish only changes. */
    ConnectionReport published;

    ConnectionState(int captureIndex, TcpConnection tcp) {
        this.captureIndex = captureIndex;
        this.tcp = tcp;
    }

    String client() { return (rolesSwapped ? tcp.server() : tcp.client()).toString(); }
    String server() { return (rolesSwapped ? tcp.client() : tcp.server()).toString(); }

    /** The capture holds at least one segment the client / the server sent (roles as the SMB content settled them). */
    boolean seenFromClient() { return tcp.seenFrom(!rolesSwapped); }
    boolean seenFromServer() { return tcp.seenFrom(rolesSwapped); }

    SessionFacts session(long sessionId, boolean create) {
        for (SessionFacts s : sessions) {
            if (s.sessionId == sessionId) {
                return s;
            }
        }
        if (!create || sessions.size() >= MAX_SESSIONS) {
            return null;
        }
        SessionFacts s = new SessionFacts(sessionId);
        sessions.add(s);
        return s;
    }

    /** The first FIN/RST at or after {@code frame}, or null. */
    TcpClose firstCloseFrom(long frame) {
        for (TcpClose c : closes) {
            if (c.frame() >= frame) {
                return c;
            }
        }
        return null;
    }

    /** True when bytes the server sent at or after {@code frame} are missing from the capture. */
    boolean serverGapFrom(long frame) { return lastServerGapFrame >= frame && lastServerGapFrame > 0; }
    boolean clientGapFrom(long frame) { return lastClientGapFrame >= frame && lastClientGapFrame > 0; }

    void decryptProblem(String why) {
        if (decryptProblem == null) {
            decryptProblem = why;
        }
    }

}
