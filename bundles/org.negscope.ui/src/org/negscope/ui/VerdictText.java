package org.negscope.ui;

import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureChecks;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.Verdicts;
import org.negscope.remedy.HostOs;
import org.negscope.ui.packets.MessageSignature;

/**
 * The workbench's words about a connection beyond the verdict's category: the VALIDATE response's signature with its
 * proof, signature counts, client and server OS, account, who ended the connection. The category texts (headline,
 * fatal, plain signature state) are {@link Verdicts}', shared with the reports and the CLI.
 */
public final class VerdictText {
    private VerdictText() {}

    /**
     * The VALIDATE response's signature with its proof: the analysis' status first, then what the credentials gave
     * (expected and found signature for INVALID) or why it could not be checked, or how to check it.
     */
    public static String signature(ConnectionReport r) {
        SignatureStatus s = r.signature();
        ConnectionContext c = ConnectionContext.of(r);
        MessageSignature m = MessageSignature.of(r.validateSignature());
        SignatureChecks sc = r.signatureChecks();
        String with = c.credentials() == null ? "the given credentials" : "the " + c.credentials();
        // Expected and found as the analysis judged the VALIDATE response (validateSignature() is the check behind it).
        String expected = sc.validateExpected() != null ? sc.validateExpected() : m == null ? null : m.expectedHex();
        String found = sc.validateFound() != null ? sc.validateFound() : m == null ? null : m.foundHex();
        String algorithm = m != null && m.algorithm() != null ? m.algorithm() : sc.algorithm();
        if (s == SignatureStatus.INVALID && expected != null) {
            return s.name() + " \u2014 with " + with + " the signature must be " + expected + " but the message carries " + found
                    + " (" + algorithm + "): it was altered after signing";
        }
        if (s == SignatureStatus.UNVERIFIED && expected != null && sc.credentialsHint() != null) {
            // Every signed message of the session fails with this key: the credentials, not the server, are suspect.
            return s.name() + " \u2014 with " + with + " the signature would be " + expected + " but the message carries "
                    + found + " (" + algorithm + "), as every signed message fails: " + sc.credentialsHint();
        }
        if (m != null && (s == SignatureStatus.VALID || s == SignatureStatus.INVALID || s == SignatureStatus.UNVERIFIED)) {
            return switch (m.status()) {
                case VALID -> s.name() + " \u2014 proved with " + with + " (" + m.algorithm() + ", signature " + m.foundHex() + ")";
                case INVALID -> s.name() + " \u2014 with " + with + " the signature must be " + m.expectedHex()
                        + " but the message carries " + m.foundHex() + " (" + m.algorithm() + ")"
                        + (sc.credentialsHint() == null ? "" : ": " + sc.credentialsHint());
                case UNVERIFIED -> s.name() + " \u2014 not proved with " + with + ": " + m.reason();
            };
        }
        if (c.signatureNote() != null && !c.signatureNote().isEmpty()) {
            return c.signatureNote().startsWith(s.name()) ? c.signatureNote() : s.name() + " \u2014 " + c.signatureNote();
        }
        if (s == SignatureStatus.UNVERIFIED && c.credentials() == null) {
            return "UNVERIFIED (signed; give the password, NT hash or session key with Credentials\u2026 in the capture"
                    + " editor to prove it)";
        }
        return Verdicts.signature(s);
    }

    /**
     * The analysis' count of a connection's signed messages for a table cell: "29 VALID", "25 INVALID \u2014 credentials
     * may be wrong", "27 VALID, 1 INVALID, 2 UNVERIFIED"; "" when nothing was checked (no credentials).
     */
    public static String signatureCounts(SignatureChecks c) {
        if (c == null || !c.checked()) {
            return "";
        }
        if (c.signedMessages() == 0) {
            return "no signed message";
        }
        StringBuilder b = new StringBuilder();
        long[] n = {c.valid(), c.invalid(), c.unverified()};
        String[] names = {"VALID", "INVALID", "UNVERIFIED"};
        for (int i = 0; i < n.length; i++) {
            if (n[i] > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(n[i]).append(' ').append(names[i]);
            }
        }
        return b + (c.credentialsHint() != null ? " \u2014 credentials may be wrong" : "");
    }

    /** "probably Samba (NTLMSSP Version 6.1 build 0, frame 10)", or why it is unknown. */
    public static String clientOs(ConnectionReport r) {
        return r.clientVersion() == null ? "not in the capture (no NTLMSSP Version: Kerberos, or the client left it out)"
                : HostOs.fromNtlmssp(r.clientVersion()).describe() + ", frame " + r.clientVersionFrame();
    }

    public static String serverOs(ConnectionReport r) {
        return r.serverVersion() == null ? "not in the capture"
                : HostOs.fromNtlmssp(r.serverVersion()).describe() + ", frame " + r.serverVersionFrame();
    }

    /** "probably Samba (NTLMSSP 6.1 build 0, frame 11)". */
    static String shortOs(org.negscope.smb2.NtlmVersion v, long frame) {
        HostOs os = HostOs.fromNtlmssp(v);
        return os.product() + " (NTLMSSP " + v.major() + "." + v.minor() + " build " + v.build() + ", frame " + frame + ")";
    }

    /** The account of the session, or "" when the capture names none. */
    public static String account(ConnectionReport r) {
        return r.account() == null ? "" : r.account().text() + " (frame " + r.account().frame() + ")";
    }

    /**
     * One line for the side-by-side view: who the client is (OS, account) and the server's OS; "" for a report that
     * did not come from a capture analysis (the probe's own run), which has no such facts.
     */
    public static String peers(ConnectionReport r) {
        if (r.details() == ConnectionReport.Details.NONE) {
            return "";
        }
        StringBuilder b = new StringBuilder("Client: ").append(r.clientVersion() == null ? "OS not in the capture"
                : shortOs(r.clientVersion(), r.clientVersionFrame()));
        if (r.account() != null) {
            b.append(", ").append(r.account().text());
        }
        if (r.serverVersion() != null) {
            b.append("  \u00b7  Server: ").append(shortOs(r.serverVersion(), r.serverVersionFrame()));
        }
        return b.toString();
    }

    public static String terminatedBy(ConnectionReport r) {
        return switch (r.terminatedBy()) {
            case CLIENT -> "the client";
            case SERVER -> "the server";
            case NONE -> "nobody (the connection stayed open in the capture)";
            case UNKNOWN -> "unknown (the capture does not show the end)";
        };
    }
}
