package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;

/**
 * Turns one connection's {@link ConnectionState} into its {@link ConnectionReport}: the verdict rule that applies
 * ({@link VerdictRules}, docs/protocol.md "Verdict rules"), its sentence and what the capture lacks
 * ({@link VerdictWording}), and the report's details: evidence lines, the VALIDATE error's meaning, peers' OS, account.
 */
final class Diagnosis {
    private Diagnosis() {}

    /** The verdict as the capture stands; without the timeline (progressive reports stay cheap). */
    static ConnectionReport diagnose(ConnectionState s) {
        return diagnose(s, false);
    }

    /** @param withTimeline true for the final report of a connection: it carries the bounded timeline */
    static ConnectionReport diagnose(ConnectionState s, boolean withTimeline) {
        return report(s, VerdictRules.decide(s), withTimeline);
    }

    private static ConnectionReport report(ConnectionState s, Finding o, boolean withTimeline) {
        ValidateExchange v = o.exchange;
        TerminatedBy by = o.close != null ? (o.close.byClient() ? TerminatedBy.CLIENT : TerminatedBy.SERVER)
                : o.verdict() == Verdict.INCOMPLETE ? TerminatedBy.UNKNOWN : TerminatedBy.NONE;
        NegotiateRequestFields nq = s.negotiateRequest;
        NegotiateResponseFields nr = s.negotiateResponse;
        ConnectionReport.Frames frames = new ConnectionReport.Frames(
                nq == null ? 0 : nq.frame(), nr == null ? 0 : nr.frame(),
                v == null ? 0 : v.requestFrame, v == null ? 0 : v.responseFrame,
                o.close == null ? 0 : o.close.frame());
        String dialect = nr == null || nr.status() != NtStatus.SUCCESS ? null : Dialect.name(nr.dialect());
        return new ConnectionReport(s.captureIndex, s.client(), s.server(), dialect, o.verdict(), o.fatal(), VerdictWording.summary(s, o),
                o.differences, o.signature, by, frames, o.rule.spec,
                nq == null ? null : nq.message(), nr == null ? null : nr.message(),
                v == null ? null : v.requestMessage, v == null ? null : v.responseMessage,
                details(s, o, withTimeline)).withSignatureChecks(SignatureVerifier.checks(s, v)).withMatchKeys(matchKeys(s))
                .withValidateSignature(SignatureVerifier.validateSignature(v));
    }

    private static MatchKeys matchKeys(ConnectionState s) {
        List<Long> ids = new ArrayList<>(s.sessions.size());
        for (SessionFacts ss : s.sessions) {
            if (ss.sessionId != 0 && ss.finalResponseFrame > 0) {
                ids.add(ss.sessionId);
            }
        }
        return new MatchKeys(ids, s.ntlmChallengeHex, s.ntlmResponseDigest, s.kerberosApReqDigest);
    }

    // ---------------------------------------------------------------- details (docs/cli.md)

    private static ConnectionReport.Details details(ConnectionState s, Finding o, boolean withTimeline) {
        ValidateError error = validateError(o.exchange);
        List<ValidateMessages> exchanges = new ArrayList<>(s.validates.size());
        for (ValidateExchange x : s.validates) {
            exchanges.add(new ValidateMessages(x.messageId, x.requestMessage, x.responseMessage));
        }
        java.util.UUID guid = s.negotiateRequest != null ? s.negotiateRequest.clientGuid() : null;
        for (int i = 0; guid == null && i < s.validates.size(); i++) {
            guid = s.validates.get(i).clientGuid; // the capture started late: the VALIDATE request repeats it
        }
        NtlmAccount account = account(s);
        String lacks = VerdictWording.lacks(s, o);
        List<String> missing = new ArrayList<>(2);
        if (lacks != null) {
            missing.add(lacks);
        }
        if (o.signature == SignatureStatus.UNVERIFIED) {
            missing.add(s.kerberos
                    ? "the session key or a keytab with the service's key (the session used Kerberos: a password does not give its key)"
                      + " to verify the VALIDATE response's signature"
                    : "credentials (password, NT hash or session key) to verify the VALIDATE response's signature");
        }
        if (s.firstClientGapFrame > 0) {
            missing.add("bytes the client sent (gaps from frame " + s.firstClientGapFrame + " to " + s.lastClientGapFrame + ")");
        }
        if (s.firstServerGapFrame > 0 && (lacks == null || !lacks.contains("gap at frame"))) {
            missing.add("bytes the server sent (gaps from frame " + s.firstServerGapFrame + " to " + s.lastServerGapFrame + ")");
        }
        long start = s.tcp.firstTimeNanos();
        return new ConnectionReport.Details(s.tcp.firstFrame(), start, s.lastFrame, s.lastTimeNanos, guid,
                s.clientVersion, s.clientVersionFrame, s.serverVersion, s.serverVersionFrame, account, error, exchanges,
                withTimeline ? s.timeline.events(start) : List.of(), s.timeline.count(), missing,
                evidence(s, o, error, account), Reconnect.NONE, s.tcp.index());
    }

