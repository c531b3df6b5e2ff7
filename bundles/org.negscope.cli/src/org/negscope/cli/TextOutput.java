package org.negscope.cli;

import java.io.PrintStream;
import java.util.List;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.capture.CaptureWarning;

/** The default, human-readable output of {@code negscope analyze}: a header per capture, a block per connection. */
final class TextOutput {
    private TextOutput() {}

    static void write(AnalysisResult r, PrintStream out) {
        List<CaptureReport> caps = r.captures();
        for (int i = 0; i < caps.size(); i++) {
            CaptureReport c = caps.get(i);
            out.printf("capture %d: %s (%s, %d frames)%n", i, c.path(), c.format(), c.frames());
            for (CaptureWarning w : c.warnings()) {
                out.println("  warning: " + (w.frame() > 0 ? "frame " + w.frame() + ", " : "")
                        + (w.offset() >= 0 ? "offset " + w.offset() + ": " : "") + w.message());
            }
        }
        long fatal = r.connections().stream().filter(ConnectionReport::fatal).count();
        out.printf("%d SMB connection%s, %d fatal%n", r.connections().size(), r.connections().size() == 1 ? "" : "s", fatal);
        for (ConnectionReport c : r.connections()) {
            out.println();
            block(c, caps.size() > 1, out);
        }
    }

    static void block(ConnectionReport c, boolean showCapture, PrintStream out) {
        out.printf("%s -> %s  dialect %s%s%n", c.client(), c.server(), c.dialect() == null ? "unknown" : c.dialect(),
                showCapture ? "  (capture " + c.capture() + ")" : "");
        out.printf("  verdict      %s%s%n", c.verdict(), c.fatal() ? " (fatal)" : "");
        out.printf("  summary      %s%n", c.summary());
        out.printf("  signature    %s%n", c.signature());
        out.printf("  terminated   %s%n", c.terminatedBy().json()
                + (c.frames().termination() > 0 ? " (frame " + c.frames().termination() + ")" : ""));
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
    }

    private static String n(long frame) { return frame > 0 ? Long.toString(frame) : "-"; }
}
