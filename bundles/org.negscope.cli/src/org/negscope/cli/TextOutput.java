package org.negscope.cli;

import java.io.PrintStream;
import java.util.List;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionPair;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureChecks;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TimelineEvent;
import org.negscope.analysis.TwoPointResult;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.CaptureWarning;
import org.negscope.remedy.HostOs;
import org.negscope.remedy.RemedyAdvisor;

/**
 * The default, human-readable output of {@code negscope analyze} (a header per capture, a block per connection)
 * and of {@code negscope compare} (a block per matched connection with what the path changed). Text from the
 * capture is printed with control characters replaced: a capture must not drive the terminal.
 */
final class TextOutput {
    private TextOutput() {}

    static void write(AnalysisResult r, PrintStream out) {
        write(r, false, out);
    }

    /** Everything goes through {@link #safe}: capture paths, warnings, summaries and names come from untrusted input. */
    static void write(AnalysisResult r, boolean timeline, PrintStream out) {
        out.print(safe(render(ps -> writeRaw(r, timeline, ps))));
    }

    static void writeCompare(TwoPointResult t, AnalysisResult r, boolean timeline, PrintStream out) {
        out.print(safe(render(ps -> writeCompareRaw(t, r, timeline, ps))));
    }

    private static String render(java.util.function.Consumer<PrintStream> body) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(4096);
        PrintStream ps = new PrintStream(b, false, java.nio.charset.StandardCharsets.UTF_8);
        body.accept(ps);
        ps.flush();
        return b.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeRaw(AnalysisResult r, boolean timeline, PrintStream out) {
        List<CaptureReport> caps = r.captures();
        for (int i = 0; i < caps.size(); i++) {
            CaptureReport c = caps.get(i);
            out.printf("capture %d: %s (%s, %d frames)%n", i, c.path(), c.format(), c.frames());
            if (c.nonPacketRecords() > 0) {
                out.printf("  %d of the frames are ETW/NetEvent records without a packet: counted, not analysed%n", c.nonPacketRecords());
            }
            if (c.duplicates() > 0) {
                out.printf("  %d duplicate copies of packets (one per network-stack component) set aside%n", c.duplicates());
            }
            for (CaptureSummary.Member m : c.members()) {
                out.println("  file " + m.path() + " (" + m.format() + ", " + (m.frames() == 0 ? "no frames"
                        : !m.runs().isEmpty() ? m.frames() + " frames merged by time with another file's, from frame " + m.firstFrame()
                        : "frames " + m.firstFrame() + "-" + (m.firstFrame() + m.frames() - 1)) + ")");
            }
            for (CaptureWarning w : c.warnings()) {
                out.println("  warning: " + (c.isSet() && !w.file().equals(c.path()) ? w.file() + ", " : "") // a set's member
                        + (w.frame() > 0 ? "frame " + w.frame() + ", " : "")
                        + (w.offset() >= 0 ? "offset " + w.offset() + ": " : "") + w.message());
            }
        }
        long fatal = r.connections().stream().filter(ConnectionReport::fatal).count();
        out.printf("%d SMB connection%s, %d fatal%n", r.connections().size(), r.connections().size() == 1 ? "" : "s", fatal);
        for (ConnectionReport c : r.connections()) {
            out.println();
            block(c, caps.size() > 1, c.capture() >= 0 && c.capture() < caps.size() ? caps.get(c.capture()) : null, out);
            if (timeline) {
                timeline(c, out);
            }
        }
        if (fatal > 0) {
            out.println();
            out.println("The fix in full (PowerShell and .reg to apply and to revert, the signing alternative, questions for the"
                    + " vendor of the device in the path): add --text REPORT.txt or --html REPORT.html.");
        }
    }

    static void timeline(ConnectionReport c, PrintStream out) {
        out.printf("  timeline     %d of %d events%n", c.timelineEvents().size(), c.timelineTotal());
        long prev = -1;
        for (TimelineEvent e : c.timelineEvents()) {
            if (e.index() > prev + 1) {
                out.printf("    ... %d events not kept ...%n", e.index() - prev - 1);
            }
            out.println(safe(String.format("    %-8s %-14s %s  %s", e.frame(), e.offsetText(), e.fromClient() ? "C -> S" : "C <- S", e.text())));
            prev = e.index();
        }
    }

