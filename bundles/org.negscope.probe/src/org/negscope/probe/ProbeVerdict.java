package org.negscope.probe;

import java.util.List;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.ValidateComparison;
import org.negscope.analysis.Verdict;
import org.negscope.crypto.SignatureCheck;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;

/**
 * The probe's verdicts and the sentences that explain them, written into a {@link ProbeResult}. {@link Probe} runs the
 * exchange and decides which case it met (it knows what it sent, which the capture analysis cannot); the field
 * comparison itself is the analysis' rule ({@link ValidateComparison}), and the protocol rules are those of
 * docs/protocol.md. Nothing here touches the network: the probe closes or resets the connection itself.
 */
final class ProbeVerdict {
    private ProbeVerdict() {}

    /** The client's check of the VALIDATE response (MS-SMB2 3.2.5.14.12). */
    static final String CLIENT_RULE = "MS-SMB2 3.2.5.14.12";
    /** The server's check of the VALIDATE request (MS-SMB2 3.3.5.15.12). */
    static final String SERVER_RULE = "MS-SMB2 3.3.5.15.12";
    /** When a client sends VALIDATE (MS-SMB2 3.2.5.5). */
    static final String SEND_RULE = "MS-SMB2 3.2.5.5";

    private static void set(ProbeResult r, Verdict v, boolean fatal, String spec, TerminatedBy by, String summary) {
        r.verdict = v;
        r.fatal = fatal;
        r.spec = spec;
        r.terminatedBy = by;
        r.summary = summary;
    }

    static void notApplicable(ProbeResult r, String summary) {
        set(r, Verdict.NOT_APPLICABLE, false, SEND_RULE, TerminatedBy.NONE, summary);
    }

    /**
     * --no-validate: judged as the capture analysis judges such a connection (docs/protocol.md): NOT_SENT on 3.0/3.0.2,
     * where Windows would have validated; on 2.x no Windows client validates anyway.
     */
    static void notSent(ProbeResult r) {
        String dialect = Dialect.name(r.dialect);
        if (r.dialect != Dialect.SMB_3_0 && r.dialect != Dialect.SMB_3_0_2) {
            notApplicable(r, "Dialect " + dialect + ": Windows clients validate only on 3.0 and 3.0.2, and the probe was told not "
                    + "to send FSCTL_VALIDATE_NEGOTIATE_INFO (--no-validate).");
            return;
        }
        set(r, Verdict.NOT_SENT, false, SEND_RULE, TerminatedBy.NONE,
                "Dialect " + dialect + ", authenticated signed session and tree connect, but no VALIDATE sent (--no-validate): "
                + "this is what a Windows client with RequireSecureNegotiate=0 does. The connection works, and a downgraded "
                + "NEGOTIATE would go unnoticed.");
    }

    /** A failure a Windows client drops the connection for (the caller then closes it as Windows does). */
    static void clientDrops(ProbeResult r, Verdict v, String summary) {
        set(r, v, true, CLIENT_RULE, TerminatedBy.CLIENT, summary);
    }

    static void unsigned(ProbeResult r, long status) {
        r.signature = SignatureStatus.UNSIGNED;
        r.signatureDetail = "SMB2_FLAGS_SIGNED is not set";
        clientDrops(r, Verdict.RESPONSE_UNSIGNED, "The VALIDATE response (" + NtStatus.name(status) + ") is not signed: "
                + "a Windows client drops the connection. The server signs its answers when the session is signed, so "
                + "something on the path replaced or stripped the signature.");
    }

    static void signatureInvalid(ProbeResult r, long status, String algorithm) {
        clientDrops(r, Verdict.SIGNATURE_INVALID, "The VALIDATE response (" + NtStatus.name(status) + ") carries a "
                + "signature that does not verify with the session's " + algorithm + " key: it was altered on "
                + "the way (or the server's key differs). A Windows client drops the connection.");
    }

    /** A signed error answer; true when it is ACCESS_DENIED (fatal: the caller closes as Windows does). */
    static boolean refused(ProbeResult r, long status) {
        boolean denied = status == NtStatus.ACCESS_DENIED;
        String name = NtStatus.name(status);
        set(r, Verdict.SERVER_REFUSED, denied, CLIENT_RULE, denied ? TerminatedBy.CLIENT : TerminatedBy.NONE, denied
                ? "The server answered VALIDATE with a signed STATUS_ACCESS_DENIED: it saw a different NEGOTIATE than the "
                        + "probe sent. A Windows client drops the connection."
                : "The server answered VALIDATE with a signed " + name + ": it does not implement "
                        + "FSCTL_VALIDATE_NEGOTIATE_INFO on " + Dialect.name(r.dialect) + ". Clients accept a signed answer like this; "
                        + "nothing on the path is proven wrong.");
        return denied;
    }

