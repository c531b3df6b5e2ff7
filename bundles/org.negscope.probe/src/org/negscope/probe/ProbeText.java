package org.negscope.probe;

import java.io.PrintStream;
import java.util.HexFormat;
import org.negscope.analysis.Difference;
import org.negscope.analysis.FieldFormat;
import org.negscope.analysis.ValidateComparison;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/** The probe's plain-text report: steps, the four messages side by side by field, verdict. No secrets. */
public final class ProbeText {
    private ProbeText() {}

    public static void print(ProbeResult r, PrintStream out, boolean hex) {
        out.println("NegScope probe of " + r.target() + ": " + r.offered());
        out.println();
        out.println(String.format("  %-36s %7s %7s %6s %6s  %s", "step", "start", "took", "sent", "recv", "status"));
        for (ProbeStep s : r.steps()) {
            out.println(String.format("  %-36s %5d ms %4d ms %6d %6d  %s", s.name(), s.startMillis(), s.durationMillis(),
                    s.bytesSent(), s.bytesReceived(), s.status()));
            if (!s.detail().isEmpty()) {
                out.println("      " + s.detail());
            }
        }
        out.println();
        if (r.negotiateRequest() != null) {
            out.println("  Field          NEGOTIATE request (sent)                VALIDATE request (sent)");
            String[] n = requestFields(r.negotiateRequest(), false);
            String[] v = r.validateRequest() == null ? new String[4] : requestFields(r.validateRequest(), true);
            row(out, "Capabilities", n[0], v[0]);
            row(out, "Guid", n[1], v[1]);
            row(out, "SecurityMode", n[2], v[2]);
            row(out, "Dialects", n[3], v[3]);
        }
        if (r.negotiateResponse() != null) {
            out.println("  Field          NEGOTIATE response (received)           VALIDATE response (received)");
            String[] n = responseFields(r.negotiateResponse(), false);
            String[] v = r.validateResponse() == null ? new String[] {null, null, null, null}
                    : responseFields(r.validateResponse(), true);
            row(out, "Capabilities", n[0], v[0]);
            row(out, "Guid", n[1], v[1]);
            row(out, "SecurityMode", n[2], v[2]);
            row(out, "Dialect", n[3], v[3]);
            out.println();
        }
        out.println("Verdict:    " + r.verdict() + (r.fatal() ? " (fatal: a Windows client drops the connection)" : "")
                + (r.spec().isEmpty() ? "" : "  [" + r.spec() + "]"));
        out.println("Summary:    " + r.summary());
        if (r.validateSent() || r.signature() != org.negscope.analysis.SignatureStatus.NONE) {
            out.println("Signature:  " + r.signature() + (r.signatureDetail().isEmpty() ? "" : " — " + r.signatureDetail()));
        }
        if (!r.differences().isEmpty()) {
            out.println("Differences:");
            for (Difference d : r.differences()) {
                out.println("  " + d.side() + " " + d.field() + ": NEGOTIATE " + d.negotiate() + ", VALIDATE " + d.validate()
                        + ValidateComparison.bitsNote(d));
            }
        }
        out.println("Ended by:   " + r.terminatedBy().json());
        if (r.failure() != null) {
            out.println("Failure:    " + r.failure() + ": " + r.error());
        }
        if (hex) {
            dump(out, "NEGOTIATE request", r.negotiateRequest());
            dump(out, "NEGOTIATE response", r.negotiateResponse());
            dump(out, "VALIDATE request", r.validateRequest());
            dump(out, "VALIDATE response", r.validateResponse());
        }
    }

    public static void print(ProbeVariations.Report rep, PrintStream out) {
        out.println();
        out.println("Variations (" + rep.outcomes().size() + " run" + (rep.outcomes().size() == 1 ? "" : "s") + "):");
        for (ProbeVariations.Outcome o : rep.outcomes()) {
            out.println(String.format("  %-4s %-44s %s", o.passed() ? "PASS" : "fail", o.variant().label(),
                    o.result().verdict() + (o.result().failure() != null ? " (" + o.result().failure() + ")" : "")));
        }
        out.println("Findings:");
        for (String f : rep.findings()) {
            out.println("  - " + f);
        }
        if (rep.findings().isEmpty()) {
            out.println("  " + rep.conclusion());
        }
    }

    private static void row(PrintStream out, String field, String a, String b) {
        boolean differ = a != null && b != null && !a.equals(b);
        out.println(String.format("  %-14s %-39s %s%s", field, a == null ? "-" : a, b == null ? "-" : b, differ ? "   <-- differs" : ""));
    }

    private static String[] requestFields(Smb2Message m, boolean validate) {
        try {
            if (validate) {
                ValidateNegotiateInfoRequest v = ValidateNegotiateInfoRequest.decode(IoctlRequest.decode(m).input());
                return new String[] {FieldFormat.capabilities(v.capabilities()), v.guid().toString(), FieldFormat.securityMode(v.securityMode()),
                        FieldFormat.dialects(v.dialects())};
            }
            NegotiateRequest n = NegotiateRequest.decode(m);
            return new String[] {FieldFormat.capabilities(n.capabilities()), n.clientGuid().toString(), FieldFormat.securityMode(n.securityMode()),
                    FieldFormat.dialects(n.dialects())};
        } catch (Smb2FormatException e) {
            return new String[] {"(undecodable)", "", "", ""};
        }
    }

    private static String[] responseFields(Smb2Message m, boolean validate) {
        try {
            if (validate) {
                if (m.header().status() != NtStatus.SUCCESS) {
                    return new String[] {m.header().statusName(), "", "", ""};
                }
                ValidateNegotiateInfoResponse v = ValidateNegotiateInfoResponse.decode(IoctlResponse.decode(m).output());
                return new String[] {FieldFormat.capabilities(v.capabilities()), v.guid().toString(), FieldFormat.securityMode(v.securityMode()),
                        FieldFormat.dialect(v.dialect())};
            }
            NegotiateResponse n = NegotiateResponse.decode(m);
            return new String[] {FieldFormat.capabilities(n.capabilities()), n.serverGuid().toString(), FieldFormat.securityMode(n.securityMode()),
                    FieldFormat.dialect(n.dialectRevision())};
        } catch (Smb2FormatException e) {
            return new String[] {"(undecodable)", "", "", ""};
        }
    }

    private static void dump(PrintStream out, String what, Smb2Message m) {
        if (m == null) {
            return;
        }
        byte[] b = m.bytes();
        out.println();
        out.println(what + " (" + b.length + " bytes, from the SMB2 ProtocolId):");
        HexFormat h = HexFormat.ofDelimiter(" ");
        for (int i = 0; i < b.length; i += 16) {
            int n = Math.min(16, b.length - i);
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < n; k++) {
                char c = (char) (b[i + k] & 0xff);
                text.append(c >= 0x20 && c < 0x7f ? c : '.');
            }
            out.println(String.format("  %04x  %-47s  %s", i, h.formatHex(b, i, i + n), text));
        }
    }
}
