package org.negscope.analysis;

import org.negscope.smb2.CtlCode;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.NtlmAuthenticate;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.NtlmNegotiate;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TreeConnectResponse;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * Records in a connection's {@link ConnectionState} what its decoded SMB2 messages say that the verdict rules need:
 * the NEGOTIATE pair VALIDATE repeats, each session's SESSION_SETUP facts (NTLMSSP versions and account, Kerberos,
 * flags, and with credentials what the signature check needs), the TREE_CONNECT, the VALIDATE_NEGOTIATE_INFO
 * exchanges, LOGOFF and TREE_DISCONNECT. {@link ConnectionTracker} feeds it the messages its decoders find.
 */
final class MessageRecorder {
    private final ConnectionState state;
    private final ConnectionTracker.Context ctx;
    /** Called after a significant message: the connection is re-judged. */
    private final Runnable changed;
    /** Set while a message is handled, for its timeline event (see TimelineRecorder.Slot#detail). */
    long eventDetail;
    boolean eventValidate;
    /** True while the messages of a decrypted TRANSFORM message are being handled. */
    boolean decrypting;

    MessageRecorder(ConnectionState state, ConnectionTracker.Context ctx, Runnable changed) {
        this.state = state;
        this.ctx = ctx;
        this.changed = changed;
    }

    /** A warning about this connection, with the frame's file offset when the reader is at that frame. */
    void warn(long frame, String msg) {
        ctx.warnings().add(ctx.warnings().warningFor(frame, state.tcp + ": " + msg));
    }

    /** Records what {@code m} (from the client when {@code fromClient}) says that the verdict rules need. */
    void message(Smb2Message m, Smb2Header h, boolean fromClient) {
        int cmd = h.command();
        if (fromClient && !h.isResponse()) {
            if (state.treeConnectFrame > 0 && state.requestAfterTreeConnectFrame == 0 && state.validates.isEmpty()
                    && m.lastFrame() > state.treeConnectFrame) {
                state.requestAfterTreeConnectFrame = m.lastFrame();
                state.requestAfterTreeConnect = h.commandName();
            }
        }
        if (fromClient && !h.isResponse()) {
            if (cmd == Smb2Command.LOGOFF) {
                state.logoffFrame = m.lastFrame();
                state.logoffTimeNanos = m.timeNanos();
            } else if (cmd == Smb2Command.TREE_DISCONNECT) {
                state.treeDisconnectFrame = m.lastFrame();
            }
        }
        switch (cmd) {
            case Smb2Command.NEGOTIATE -> negotiate(m, h);
            case Smb2Command.SESSION_SETUP -> sessionSetup(m, h);
            case Smb2Command.TREE_CONNECT -> treeConnect(m, h);
            case Smb2Command.IOCTL -> ioctl(m, h);
            default -> { }
        }
    }

    // MS-SMB2 3.2.4.2.2.2 / 3.3.5.3: the pair VALIDATE repeats is the last SMB2 NEGOTIATE before SESSION_SETUP.
    private void negotiate(Smb2Message m, Smb2Header h) {
        if (state.sessionSetupSeen) {
            warn(m.lastFrame(), "NEGOTIATE after SESSION_SETUP (frame " + m.lastFrame()
                    + ") ignored: VALIDATE repeats the NEGOTIATE that preceded the first SESSION_SETUP");
            return;
        }
        if (!h.isResponse()) {
            NegotiateRequest r = NegotiateRequest.decode(m);
            state.negotiateRequest = new NegotiateRequestFields(m.lastFrame(), m.timeNanos(), h.messageId(),
                    r.securityMode(), r.capabilities() & 0xffffffffL, r.clientGuid(), r.dialects(), m);
            state.negotiateResponse = null; // a new request starts a new exchange
            return;
        }
        if (h.status() != NtStatus.SUCCESS) {
            state.negotiateResponse = new NegotiateResponseFields(m.lastFrame(), m.timeNanos(), h.status(), 0, 0, null, 0, m);
            changed.run();
            return;
        }
        NegotiateResponse r = NegotiateResponse.decode(m);
        eventDetail = r.dialectRevision();
        if (r.dialectRevision() == Dialect.SMB_2_WILDCARD) {
            // Answer to an SMB1 multi-protocol NEGOTIATE: the client must send an SMB2 NEGOTIATE next (3.2.5.2).
            state.wildcardResponseFrame = m.lastFrame();
            return;
        }
        state.negotiateResponse = new NegotiateResponseFields(m.lastFrame(), m.timeNanos(), h.status(),
                r.securityMode(), r.dialectRevision(), r.serverGuid(), r.capabilities() & 0xffffffffL, m);
        changed.run();
    }