    static void responseMismatch(ProbeResult r, List<Difference> response) {
        clientDrops(r, Verdict.RESPONSE_MISMATCH, "The server's signed VALIDATE response differs from the NEGOTIATE "
                + "response the probe received: " + ValidateComparison.describe(response) + ". The server sent those values, "
                + "so the NEGOTIATE response was altered on the way; a Windows client drops the connection.");
    }

    /** A deliberate request-side variation that the server accepted: it holds these values. */
    static void variationAccepted(ProbeResult r) {
        set(r, Verdict.VALIDATED, false, SERVER_RULE, TerminatedBy.NONE,
                "The server accepted a VALIDATE request that differs from the NEGOTIATE request the probe sent ("
                + ValidateComparison.describe(r.differences) + "): the server received these values, so something on the "
                + "path changed the NEGOTIATE request.");
    }

    /** @param algorithm the session's signing algorithm (MS-SMB2 name), used when the signature is VALID */
    static void validated(ProbeResult r, String algorithm) {
        String dialect = Dialect.name(r.dialect);
        set(r, Verdict.VALIDATED, false, CLIENT_RULE, TerminatedBy.NONE,
                "The server answered FSCTL_VALIDATE_NEGOTIATE_INFO on " + dialect + " with the values of its NEGOTIATE "
                + "response and a " + (r.signature == SignatureStatus.VALID ? "valid " + algorithm + " signature"
                        : "signature the probe could not check")
                + ": nothing on the path altered the negotiation."
                + (r.dialect == Dialect.SMB_2_0_2 || r.dialect == Dialect.SMB_2_1
                        ? " (Windows clients validate on 3.0 and 3.0.2 only; Samba's client also on " + dialect + ".)" : "")
                + (r.dialect == Dialect.SMB_3_1_1
                        ? " (Sent on request: clients never validate on 3.1.1, and MS-SMB2 3.3.5.15.12 has the server drop "
                                + "the connection instead of answering; this server answered.)" : ""));
    }

    /**
     * The server hung up after the VALIDATE request. Returns true when the probe should then close its side (the
     * case the server's rule explains: it received a different NEGOTIATE request).
     */
    static boolean serverTerminated(ProbeResult r, boolean reset, long afterMillis) {
        r.signature = SignatureStatus.NONE;
        set(r, Verdict.SERVER_TERMINATED, true, SERVER_RULE, TerminatedBy.SERVER, null);
        if (r.overrideLabel != null) {
            r.summary = "The server " + (reset ? "reset" : "closed") + " the connection " + afterMillis + " ms after a VALIDATE "
                    + "request deliberately carrying " + ValidateComparison.describe(r.differences) + ": it does not hold those values.";
            return false;
        }
        if (r.dialect == Dialect.SMB_3_1_1) {
            r.summary = "The server " + (reset ? "reset" : "closed") + " the connection after VALIDATE on 3.1.1, as "
                    + "MS-SMB2 3.3.5.15.12 requires (clients never send it on 3.1.1).";
            r.verdict = Verdict.NOT_APPLICABLE;
            r.fatal = false;
            return false;
        }
        r.summary = "The server " + (reset ? "reset (RST)" : "closed (FIN)") + " the connection " + afterMillis
                + " ms after the signed VALIDATE request without answering, although the probe sent exactly the values "
                + "of its NEGOTIATE request: the server received a different NEGOTIATE request (Capabilities, "
                + "SecurityMode, Dialects or ClientGuid). Something on the path rewrites it; run the probe with "
                + "--variations to find which field.";
        return true;
    }

    /** 3.1.1: the final SESSION_SETUP response does not verify with the preauth-hash key (MS-SMB2 3.2.5.3.1). */
    static void preauthFailure(ProbeResult r, SignatureCheck c) {
        r.signature = SignatureStatus.INVALID;
        r.signatureDetail = c.toString();
        set(r, Verdict.SIGNATURE_INVALID, true, "MS-SMB2 3.2.5.3.1", TerminatedBy.CLIENT,
                "Dialect 3.1.1: the signed final SESSION_SETUP response does not verify with the key derived from "
                + "the preauth integrity hash of the messages the probe sent and received. The server hashed different "
                + "NEGOTIATE or SESSION_SETUP bytes: something on the path altered them. A Windows client drops the "
                + "connection.");
    }
}