    /** {@code negscope compare} without --json. */
    private static void writeCompareRaw(TwoPointResult t, AnalysisResult r, boolean timeline, PrintStream out) {
        List<CaptureReport> caps = r.captures();
        for (int i = 0; i < caps.size(); i++) {
            CaptureReport c = caps.get(i);
            out.println(safe(String.format("%s side: %s (%s, %d frames)", i == 0 ? "client" : "server", c.path(), c.format(), c.frames())));
            for (CaptureWarning w : c.warnings()) {
                out.println(safe("  warning: " + (w.frame() > 0 ? "frame " + w.frame() + ", " : "")
                        + (w.offset() >= 0 ? "offset " + w.offset() + ": " : "") + w.message()));
            }
        }
        long changed = t.pairs().stream().filter(ConnectionPair::changed).count();
        out.printf("%d connection%s matched, %d changed on the way; %d only on the client side, %d only on the server side%n",
                t.pairs().size(), t.pairs().size() == 1 ? "" : "s", changed, t.unmatchedClientSide().size(), t.unmatchedServerSide().size());
        if (t.pairs().isEmpty() && !r.connections().isEmpty()) {
            out.println("no connection is in both captures (no shared ClientGuid): are they of the same traffic, client side first?");
        }
        int n = 1;
        for (ConnectionPair p : t.pairs()) {
            out.println();
            ConnectionReport c = p.clientSide();
            ConnectionReport s = p.serverSide();
            out.println(safe(String.format("pair %d: %s -> %s (client side: %s%s)", n++, c.client(), c.server(), c.verdict(),
                    c.fatal() ? ", fatal" : "")));
            out.println(safe(String.format("     == %s -> %s (server side: %s%s)", s.client(), s.server(), s.verdict(),
                    s.fatal() ? ", fatal" : "")));
            out.println(safe("  matched by   " + p.matchedBy()));
            out.println(safe("  middlebox    " + p.middlebox()));
            if (!p.changed()) {
                out.println("  changed      nothing: NEGOTIATE and VALIDATE arrived as sent");
            } else {
                int wm = "message".length();
                int wf = "field".length();
                int ws = "as sent".length();
                for (ConnectionPair.Change ch : p.changes()) {
                    wm = Math.max(wm, ch.message().length());
                    wf = Math.max(wf, ch.field().length());
                    ws = Math.max(ws, Math.min(40, ch.sent().length()));
                }
                String fmt = "    %-" + wm + "s  %-" + wf + "s  %-" + ws + "s  %s%n";
                out.println("  changed");
                out.printf(fmt, "message", "field", "as sent", "as received");
                for (ConnectionPair.Change ch : p.changes()) {
                    out.print(safe(String.format(fmt, ch.message(), ch.field(), ch.sent(), ch.received()
                            + (ch.note().isEmpty() ? "" : "   (" + ch.note() + ")"))));
                }
                if (!p.bytes().isEmpty()) {
                    out.println("  bytes        (offset from the SMB2 ProtocolId)");
                    for (ConnectionPair.ByteChange b : p.bytes()) {
                        out.println(safe(String.format("    %s +%d: 0x%02x -> 0x%02x  %s", b.message(), b.offset(), b.sent(), b.received(),
                                b.field() == null ? "" : b.field())));
                    }
                    if (p.bytesOmitted() > 0) {
                        out.printf("    ... and %d more bytes%n", p.bytesOmitted());
                    }
                }
            }
            out.println(safe("  summary      " + p.summary()));
            if (timeline) {
                out.println("  client side:");
                timeline(c, out);
                out.println("  server side:");
                timeline(s, out);
            }
        }
        for (int side = 0; side < 2; side++) {
            List<ConnectionReport> rest = side == 0 ? t.unmatchedClientSide() : t.unmatchedServerSide();
            for (ConnectionReport c : rest) {
                out.println();
                out.println("only in the " + (side == 0 ? "client" : "server") + "-side capture:");
                block(c, false, out);
            }
        }
    }