    private void sessionSetup(Smb2Message m, Smb2Header h) {
        if (!state.sessionSetupSeen) {
            state.sessionSetupSeen = true;
            state.firstSessionSetupFrame = m.lastFrame();
        }
        boolean keepChallenge = ctx.withCredentials();
        if (keepChallenge) {
            ctx.signatures().sessionSetupPreauth(state, m);
        }
        if (!h.isResponse()) {
            SessionFacts s = state.session(h.sessionId(), true);
            if (s != null && s.firstRequestFrame == 0) {
                s.firstRequestFrame = m.lastFrame();
            }
            // Always read: an NTLMSSP AUTHENTICATE with no user is how an anonymous session shows when the
            // server leaves SessionFlags IS_NULL clear (Samba does).
            SessionSetupRequest req = SessionSetupRequest.decode(m);
            eventDetail = req.flags();
            if ((req.flags() & SessionSetupRequest.FLAG_BINDING) != 0 && state.bindingFrame == 0) {
                state.bindingFrame = m.lastFrame(); // an additional channel of a multichannel session (MS-SMB2 2.2.5 Flags)
            }
            NtlmMessage token = ctx.signatures().sessionSetupRequest(state, h.sessionId(), req.securityBuffer(), m);
            if (token == null && !state.kerberos && req.securityBuffer() != null && req.securityBuffer().length > 0) {
                byte[] apReq = kerberosToken(req.securityBuffer());
                if (apReq != null) {
                    state.kerberos = true;
                    state.kerberosApReqDigest = MatchKeys.digest(apReq);
                }
            }
            if (token instanceof NtlmAuthenticate a && state.ntlmResponseDigest == null && a.ntChallengeResponse() != null
                    && a.ntChallengeResponse().length > 0) {
                state.ntlmResponseDigest = MatchKeys.digest(a.ntChallengeResponse());
            }
            // The client's OS: AUTHENTICATE's Version wins over NEGOTIATE's (both are normally equal).
            if (token instanceof NtlmAuthenticate a && a.version() != null && !state.clientVersionFromAuthenticate) {
                state.clientVersion = a.version();
                state.clientVersionFrame = m.lastFrame();
                state.clientVersionFromAuthenticate = true;
            } else if (token instanceof NtlmNegotiate n && n.version() != null && state.clientVersion == null) {
                state.clientVersion = n.version();
                state.clientVersionFrame = m.lastFrame();
            }
            return;
        }
        SessionFacts s = state.session(h.sessionId(), true);
        if (s == null) {
            return;
        }
        s.status = h.status();
        s.finalResponseFrame = m.lastFrame();
        if (h.status() == NtStatus.MORE_PROCESSING_REQUIRED || h.status() == NtStatus.SUCCESS) {
            SessionSetupResponse r = SessionSetupResponse.decode(m);
            // Read always: the CHALLENGE's Version names the server's OS. Kept only when it can serve the signature check.
            NtlmMessage token = h.status() == NtStatus.MORE_PROCESSING_REQUIRED || keepChallenge
                    ? SignatureVerifier.ntlm(r.securityBuffer()) : null;
            if (token instanceof NtlmChallenge c && state.ntlmChallengeHex == null && c.serverChallenge() != null) {
                state.ntlmChallengeHex = java.util.HexFormat.of().formatHex(c.serverChallenge());
            }
            if (token instanceof NtlmChallenge c && c.version() != null && state.serverVersion == null) {
                state.serverVersion = c.version();
                state.serverVersionFrame = m.lastFrame();
            }
            if (keepChallenge) {
                ctx.signatures().sessionSetupResponse(state, h.sessionId(), token);
                if (token == null) {
                    ctx.signatures().kerberosResponse(state, h.sessionId(), r.securityBuffer());
                }
            }
            if (h.status() == NtStatus.SUCCESS) {
                s.succeeded = true;
                s.sessionFlags = r.sessionFlags();
                eventDetail = r.sessionFlags();
            }
        }
        if (h.status() != NtStatus.MORE_PROCESSING_REQUIRED) {
            changed.run();
        }
    }

    /** The Kerberos AP-REQ token (SPNEGO krb5 mechanism token) a SESSION_SETUP security buffer carries, else null. */
    private static byte[] kerberosToken(byte[] securityBuffer) {
        try {
            org.negscope.smb2.Spnego sp = org.negscope.smb2.Spnego.decode(securityBuffer);
            return sp.isKerberos() ? sp.mechToken() : null;
        } catch (RuntimeException e) { // Smb2FormatException included: damaged tokens are simply not Kerberos
            return null;
        }
    }

