package org.negscope.probe;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.ValidateComparison;
import org.negscope.analysis.Verdict;
import org.negscope.capture.Progress;
import org.negscope.crypto.PreauthIntegrity;
import org.negscope.crypto.Secret;
import org.negscope.crypto.SignatureCheck;
import org.negscope.crypto.SigningAlgorithm;
import org.negscope.crypto.SigningKeys;
import org.negscope.smb2.Capabilities;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.Logoff;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NegotiateContext;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.SecurityMode;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Spnego;
import org.negscope.smb2.TreeConnectRequest;
import org.negscope.smb2.TreeConnectResponse;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * An SMB2/3 client that does exactly what a Windows client does up to FSCTL_VALIDATE_NEGOTIATE_INFO, and
 * reports it: TCP connect, NEGOTIATE (MS-SMB2 3.2.4.2.2.2; 3.1.1 contexts when 3.1.1 is offered),
 * SESSION_SETUP with SPNEGO/NTLMv2 (MIC, key exchange), signing key (3.2.5.3.1), TREE_CONNECT to IPC$,
 * the signed VALIDATE a client sends after TREE_CONNECT (3.2.5.5; request layout 2.2.31.4), signature check
 * and field comparison of the answer (3.2.5.14.12), LOGOFF.
 * <p>
 * Because the probe knows what it sent, a server that hangs up after the VALIDATE request means the
 * server received a different NEGOTIATE request: something on the path rewrote it (3.3.5.15.12).
 * <p>
 * {@link #run} never throws for network or protocol trouble: the result carries the failure. Every wait is
 * bounded by the step timeout and the overall deadline, and polls {@link Progress#isCanceled()}.
 * The caller owns the options' secrets ({@link ProbeOptions#clearSecrets()}); the probe wipes its own copies.
 * <p>
 * Why one class of this size: it is the client state machine, and its steps share one connection's state (transport,
 * MessageIds, SessionId, TreeId, signing key, preauth hash), as a client's Connection and Session do (MS-SMB2 3.2.1).
 * What is not the state machine lives elsewhere: the verdict sentences in {@link ProbeVerdict}, the field comparison
 * in the analysis ({@code ValidateComparison}), the NTLMSSP messages in {@link NtlmsspClient}, the framing in
 * {@link SmbTransport}.
 */
public final class Probe {
    /** MaxOutputResponse of the VALIDATE request: the 24-byte VALIDATE_NEGOTIATE_INFO response (3.3.5.15.12). */
    static final int VALIDATE_MAX_OUTPUT = 24;
    /** SMB2 CreditRequest on each request: enough for a short exchange, like Windows' first requests. */
    private static final int CREDITS_REQUESTED = 31;
    /** Windows' value for the sync header's Reserved ("ProcessId") field. */
    private static final long PROCESS_ID = 0xFEFF;
    /** Steps of a complete run (connect, NEGOTIATE, 2 x SESSION_SETUP, TREE_CONNECT, IOCTL, LOGOFF, close), for progress. */
    static final int STEPS = 8;
    /** How long the probe waits for the server's FIN after its own at the end. */
    private static final long CLOSE_WAIT_MILLIS = 500;

    private final ProbeOptions o;
    private final Progress progress;
    private final ProbeResult r = new ProbeResult();
    private final SecureRandom random = new SecureRandom();
    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private SmbTransport transport;
    private long nextMessageId;
    private long sessionId;
    private long treeId;
    private NegotiateRequest negotiateRequest;
    private NegotiateResponse negotiateResponse;
    private ValidateNegotiateInfoRequest validateSent;
    private Secret signingKey;
    private SigningAlgorithm algorithm;
    private int signingAlgorithmId = -1;
    private PreauthIntegrity preauth;

    private Probe(ProbeOptions o, Progress progress) {
        this.o = Objects.requireNonNull(o, "options");
        this.progress = progress == null ? Progress.NONE : progress;
        this.deadlineNanos = startNanos + o.deadlineMillis() * 1_000_000L;
    }

    /** Runs the exchange once. Never throws for network or server trouble; see {@link ProbeResult#failure()}. */
    public static ProbeResult run(ProbeOptions options, Progress progress) {
        return new Probe(options, progress).execute();
    }

    private ProbeResult execute() {
        r.target = o.host() + ":" + o.port();
        r.offered = "dialects " + Dialect.names(o.dialects()) + ", SecurityMode " + SecurityMode.describe(o.securityMode())
                + ", Capabilities " + Capabilities.describe(o.capabilities()) + ", ClientGuid " + o.clientGuid();
        r.overrideLabel = o.validateOverride() == null ? null : o.validateOverride().label();
        try {
            connect();
            negotiate();
            sessionSetup();
            treeConnect();
            if (shouldValidate()) {
                validate();
            }
            finish();
        } catch (ProbeException e) {
            fail(e);
        } catch (Stop e) {
            // verdict reached; the connection is closed already
        } finally {
            if (signingKey != null) {
                signingKey.clear();
            }
            if (transport != null) {
                transport.close();
            }
            whoClosedFirst();
            r.elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000L;
        }
        return r;
    }

    // ---- steps --------------------------------------------------------------------------------------------

    private void connect() throws ProbeException {
        Step s = begin("TCP connect");
        try {
            transport = SmbTransport.connect(o.host(), o.port(), stepDeadline(o.connectTimeoutMillis()), progress,
                    o.maxMessageBytes(), r.transcript);
        } catch (ProbeException e) {
            s.end(e.failure().name(), e.getMessage());
            throw e;
        }
        s.end("OK", "connected from " + ProbeResult.hostPort(r.transcript.client()) + " to "
                + ProbeResult.hostPort(r.transcript.server()));
    }

    private void negotiate() throws ProbeException {
        Step s = begin("NEGOTIATE");
        List<NegotiateContext> contexts = new ArrayList<>();
        boolean offers311 = Arrays.stream(o.dialects()).anyMatch(d -> d == Dialect.SMB_3_1_1);
        if (offers311) {
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            contexts.add(new NegotiateContext.PreauthIntegrity(List.of(NegotiateContext.PreauthIntegrity.SHA_512), salt));
            // AES-128-GCM, AES-128-CCM: what Windows 10 offers; the probe never encrypts, but servers expect the context.
            contexts.add(new NegotiateContext.Encryption(List.of(0x0002, 0x0001)));
            contexts.add(new NegotiateContext.Signing(List.of(NegotiateContext.Signing.AES_GMAC,
                    NegotiateContext.Signing.AES_CMAC, NegotiateContext.Signing.HMAC_SHA256)));
        }
        negotiateRequest = new NegotiateRequest(o.securityMode(), o.capabilities(), o.clientGuid(), o.dialects(), contexts);
        // CreditCharge 0 on NEGOTIATE: the server has granted nothing yet (3.2.4.1.5).
        byte[] req = negotiateRequest.encode(header(Smb2Command.NEGOTIATE, 0));
        Smb2Message resp;
        try {
            send(req, s);
            r.negotiateRequest = Smb2Message.of(req);
            r.negotiateRequestEvent = r.transcript.lastIndex();
            resp = receive(s, 0);
        } catch (ProbeException e) {
            s.end(e.failure().name(), e.getMessage());
            throw e;
        }
        r.negotiateResponse = resp;
        r.negotiateResponseEvent = r.transcript.lastIndex();
        long status = resp.header().status();
        if (status != NtStatus.SUCCESS) {
            String msg = "the server rejected the NEGOTIATE with " + NtStatus.name(status) + " (no dialect in common with "
                    + Dialect.names(o.dialects()) + "?)";
            s.end(NtStatus.name(status), msg);
            throw new ProbeException(ProbeFailure.NEGOTIATE_FAILED, msg, status, null);
        }
        try {
            negotiateResponse = NegotiateResponse.decode(resp);
        } catch (Smb2FormatException e) {
            s.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the NEGOTIATE response cannot be decoded: " + e.getMessage());
        }
        int d = negotiateResponse.dialectRevision();
        if (Arrays.stream(o.dialects()).noneMatch(x -> x == d)) {
            String msg = "the server chose dialect " + Dialect.name(d) + ", which the probe did not offer";
            s.end("PROTOCOL_ERROR", msg);
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, msg);
        }
        r.dialect = d;
        r.serverSecurityMode = negotiateResponse.securityMode();
        if (d == Dialect.SMB_3_1_1) {
            preauth = new PreauthIntegrity().update(req).update(resp.bytes());
            NegotiateContext.Signing sc = negotiateResponse.context(NegotiateContext.Signing.class);
            if (sc != null && !sc.algorithms().isEmpty()) {
                signingAlgorithmId = sc.algorithms().get(0);
            }
        }
        s.end("OK", "dialect " + Dialect.name(d) + ", server SecurityMode "
                + SecurityMode.describe(negotiateResponse.securityMode()) + ", Capabilities "
                + Capabilities.describe(negotiateResponse.capabilities()) + ", ServerGuid " + negotiateResponse.serverGuid());
    }

    private void sessionSetup() throws ProbeException {
        boolean requiresSigning = (negotiateResponse.securityMode() & SecurityMode.SIGNING_REQUIRED) != 0;
        ProbeOptions.Logon logon = o.logon();
        if (requiresSigning && logon != ProbeOptions.Logon.USER) {
            String msg = "the server requires signing (SecurityMode " + SecurityMode.describe(negotiateResponse.securityMode())
                    + ") but a " + logon.name().toLowerCase(java.util.Locale.ROOT)
                    + " session cannot sign: give a user and password (or NT hash)";
            begin("SESSION_SETUP").end(ProbeFailure.SIGNING_REQUIRED_NO_CREDENTIALS.name(), msg);
            throw new ProbeException(ProbeFailure.SIGNING_REQUIRED_NO_CREDENTIALS, msg);
        }
        if (logon == ProbeOptions.Logon.USER && !o.hasCredentials()) {
            String msg = "no password or NT hash given for user '" + o.user() + "'"
                    + (requiresSigning ? " and the server requires signing" : "");
            ProbeFailure f = requiresSigning ? ProbeFailure.SIGNING_REQUIRED_NO_CREDENTIALS : ProbeFailure.NO_CREDENTIALS;
            begin("SESSION_SETUP").end(f.name(), msg);
            throw new ProbeException(f, msg);
        }
        PreauthIntegrity sessionHash = preauth == null ? null : preauth.copy();
        NtlmsspClient ntlm = new NtlmsspClient(random);
        boolean anonymous = logon == ProbeOptions.Logon.ANONYMOUS;
        int secMode = o.securityMode() & 0x03;

        // Round 1: SPNEGO NegTokenInit with the NTLMSSP NEGOTIATE_MESSAGE.
        Step s1 = begin("SESSION_SETUP (NTLMSSP NEGOTIATE)");
        byte[] req1 = new SessionSetupRequest(0, secMode, Capabilities.DFS, 0, 0,
                Spnego.encodeInit(List.of(Spnego.OID_NTLMSSP), ntlm.negotiate(anonymous)))
                .encode(header(Smb2Command.SESSION_SETUP, 0));
        Smb2Message resp1;
        try {
            send(req1, s1);
            resp1 = receive(s1, nextMessageId - 1);
        } catch (ProbeException e) {
            s1.end(e.failure().name(), e.getMessage());
            throw e;
        }
        long st1 = resp1.header().status();
        if (st1 != NtStatus.MORE_PROCESSING_REQUIRED) {
            String msg = "SESSION_SETUP answered " + NtStatus.name(st1) + " to the NTLMSSP NEGOTIATE (expected "
                    + "STATUS_MORE_PROCESSING_REQUIRED): the server does not accept NTLM";
            s1.end(NtStatus.name(st1), msg);
            throw new ProbeException(ProbeFailure.AUTH_FAILED, msg, st1, null);
        }
        sessionId = resp1.header().sessionId();
        if (sessionHash != null) {
            sessionHash.update(req1).update(resp1.bytes());
        }
        NtlmChallenge challenge;
        try {
            NtlmMessage token = SessionSetupResponse.decode(resp1).ntlmssp();
            if (!(token instanceof NtlmChallenge c)) {
                throw new Smb2FormatException("the security buffer carries no NTLMSSP CHALLENGE_MESSAGE but "
                        + (token == null ? "nothing NTLM" : token.getClass().getSimpleName()));
            }
            challenge = c;
        } catch (Smb2FormatException | IllegalArgumentException e) {
            s1.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the server's NTLMSSP CHALLENGE cannot be read: " + e.getMessage());
        }
        s1.end("OK", String.format("STATUS_MORE_PROCESSING_REQUIRED, SessionId 0x%016x, NTLM target '%s'", sessionId,
                challenge.targetName()));

        // Round 2: NegTokenResp with the AUTHENTICATE_MESSAGE.
        Step s2 = begin("SESSION_SETUP (NTLMSSP AUTHENTICATE)");
        byte[] authenticate;
        Secret exported = null;
        try {
            if (anonymous) {
                authenticate = ntlm.authenticateAnonymous(challenge, o.workstation());
            } else {
                String user = logon == ProbeOptions.Logon.GUEST && o.user().isEmpty() ? "Guest" : o.user();
                try (Secret cred = credential(logon)) {
                    NtlmsspClient.Authenticate a = ntlm.authenticate(challenge, user, o.domain(), o.workstation(), cred);
                    authenticate = a.message();
                    exported = a.exportedSessionKey();
                }
            }
            byte[] req2 = new SessionSetupRequest(0, secMode, Capabilities.DFS, 0, 0,
                    Spnego.encodeResp(-1, null, authenticate, null)).encode(header(Smb2Command.SESSION_SETUP, sessionId));
            if (sessionHash != null) {
                sessionHash.update(req2);
            }
            Smb2Message resp2;
            try {
                send(req2, s2);
                resp2 = receive(s2, nextMessageId - 1);
            } catch (ProbeException e) {
                s2.end(e.failure().name(), e.getMessage());
                throw e;
            }
            long st2 = resp2.header().status();
            if (st2 != NtStatus.SUCCESS) {
                String who = anonymous ? "an anonymous logon" : "user '" + qualifiedUser() + "'";
                String msg = "SESSION_SETUP failed with " + NtStatus.name(st2) + ": the server rejected " + who
                        + (st2 == NtStatus.LOGON_FAILURE ? " (wrong password or unknown user)" : "");
                s2.end(NtStatus.name(st2), msg);
                throw new ProbeException(ProbeFailure.AUTH_FAILED, msg, st2, null);
            }
            SessionSetupResponse ssr;
            try {
                ssr = SessionSetupResponse.decode(resp2);
            } catch (Smb2FormatException e) {
                s2.end("PROTOCOL_ERROR", e.getMessage());
                throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the SESSION_SETUP response cannot be decoded: " + e.getMessage());
            }
            r.sessionFlags = ssr.sessionFlags();
            boolean guest = (ssr.sessionFlags() & SessionSetupResponse.IS_GUEST) != 0;
            boolean isNull = (ssr.sessionFlags() & SessionSetupResponse.IS_NULL) != 0;
            String kind = isNull ? "anonymous (IS_NULL)" : guest ? "guest (IS_GUEST)"
                    : anonymous ? String.format("anonymous (SessionFlags 0x%04x: the server did not set IS_NULL)",
                            ssr.sessionFlags()) : "authenticated";
            if ((ssr.sessionFlags() & SessionSetupResponse.ENCRYPT_DATA) != 0) {
                String msg = "the server demands encryption for this session (SessionFlags ENCRYPT_DATA); the probe does "
                        + "not encrypt, so it cannot send VALIDATE";
                s2.end(ProbeFailure.ENCRYPTION_REQUIRED.name(), msg);
                throw new ProbeException(ProbeFailure.ENCRYPTION_REQUIRED, msg);
            }
            String detail = "STATUS_SUCCESS, " + kind + " session";
            if (!guest && !isNull && exported != null) {
                algorithm = SigningAlgorithm.forDialect(r.dialect, signingAlgorithmId);
                signingKey = SigningKeys.signingKey(r.dialect, exported,
                        r.dialect == Dialect.SMB_3_1_1 ? sessionHash.value() : null);
                detail += ", signing with " + algorithm.specName();
                if (resp2.header().isSigned()) {
                    byte[] b = resp2.bytes();
                    SignatureCheck c = org.negscope.crypto.Smb2Signer.verify(b, 0, b.length, signingKey, algorithm);
                    r.sessionSignature = "final SESSION_SETUP response signature " + c;
                    detail += "; response signature " + c.status();
                    if (!c.isValid() && r.dialect == Dialect.SMB_3_1_1) {
                        // 3.2.5.3.1: the 3.1.1 key depends on every NEGOTIATE and SESSION_SETUP byte: a
                        // rewritten NEGOTIATE shows up here, not in VALIDATE.
                        s2.end("SIGNATURE_INVALID", detail);
                        preauthFailure(c);
                        throw new Stop();
                    }
                } else if (r.dialect == Dialect.SMB_3_1_1) {
                    detail += "; response NOT signed (3.1.1 requires it)";
                }
            }
            s2.end("OK", detail);
        } finally {
            if (exported != null) {
                exported.clear();
            }
        }
    }

    private Secret credential(ProbeOptions.Logon logon) {
        if (logon == ProbeOptions.Logon.GUEST && !o.hasCredentials()) {
            return Secret.password(new char[0]);
        }
        char[] pw = o.password();
        if (pw != null) {
            try {
                return Secret.password(pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        byte[] h = o.ntHash();
        try {
            return Secret.bytes(h);
        } finally {
            Arrays.fill(h, (byte) 0);
        }
    }

    private String qualifiedUser() {
        return o.domain().isEmpty() ? o.user() : o.domain() + "\\" + o.user();
    }

    private void treeConnect() throws ProbeException {
        String path = "\\\\" + o.host() + "\\" + o.share();
        Step s = begin("TREE_CONNECT " + path);
        byte[] req = new TreeConnectRequest(0, path).encode(header(Smb2Command.TREE_CONNECT, sessionId));
        sign(req);
        Smb2Message resp;
        try {
            send(req, s);
            resp = receive(s, nextMessageId - 1);
        } catch (ProbeException e) {
            s.end(e.failure().name(), e.getMessage());
            throw e;
        }
        long st = resp.header().status();
        if (st != NtStatus.SUCCESS) {
            String msg = "TREE_CONNECT to " + path + " failed with " + NtStatus.name(st);
            s.end(NtStatus.name(st), msg);
            throw new ProbeException(ProbeFailure.TREE_CONNECT_FAILED, msg, st, null);
        }
        treeId = resp.header().treeId();
        TreeConnectResponse tc;
        try {
            tc = TreeConnectResponse.decode(resp);
        } catch (Smb2FormatException e) {
            s.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the TREE_CONNECT response cannot be decoded: " + e.getMessage());
        }
        if (tc.encryptData()) {
            String msg = "the share " + path + " demands encryption (ShareFlags ENCRYPT_DATA); the probe does not encrypt, "
                    + "so it cannot send VALIDATE in clear";
            s.end(ProbeFailure.ENCRYPTION_REQUIRED.name(), msg);
            throw new ProbeException(ProbeFailure.ENCRYPTION_REQUIRED, msg);
        }
        String detail = String.format("TreeId 0x%08x, ShareFlags 0x%08x", treeId, tc.shareFlags())
                + (signingKey == null ? ", unsigned" : ", signed request; response " + (resp.header().isSigned()
                        ? "signature " + verify(resp).status() : "not signed"));
        s.end("OK", detail);
    }

    private boolean shouldValidate() {
        boolean guest = r.sessionFlags >= 0 && (r.sessionFlags & SessionSetupResponse.IS_GUEST) != 0;
        // Samba sets no flag at all for an NTLMSSP anonymous logon (it maps it to guest internally), so the
        // probe also goes by what it asked for.
        boolean anonymous = r.sessionFlags >= 0 && (r.sessionFlags & SessionSetupResponse.IS_NULL) != 0
                || o.logon() == ProbeOptions.Logon.ANONYMOUS;
        if (guest || anonymous || signingKey == null) {
            String who = anonymous ? "an anonymous (null) session" : guest ? "a guest session" : "a session without a signing key";
            begin("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO").end("SKIPPED", "not sent: " + who + " cannot sign");
            notApplicable("The server gave " + who + ": it cannot sign, so clients do not send "
                    + "FSCTL_VALIDATE_NEGOTIATE_INFO and a rewritten NEGOTIATE would go unnoticed. Probe with a real account "
                    + "to test the path.");
            return false;
        }
        if (r.dialect == Dialect.SMB_3_1_1 && !o.validateOn311()) {
            begin("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO").end("SKIPPED", "not sent on 3.1.1");
            notApplicable("Dialect 3.1.1 was negotiated: clients do not send FSCTL_VALIDATE_NEGOTIATE_INFO, preauth "
                    + "integrity protects the negotiation instead"
                    + (r.sessionSignature.isEmpty() ? "." : " (" + r.sessionSignature + ")."));
            return false;
        }
        if (o.skipValidate()) {
            notSent();
            return false;
        }
        return true;
    }

    /**
     * --no-validate: the session is signed and the tree connected, and the probe stays silent as a Windows 8 /
     * Server 2012 client with RequireSecureNegotiate=0 does ({@link ProbeVerdict#notSent}).
     */
    private void notSent() {
        begin("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO").end("SKIPPED", "not sent (--no-validate, as with RequireSecureNegotiate=0)");
        ProbeVerdict.notSent(r);
    }

    private void notApplicable(String summary) {
        ProbeVerdict.notApplicable(r, summary);
    }

    private void validate() throws ProbeException {
        Step s = begin("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO");
        ProbeOptions.ValidateOverride ov = o.validateOverride();
        validateSent = new ValidateNegotiateInfoRequest(
                ov != null && ov.capabilities() != null ? ov.capabilities() : o.capabilities(),
                ov != null && ov.guid() != null ? ov.guid() : o.clientGuid(),
                ov != null && ov.securityMode() != null ? ov.securityMode() : o.securityMode(),
                ov != null && ov.dialects() != null ? ov.dialects() : o.dialects());
        byte[] req = IoctlRequest.validateNegotiateInfo(validateSent, VALIDATE_MAX_OUTPUT)
                .encode(header(Smb2Command.IOCTL, sessionId));
        sign(req);
        long mid = nextMessageId - 1;
        try {
            send(req, s);
        } catch (ProbeException e) {
            s.end(e.failure().name(), e.getMessage());
            throw e;
        }
        r.validateSent = true;
        r.validateRequest = Smb2Message.of(req);
        r.validateRequestEvent = r.transcript.lastIndex();
        requestSideDifferences();
        long sentAt = System.nanoTime();
        Smb2Message resp;
        try {
            resp = receive(s, mid);
        } catch (ProbeException e) {
            s.end(e.failure().name(), e.getMessage());
            if (e.failure() == ProbeFailure.CONNECTION_CLOSED || e.failure() == ProbeFailure.CONNECTION_RESET) {
                serverTerminated(e, (System.nanoTime() - sentAt) / 1_000_000L);
                throw new Stop();
            }
            throw e;
        }
        r.validateResponse = resp;
        r.validateResponseEvent = r.transcript.lastIndex();
        r.validateStatus = resp.header().status();
        judgeResponse(resp, s);
    }

    /** The probe's VALIDATE against its own NEGOTIATE (the analysis' rule): differs only when a variation asked it to. */
    private void requestSideDifferences() {
        NegotiateRequest n = negotiateRequest;
        ValidateNegotiateInfoRequest v = validateSent;
        r.differences.addAll(ValidateComparison.requestSide(n.capabilities(), n.clientGuid(), n.securityMode(), n.dialects(),
                v.capabilities(), v.guid(), v.securityMode(), v.dialects()));
    }

    private void judgeResponse(Smb2Message resp, Step s) throws ProbeException {
        Smb2Header h = resp.header();
        long status = h.status();
        if (!h.isSigned()) {
            s.end(NtStatus.name(status), "response NOT signed");
            ProbeVerdict.unsigned(r, status);
            closeLikeWindows();
        }
        SignatureCheck check = verify(resp);
        r.signatureDetail = check.toString();
        if (check.status() == SignatureCheck.Status.VALID) {
            r.signature = SignatureStatus.VALID;
        } else if (check.status() == SignatureCheck.Status.INVALID) {
            r.signature = SignatureStatus.INVALID;
            s.end(NtStatus.name(status), "response signature INVALID");
            ProbeVerdict.signatureInvalid(r, status, algorithm.specName());
            closeLikeWindows();
        } else {
            r.signature = SignatureStatus.UNVERIFIED;
        }
        if (status != NtStatus.SUCCESS) {
            s.end(NtStatus.name(status), "signed error answer, signature " + r.signature);
            if (ProbeVerdict.refused(r, status)) {
                closeLikeWindows();
            }
            return;
        }
        ValidateNegotiateInfoResponse v;
        try {
            IoctlResponse io = IoctlResponse.decode(resp);
            v = ValidateNegotiateInfoResponse.decode(io.output());
        } catch (Smb2FormatException e) {
            s.end("PROTOCOL_ERROR", e.getMessage());
            throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the VALIDATE response cannot be decoded: " + e.getMessage());
        }
        NegotiateResponse n = negotiateResponse;
        List<Difference> resp2 = ValidateComparison.responseSide(n.capabilities(), n.serverGuid(), n.securityMode(),
                n.dialectRevision(), v.capabilities(), v.guid(), v.securityMode(), v.dialect());
        r.differences.addAll(resp2);
        if (!resp2.isEmpty()) {
            s.end("STATUS_SUCCESS", resp2.size() + " field(s) differ from the NEGOTIATE response, signature " + r.signature);
            ProbeVerdict.responseMismatch(r, resp2);
            closeLikeWindows();
        }
        s.end("STATUS_SUCCESS", "values equal the NEGOTIATE response, signature " + r.signature);
        if (!r.differences.isEmpty()) {
            ProbeVerdict.variationAccepted(r);
            return;
        }
        ProbeVerdict.validated(r, algorithm == null ? null : algorithm.specName());
    }

    /** A Windows client tears the connection down at once after a failed validation; so does the probe. */
    private void closeLikeWindows() {
        drop();
        throw new Stop();
    }

    /**
     * Ends the connection after a failed check: with RST when asked ({@link ProbeOptions#resetOnFailure()}, what
     * Windows does), else with FIN (what Samba's client does), waiting briefly for the server's FIN.
     */
    private void drop() {
        if (o.resetOnFailure()) {
            transport.abort();
        } else {
            transport.shutdown(System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000L);
        }
    }

    private void serverTerminated(ProbeException e, long afterMillis) {
        if (ProbeVerdict.serverTerminated(r, e.failure() == ProbeFailure.CONNECTION_RESET, afterMillis)) {
            transport.shutdown(System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000L);
        }
    }

    private void preauthFailure(SignatureCheck c) {
        ProbeVerdict.preauthFailure(r, c);
        drop();
    }

    /**
     * Like the capture analysis: the connection was ended by whoever sent the first FIN or RST (the probe
     * after an orderly LOGOFF, the server when it hung up).
     */
    private void whoClosedFirst() {
        List<WireEvent> ev = r.transcript.events();
        for (int i = 0; i < ev.size(); i++) {
            WireEvent e = ev.get(i);
            if (e.type() == WireEvent.Type.FIN || e.type() == WireEvent.Type.RST) {
                r.terminatedBy = e.fromClient() ? TerminatedBy.CLIENT : TerminatedBy.SERVER;
                r.terminationEvent = i;
                return;
            }
        }
    }

    private void finish() throws ProbeException {
        if (transport == null || transport.closedByPeer()) {
            return;
        }
        Step s = begin("LOGOFF");
        byte[] req = Logoff.encode(header(Smb2Command.LOGOFF, sessionId));
        sign(req);
        try {
            send(req, s);
            Smb2Message resp = receive(s, nextMessageId - 1);
            s.end(NtStatus.name(resp.header().status()), "");
        } catch (ProbeException e) {
            // The verdict is already known; a failing LOGOFF only goes into the step list.
            s.end(e.failure().name(), e.getMessage());
        }
        Step c = begin("TCP close");
        transport.shutdown(Math.min(deadlineNanos, System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000L));
        c.end("OK", "");
    }

    private void fail(ProbeException e) {
        r.failure = e.failure();
        r.error = e.getMessage();
        r.failureStatus = e.status();
        if (r.verdict == Verdict.NOT_APPLICABLE || r.verdict == Verdict.NOT_SENT || r.verdict == Verdict.VALIDATED
                || r.verdict == Verdict.SERVER_REFUSED
                || r.verdict == Verdict.RESPONSE_MISMATCH || r.verdict == Verdict.SERVER_TERMINATED) {
            return; // judged already; the failure came afterwards
        }
        r.verdict = Verdict.INCOMPLETE;
        r.fatal = false;
        r.spec = "";
        r.summary = "The probe stopped before the VALIDATE exchange: " + e.getMessage();
        r.terminatedBy = switch (e.failure()) {
            case CONNECTION_CLOSED, CONNECTION_RESET -> TerminatedBy.SERVER;
            case CONNECTION_REFUSED, UNKNOWN_HOST, UNREACHABLE -> TerminatedBy.NONE;
            default -> TerminatedBy.CLIENT;
        };
        if (transport != null && !transport.closedByPeer()) {
            transport.shutdown(System.nanoTime() + 200_000_000L);
        }
    }

    /** Ends the run after a verdict was reached mid-step (not an error). */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("verdict reached", null, false, false);
        }
    }

    // ---- messages -----------------------------------------------------------------------------------------

    private Smb2Header header(int command, long session) {
        long mid = nextMessageId++;
        // CreditCharge 0 for NEGOTIATE and on 2.0.2 (the field is reserved there), else 1 (3.2.4.1.5).
        int charge = command == Smb2Command.NEGOTIATE || r.dialect == Dialect.SMB_2_0_2 ? 0 : 1;
        return new Smb2Header(charge, 0, command, CREDITS_REQUESTED, 0, 0, mid, PROCESS_ID,
                command == Smb2Command.NEGOTIATE || command == Smb2Command.SESSION_SETUP || command == Smb2Command.TREE_CONNECT
                        ? 0 : treeId,
                0, session, null);
    }

    private void sign(byte[] message) {
        if (signingKey != null) {
            org.negscope.crypto.Smb2Signer.sign(message, 0, message.length, signingKey, algorithm);
        }
    }

    private SignatureCheck verify(Smb2Message m) {
        byte[] b = m.bytes();
        return org.negscope.crypto.Smb2Signer.verify(b, 0, b.length, signingKey, algorithm);
    }

    private void send(byte[] message, Step s) throws ProbeException {
        transport.send(message, stepDeadline(o.stepTimeoutMillis()), s.name);
    }

    /**
     * The final response to the request with {@code messageId}: interim STATUS_PENDING answers (async) are
     * skipped, as are unsolicited messages (MessageId 0xFFFFFFFFFFFFFFFF, e.g. oplock breaks).
     */
    private Smb2Message receive(Step s, long messageId) throws ProbeException {
        long deadline = stepDeadline(o.stepTimeoutMillis());
        while (true) {
            byte[] b = transport.receive(deadline, s.name);
            Smb2Message m;
            try {
                m = Smb2Message.of(b);
            } catch (Smb2FormatException e) {
                throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the server's answer during " + s.name
                        + " is not a valid SMB2 message: " + e.getMessage());
            }
            Smb2Header h = m.header();
            if (!h.isResponse()) {
                throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "the server sent a request (" + h.commandName()
                        + ") during " + s.name);
            }
            if (h.messageId() == -1L) {
                continue;
            }
            if (h.messageId() != messageId) {
                throw new ProbeException(ProbeFailure.PROTOCOL_ERROR, "during " + s.name + " the server answered MessageId "
                        + h.messageId() + " (" + h.commandName() + "), expected " + messageId);
            }
            if (h.isAsync() && h.status() == NtStatus.PENDING) {
                continue;
            }
            return m;
        }
    }

    private long stepDeadline(long stepMillis) {
        return Math.min(deadlineNanos, System.nanoTime() + stepMillis * 1_000_000L);
    }

    // ---- steps bookkeeping --------------------------------------------------------------------------------

    private Step begin(String name) {
        return new Step(name);
    }

    private final class Step {
        final String name;
        final long start = System.nanoTime();
        final long sent0 = transport == null ? 0 : transport.bytesSent();
        final long recv0 = transport == null ? 0 : transport.bytesReceived();

        Step(String name) {
            this.name = name;
        }

        void end(String status, String detail) {
            long sent = transport == null ? 0 : transport.bytesSent() - sent0;
            long recv = transport == null ? 0 : transport.bytesReceived() - recv0;
            r.steps.add(new ProbeStep(name, (start - startNanos) / 1_000_000L, (System.nanoTime() - start) / 1_000_000L,
                    sent, recv, status, detail == null ? "" : detail));
            progress.worked(r.steps.size(), STEPS);
        }
    }
}