    /** Control characters from the capture become '?' (terminal escapes); line feeds stay. */
    static String safe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            b.append((ch < 0x20 && ch != '\n') || (ch >= 0x7f && ch <= 0x9f) ? '?' : ch);
        }
        return b.toString();
    }

    static void block(ConnectionReport c, boolean showCapture, PrintStream out) {
        block(c, showCapture, null, out);
    }

    /** As {@link #block(ConnectionReport, boolean, PrintStream)}; in a capture set the evidence frames also name their files. */
    static void block(ConnectionReport c, boolean showCapture, CaptureReport capture, PrintStream out) {
        out.printf("%s -> %s  dialect %s%s%n", c.client(), c.server(), c.dialect() == null ? "unknown" : c.dialect(),
                showCapture ? "  (capture " + c.capture() + ")" : "");
        out.printf("  verdict      %s%s%n", c.verdict(), c.fatal() ? " (fatal)" : "");
        out.printf("  summary      %s%n", c.summary());
        // what a support engineer asks next; the scripts and the rest of the advice are in --text / --html reports
        out.printf("  what to do   %s%n", RemedyAdvisor.advise(c).headline());
        SignatureChecks sc = c.signatureChecks();
        out.printf("  signature    %s%n", c.signature() + (sc.validateExpected() == null ? ""
                : " (" + (c.signature() == SignatureStatus.INVALID ? "" : "key probably wrong; ") + "expected "
                        + sc.validateExpected() + ", found " + sc.validateFound() + ")"));
        if (sc.checked()) {
            out.printf("  signed       %s%n", sc.text());
            if (sc.firstInvalidFrame() > 0) {
                out.printf("  invalid      first in frame %d: expected %s, found %s%n", sc.firstInvalidFrame(),
                        sc.firstInvalidExpected(), sc.firstInvalidFound());
            }
            if (sc.firstUnverifiedFrame() > 0) {
                out.println(safe("  unverified   first in frame " + sc.firstUnverifiedFrame() + ": " + sc.firstUnverifiedReason()));
            }
            if (sc.credentialsHint() != null) {
                out.println(safe("  credentials  " + sc.credentialsHint()));
            }
        }
        out.printf("  terminated   %s%n", c.terminatedBy().json()
                + (c.frames().termination() > 0 ? " (frame " + c.frames().termination() + ")"
                : c.terminatedBy() == org.negscope.analysis.TerminatedBy.NONE && c.details().lastFrame() > 0
                        ? " (no FIN or RST in the capture; its last frame is " + c.details().lastFrame() + ")" : ""));
        out.printf("  spec         %s%n", c.spec());
        if (!c.differences().isEmpty()) {
            int wf = "field".length();
            int wn = "NEGOTIATE".length();
            for (Difference d : c.differences()) {
                wf = Math.max(wf, d.field().length());
                wn = Math.max(wn, d.negotiate().length());
            }
            String fmt = "    %-8s  %-" + wf + "s  %-" + wn + "s  %s%n";
            out.println("  differences");
            out.printf(fmt, "side", "field", "NEGOTIATE", "VALIDATE");
            for (Difference d : c.differences()) {
                out.printf(fmt, d.side(), d.field(), d.negotiate(), d.validate());
            }
        }
        ConnectionReport.Frames f = c.frames();
        out.printf("  frames       NEGOTIATE %s/%s, VALIDATE %s/%s, termination %s%n", n(f.negotiateRequest()),
                n(f.negotiateResponse()), n(f.validateRequest()), n(f.validateResponse()), n(f.termination()));
        if (capture != null && capture.isSet()) {
            StringBuilder in = new StringBuilder();
            long[] numbers = {f.negotiateRequest(), f.negotiateResponse(), f.validateRequest(), f.validateResponse(), f.termination()};
            for (long frame : numbers) {
                String where = capture.locate(frame);
                if (where != null && in.indexOf("frame " + frame + " (") < 0) {
                    in.append(in.length() == 0 ? "" : "; ").append("frame ").append(frame).append(" (").append(where).append(')');
                }
            }
            if (in.length() > 0) {
                out.println(safe("  in files     " + in));
            }
        }
        if (c.clientVersion() != null) {
            out.println(safe("  client os    " + HostOs.fromNtlmssp(c.clientVersion()).describe()));
        }
        if (c.serverVersion() != null) {
            out.println(safe("  server os    " + HostOs.fromNtlmssp(c.serverVersion()).describe()));
        }
        if (c.account() != null) {
            out.println(safe("  account      " + c.account().text()));
        }
        if (c.validateError() != null) {
            out.println(safe("  validate     " + c.validateError().statusName() + (c.validateError().signed() ? ", signed" : ", unsigned")
                    + (c.validateError().clientsAccept() ? ": clients accept it" : ": clients drop the connection")));
        }
        for (String m : c.missing()) {
            out.println(safe("  missing      " + m));
        }
        if (c.reconnect().sameHosts() > 1) {
            String host = c.client().substring(0, Math.max(0, c.client().lastIndexOf(':')));
            out.println(safe("  reconnect    " + c.reconnect().text(host)));
        }
    }

    private static String n(long frame) { return frame > 0 ? Long.toString(frame) : "-"; }
}