    private void treeConnect(Smb2Message m, Smb2Header h) {
        if (!h.isResponse()) {
            if (state.treeConnectRequestFrame == 0) {
                state.treeConnectRequestFrame = m.lastFrame();
            }
            return;
        }
        if (h.status() == NtStatus.SUCCESS) {
            if (state.treeConnectFrame == 0) {
                state.treeConnectFrame = m.lastFrame();
                state.treeConnectTimeNanos = m.timeNanos();
                state.treeConnectSessionId = h.sessionId();
                state.shareFlags = TreeConnectResponse.decode(m).shareFlags();
                if (ctx.withCredentials()) {
                    state.treeConnectResponse = m;
                }
                changed.run();
            }
        } else if (state.treeConnectFrame == 0) {
            state.treeConnectFailedFrame = m.lastFrame();
            state.treeConnectFailedStatus = h.status();
            changed.run();
        }
    }

    private void ioctl(Smb2Message m, Smb2Header h) {
        if (!h.isResponse()) {
            IoctlRequest r = IoctlRequest.decode(m);
            eventDetail = r.ctlCode() & 0xffffffffL;
            if (r.ctlCode() != CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO) {
                return;
            }
            eventValidate = true;
            if (state.validates.size() >= ConnectionState.MAX_VALIDATES) {
                state.validatesDropped++;
                return;
            }
            ValidateExchange v = new ValidateExchange();
            v.messageId = h.messageId();
            v.sessionId = h.sessionId();
            v.requestFrame = m.lastFrame();
            v.requestTimeNanos = m.timeNanos();
            v.requestMessage = m;
            v.requestEncrypted = decrypting;
            v.maxOutputResponse = r.maxOutputResponse();
            try {
                ValidateNegotiateInfoRequest q = ValidateNegotiateInfoRequest.decode(r.input());
                v.capabilities = q.capabilities() & 0xffffffffL;
                v.clientGuid = q.guid();
                v.clientSecurityMode = q.securityMode();
                v.dialects = q.dialects();
                v.requestDecoded = true;
            } catch (Smb2FormatException e) {
                v.requestProblem = e.getMessage();
                warn(m.lastFrame(), "VALIDATE_NEGOTIATE_INFO request (frame " + m.lastFrame() + "): " + e.getMessage());
            }
            state.validates.add(v);
            changed.run();
            return;
        }
        ValidateExchange v = pendingValidate(h.messageId());
        if (v == null) {
            return;
        }
        eventDetail = CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO;
        eventValidate = true;
        if (h.status() == NtStatus.PENDING && h.isAsync()) {
            return; // interim response (MS-SMB2 3.3.4.2): the final answer follows with the same MessageId
        }
        v.responseFrame = m.lastFrame();
        v.responseTimeNanos = m.timeNanos();
        v.responseMessage = m;
        v.status = h.status();
        v.responseSigned = h.isSigned();
        v.responseEncrypted = decrypting;
        if (h.status() == NtStatus.SUCCESS) {
            try {
                IoctlResponse r = IoctlResponse.decode(m);
                ValidateNegotiateInfoResponse a = ValidateNegotiateInfoResponse.decode(r.output());
                v.serverCapabilities = a.capabilities() & 0xffffffffL;
                v.serverGuid = a.guid();
                v.serverSecurityMode = a.securityMode();
                v.dialect = a.dialect();
                v.responseDecoded = true;
            } catch (Smb2FormatException e) {
                v.responseProblem = e.getMessage();
                warn(m.lastFrame(), "VALIDATE_NEGOTIATE_INFO response (frame " + m.lastFrame() + "): " + e.getMessage());
            }
        }
        if (v.responseEncrypted) {
            // AES-CCM authenticated the whole TRANSFORM message with the session's key: as good as a valid
            // signature (MS-SMB2 3.2.5.14.12 accepts "signed or encrypted").
            v.verifiedSignature = SignatureStatus.VALID;
        } else if (v.responseSigned && ctx.withCredentials()) {
            ctx.signatures().verify(state, v);
        }
        changed.run();
    }

    private ValidateExchange pendingValidate(long messageId) {
        for (ValidateExchange v : state.validates) {
            if (v.messageId == messageId && !v.answered()) {
                return v;
            }
        }
        return null;
    }
}
