package org.negscope.probe;

import java.util.HexFormat;
import java.util.List;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.smb2.Smb2Message;

/**
 * The probe's JSON: the same "captures"/"connections" shape as {@code negscope analyze --json} (docs/cli.md, so
 * one parser reads both), plus a "probe" object with the steps, the failure and the exact message bytes.
 * Written by hand (a few dozen fields) so the probe needs no JSON library. Contains no secret.
 */
final class ProbeJson {
    private final StringBuilder sb = new StringBuilder(4096);

    static String of(ProbeResult r, String savedPath, ProbeVariations.Report variations) {
        ProbeJson j = new ProbeJson();
        j.sb.append('{');
        j.key("captures").sb.append('[');
        ConnectionReport c = r.toConnectionReport();
        j.sb.append('{');
        j.key("path").str(savedPath == null ? "probe " + r.target() : savedPath).comma();
        j.key("format").str(savedPath == null ? "probe" : "pcapng").comma();
        j.key("frames").num(r.transcript().client() == null ? 0 : PcapngWriter.frameCount(r.transcript())).comma();
        j.key("warnings").sb.append("[]");
        j.sb.append("}],");
        j.key("connections").sb.append('[');
        j.connection(c);
        j.sb.append("],");
        j.key("probe");
        j.probe(r);
        if (variations != null) {
            j.comma().key("variations").sb.append('{');
            j.key("conclusion").str(variations.conclusion()).comma();
            j.key("findings").sb.append('[');
            for (int i = 0; i < variations.findings().size(); i++) {
                if (i > 0) {
                    j.comma();
                }
                j.str(variations.findings().get(i));
            }
            j.sb.append("],");
            j.key("runs").sb.append('[');
            List<ProbeVariations.Outcome> os = variations.outcomes();
            for (int i = 0; i < os.size(); i++) {
                ProbeVariations.Outcome o = os.get(i);
                if (i > 0) {
                    j.comma();
                }
                j.sb.append('{');
                j.key("variation").str(o.variant().label()).comma();
                j.key("field").str(o.variant().field()).comma();
                j.key("validateOnly").bool(o.variant().validateOnly()).comma();
                j.key("verdict").str(o.result().verdict().name()).comma();
                j.key("passed").bool(o.passed()).comma();
                j.key("summary").str(o.result().summary());
                j.sb.append('}');
            }
            j.sb.append("]}");
        }
        j.sb.append('}');
        return j.sb.toString();
    }

    private void connection(ConnectionReport c) {
        sb.append('{');
        key("capture").num(c.capture()).comma();
        key("client").str(c.client()).comma();
        key("server").str(c.server()).comma();
        key("dialect").str(c.dialect()).comma();
        key("verdict").str(c.verdict().name()).comma();
        key("fatal").bool(c.fatal()).comma();
        key("summary").str(c.summary()).comma();
        key("differences").sb.append('[');
        for (int i = 0; i < c.differences().size(); i++) {
            Difference d = c.differences().get(i);
            if (i > 0) {
                comma();
            }
            sb.append('{');
            key("side").str(d.side()).comma();
            key("field").str(d.field()).comma();
            key("negotiate").str(d.negotiate()).comma();
            key("validate").str(d.validate());
            sb.append('}');
        }
        sb.append("],");
        key("signature").str(c.signature().name()).comma();
        key("terminatedBy").str(c.terminatedBy().json()).comma();
        key("frames").sb.append('{');
        ConnectionReport.Frames f = c.frames();
        key("negotiateRequest").num(f.negotiateRequest()).comma();
        key("negotiateResponse").num(f.negotiateResponse()).comma();
        key("validateRequest").num(f.validateRequest()).comma();
        key("validateResponse").num(f.validateResponse()).comma();
        key("termination").num(f.termination());
        sb.append("},");
        key("spec").str(c.spec());
        sb.append('}');
    }

    private void probe(ProbeResult r) {
        sb.append('{');
        key("target").str(r.target()).comma();
        key("offered").str(r.offered()).comma();
        key("elapsedMillis").num(r.elapsedMillis()).comma();
        key("failure");
        if (r.failure() == null) {
            sb.append("null");
        } else {
            sb.append('{');
            key("kind").str(r.failure().name()).comma();
            key("message").str(r.error()).comma();
            key("status").str(r.failureStatus() < 0 ? null : org.negscope.smb2.NtStatus.name(r.failureStatus()));
            sb.append('}');
        }
        comma();
        key("sessionFlags").num(r.sessionFlags()).comma();
        key("validateSent").bool(r.validateSent()).comma();
        key("validateStatus").str(r.validateStatus() < 0 ? null : org.negscope.smb2.NtStatus.name(r.validateStatus())).comma();
        key("signatureDetail").str(r.signatureDetail()).comma();
        key("sessionSignature").str(r.sessionSignature()).comma();
        key("steps").sb.append('[');
        for (int i = 0; i < r.steps().size(); i++) {
            ProbeStep s = r.steps().get(i);
            if (i > 0) {
                comma();
            }
            sb.append('{');
            key("name").str(s.name()).comma();
            key("startMillis").num(s.startMillis()).comma();
            key("durationMillis").num(s.durationMillis()).comma();
            key("bytesSent").num(s.bytesSent()).comma();
            key("bytesReceived").num(s.bytesReceived()).comma();
            key("status").str(s.status()).comma();
            key("detail").str(s.detail());
            sb.append('}');
        }
        sb.append("],");
        key("messages").sb.append('{');
        message("negotiateRequest", r.negotiateRequest());
        comma();
        message("negotiateResponse", r.negotiateResponse());
        comma();
        message("validateRequest", r.validateRequest());
        comma();
        message("validateResponse", r.validateResponse());
        sb.append("}}");
    }

    private void message(String name, Smb2Message m) {
        key(name);
        if (m == null) {
            sb.append("null");
        } else {
            str(HexFormat.of().formatHex(m.bytes()));
        }
    }

    private ProbeJson key(String k) {
        str(k);
        sb.append(':');
        return this;
    }

    private ProbeJson comma() {
        sb.append(',');
        return this;
    }

    private ProbeJson num(long v) {
        sb.append(v);
        return this;
    }

    private ProbeJson bool(boolean v) {
        sb.append(v);
        return this;
    }

    private ProbeJson str(String s) {
        if (s == null) {
            sb.append("null");
            return this;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        return this;
    }
}