    /** The account of the first successful session that names one, else of the first AUTHENTICATE seen. */
    private static NtlmAccount account(ConnectionState s) {
        SessionFacts pick = null;
        for (SessionFacts ss : s.sessions) {
            if (ss.ntlmAuthenticate != null && (pick == null || ss.succeeded && !pick.succeeded)) {
                pick = ss;
            }
        }
        if (pick == null) {
            return null;
        }
        org.negscope.smb2.NtlmAuthenticate a = pick.ntlmAuthenticate;
        return new NtlmAccount(a.userName(), a.domainName(), a.workstation(), a.isAnonymous(), pick.authenticateFrame);
    }

    /** MS-SMB2 3.2.5.14.12 on error answers, for the judged exchange; null when it succeeded or was not answered. */
    static ValidateError validateError(ValidateExchange v) {
        if (v == null || !v.answered() || v.status == NtStatus.SUCCESS) {
            return null;
        }
        boolean signed = v.responseSigned || v.responseEncrypted;
        boolean notImpl = VerdictRules.notImplemented(v.status);
        boolean accept = signed && v.status != NtStatus.ACCESS_DENIED;
        String name = NtStatus.name(v.status);
        String meaning;
        if (!signed) {
            meaning = "An unsigned " + name + " cannot be trusted: clients drop the connection (MS-SMB2 3.2.5.14.12).";
        } else if (v.status == NtStatus.ACCESS_DENIED) {
            meaning = "A signed " + name + " means the server rejects the client's values: Windows and Samba clients drop the connection"
                    + " (MS-SMB2 3.2.5.14.12).";
        } else if (notImpl) {
            meaning = "A signed " + name + " is how servers that do not implement FSCTL_VALIDATE_NEGOTIATE_INFO answer (older Windows,"
                    + " some NAS and Samba setups): Windows, Samba's smbclient and Linux cifs accept it and keep the connection.";
        } else {
            meaning = "A signed " + name + " is not one of the errors MS-SMB2 3.2.5.14.12 makes fatal: clients keep the connection,"
                    + " but it is unusual for a server that implements the FSCTL.";
        }
        return new ValidateError(v.status, name, signed, notImpl, accept, v.responseFrame, meaning);
    }

    /** The rule that decides the verdict, with its MS-SMB2 section. */
    static String rule(Verdict v, String dialect) {
        return switch (v) {
            case RESPONSE_MISMATCH, RESPONSE_UNSIGNED, SIGNATURE_INVALID -> "MS-SMB2 3.2.5.14.12 (client): the VALIDATE response must be"
                    + " signed (or encrypted) and repeat the NEGOTIATE response's Capabilities, ServerGuid, SecurityMode and"
                    + " DialectRevision; otherwise the client closes all sessions and terminates the connection.";
            case SERVER_REFUSED -> "MS-SMB2 3.2.5.14.12 (client): a signed error answer is accepted, except STATUS_ACCESS_DENIED,"
                    + " on which the client terminates the connection.";
            case REQUEST_MISMATCH, SERVER_TERMINATED -> "MS-SMB2 3.3.5.15.12 (server): the VALIDATE request must repeat the NEGOTIATE"
                    + " request's Capabilities, ClientGuid and SecurityMode, and its Dialects must give the same dialect (a server"
                    + " that implements 3.1.1 demands the same list); otherwise the server terminates the transport connection"
                    + " without answering.";
            case VALIDATED -> "MS-SMB2 3.2.5.14.12: the VALIDATE response is signed and repeats the NEGOTIATE response, so the client"
                    + " keeps the connection.";
            case NOT_SENT -> "MS-SMB2 3.2.5.5: after a successful TREE_CONNECT on a dialect below 3.1.1, a client that implements"
                    + " SMB 3 (it offered 3.0, 3.0.2 or 3.1.1) and requires secure negotiation (Windows 8 / Server 2012 and later by"
                    + " default) sends FSCTL_VALIDATE_NEGOTIATE_INFO unless the session is anonymous or guest — also on 2.0.2 and"
                    + " 2.1, the downgrade it exists to catch.";
            case ENCRYPTED -> "MS-SMB2 3.2.5.14.12 accepts an encrypted VALIDATE response as authenticated; the exchange is inside the"
                    + " encryption and needs keys to be read.";
            case NOT_APPLICABLE -> "3.1.1".equals(dialect)
                    ? "MS-SMB2 3.3.5.15.12: on dialect 3.1.1 preauthentication integrity protects NEGOTIATE instead; a server drops"
                      + " any VALIDATE on 3.1.1."
                    : "MS-SMB2 3.2.5.5: VALIDATE is sent only by a client that implements SMB 3 (it offered a 3.x dialect), after"
                      + " the tree connect of an authenticated (not guest or anonymous) session on a dialect below 3.1.1; a client"
                      + " that offers only 2.x (Windows 7, Vista) never sends it (Samba's smbclient does, on a signed tree connect).";
            case INCOMPLETE -> "The capture lacks part of the exchange, so no MS-SMB2 rule can be applied yet.";
        };
    }

    private static List<String> evidence(ConnectionState s, Finding o, ValidateError error, NtlmAccount account) {
        List<String> out = new ArrayList<>(6);
        NegotiateResponseFields nr = s.negotiateResponse;
        String dialect = nr == null || nr.status() != NtStatus.SUCCESS ? null : Dialect.name(nr.dialect());
        out.add(rule(o.verdict(), dialect));
        if (o.fatal()) {
            out.add("Fatal: a Windows client drops this connection (it would not get past this exchange).");
        }
        if (error != null) {
            out.add("VALIDATE answered with " + error.statusName() + (error.signed() ? ", signed" : ", unsigned") + " (frame "
                    + error.frame() + "). " + error.meaning());
        }
        TcpClose c = o.close != null ? o.close : s.firstCloseFrom(0);
        if (c != null) {
            ValidateExchange v = o.exchange;
            long ref = v == null ? 0 : v.answered() ? v.responseFrame : v.requestFrame;
            long refTime = v == null ? 0 : v.answered() ? v.responseTimeNanos : v.requestTimeNanos;
            String what = ref > 0 && c.frame() >= ref
                    ? FieldFormat.duration(c.timeNanos() - refTime) + " after the VALIDATE " + (v.answered() ? "response" : "request")
                      + " (frame " + ref + ") and "
                    : "";
            out.add("The " + c.who() + " " + (c.reset() ? "reset the connection with RST" : "closed the connection with FIN")
                    + " in frame " + c.frame() + ", " + what + FieldFormat.duration(c.timeNanos() - s.tcp.firstTimeNanos())
                    + " after the connection's first frame.");
        } else {
            out.add("The capture shows no FIN or RST: the connection was still open at its last frame (" + s.lastFrame + ").");
        }
        if (s.validates.size() > 1) {
            StringBuilder b = new StringBuilder().append(s.validates.size() + s.validatesDropped).append(" VALIDATE exchanges on this connection (request frames ");
            for (int i = 0; i < s.validates.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(s.validates.get(i).requestFrame);
            }
            out.add(b.append("); the first fatal one is judged, else the first.").toString());
        }
        if (s.bindingFrame > 0) {
            out.add("The SESSION_SETUP request in frame " + s.bindingFrame + " binds an existing session (SMB2_SESSION_FLAG_BINDING):"
                    + " this connection is an additional channel of a multichannel session, whose tree connects were made on"
                    + " another connection.");
        }
        if (s.clientVersion != null) {
            out.add("Client NTLMSSP Version " + s.clientVersion.major() + "." + s.clientVersion.minor() + " build "
                    + s.clientVersion.build() + " (SESSION_SETUP request, frame " + s.clientVersionFrame + ").");
        }
        if (s.serverVersion != null) {
            out.add("Server NTLMSSP Version " + s.serverVersion.major() + "." + s.serverVersion.minor() + " build "
                    + s.serverVersion.build() + " (CHALLENGE, frame " + s.serverVersionFrame + ").");
        }
        if (account != null) {
            out.add("NTLMSSP AUTHENTICATE (frame " + account.frame() + ") names " + account.text() + ".");
        }
        return out;
    }
}
