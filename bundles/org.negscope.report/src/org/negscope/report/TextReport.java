package org.negscope.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionPair;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.TimelineEvent;
import org.negscope.analysis.TwoPointResult;
import org.negscope.capture.CaptureWarning;
import org.negscope.remedy.FieldText;
import org.negscope.remedy.Recommendation;
import org.negscope.remedy.Remedy;
import org.negscope.remedy.Script;
import org.negscope.remedy.VendorQuestions;

/**
 * Plain-text report (for a terminal or a ticket): per connection the verdict, summary, evidence, the
 * NEGOTIATE | VALIDATE table with differing rows marked "!= DIFFERS", and, when a remedy source is given,
 * the advice (optionally with the full scripts). ASCII except for addresses and texts from the analysis.
 * Lines end with '\n'.
 */
public final class TextReport {
    private static final int WRAP = 100;

    private TextReport() {}

    /** Diagnosis only. */
    public static String render(AnalysisResult result) {
        return render(result, null, false);
    }

    /**
     * @param remedies       advice per connection (may return null for "none"); null for no advice section
     * @param includeScripts whether to print each script's full text (they can be long)
     */
    public static String render(AnalysisResult result, Function<ConnectionReport, Remedy> remedies, boolean includeScripts) {
        return render(result, remedies, includeScripts, false);
    }

    /** @param includeTimeline whether to print each connection's timeline (TCP and SMB events) */
    public static String render(AnalysisResult result, Function<ConnectionReport, Remedy> remedies, boolean includeScripts,
                                boolean includeTimeline) {
        StringBuilder sb = new StringBuilder(8192);
        header(sb, result);
        int n = 1;
        for (ConnectionReport r : result.connections()) {
            sb.append('\n');
            connection(sb, result, r, n++, ReportText.remedy(remedies, r), includeScripts, includeTimeline);
        }
        return noControls(sb);
    }

    /**
     * The {@code negscope compare} report: per matched connection what the path changed (as sent | as received, then
     * the bytes), followed by both sides' diagnoses; then the connections seen on one side only.
     */
    public static String renderCompare(TwoPointResult pairs, AnalysisResult both, Function<ConnectionReport, Remedy> remedies,
                                       boolean includeScripts, boolean includeTimeline) {
        StringBuilder sb = new StringBuilder(8192);
        header(sb, both);
        sb.append(pairs.pairs().size()).append(pairs.pairs().size() == 1 ? " connection" : " connections")
                .append(" seen at both capture points, ").append(pairs.pairs().stream().filter(ConnectionPair::changed).count())
                .append(" changed on the way\n");
        int n = 1;
        for (ConnectionPair p : pairs.pairs()) {
            sb.append('\n');
            String head = "Pair " + n + ": " + p.clientSide().client() + " -> " + p.clientSide().server() + "  ==  "
                    + p.serverSide().client() + " -> " + p.serverSide().server() + (p.changed() ? "   CHANGED ON THE WAY" : "   unchanged");
            sb.append(head).append('\n').append("=".repeat(Math.min(head.length(), WRAP))).append('\n');
            fact(sb, "Matched by", p.matchedBy());
            fact(sb, "Middlebox", p.middlebox());
            fact(sb, "Summary", p.summary());
            if (p.changed()) {
                sb.append('\n');
                changeTable(sb, p);
            }
            sb.append('\n');
            connection(sb, both, p.clientSide(), n, ReportText.remedy(remedies, p.clientSide()), includeScripts, includeTimeline,
                    "client side");
            sb.append('\n');
            connection(sb, both, p.serverSide(), n, ReportText.remedy(remedies, p.serverSide()), includeScripts, includeTimeline,
                    "server side");
            n++;
        }
        for (int side = 0; side < 2; side++) {
            List<ConnectionReport> rest = side == 0 ? pairs.unmatchedClientSide() : pairs.unmatchedServerSide();
            if (rest.isEmpty()) {
                continue;
            }
            sb.append("\nSeen only in the ").append(side == 0 ? "client" : "server").append("-side capture: ").append(rest.size())
                    .append(rest.size() == 1 ? " connection" : " connections").append('\n');
            for (ConnectionReport r : rest) {
                sb.append('\n');
                connection(sb, both, r, n++, ReportText.remedy(remedies, r), includeScripts, includeTimeline);
            }
        }
        return noControls(sb);
    }

    private static void changeTable(StringBuilder sb, ConnectionPair p) {
        int wm = "message".length();
        int wf = "field".length();
        int ws = "as sent".length();
        for (ConnectionPair.Change c : p.changes()) {
            wm = Math.max(wm, c.message().length());
            wf = Math.max(wf, c.field().length());
            ws = Math.min(CELL, Math.max(ws, c.sent().length()));
        }
        sb.append("    ").append(pad("message", wm)).append(" | ").append(pad("field", wf)).append(" | ").append(pad("as sent", ws))
                .append(" | as received\n");
        sb.append("    ").append("-".repeat(wm)).append("-+-").append("-".repeat(wf)).append("-+-").append("-".repeat(ws))
                .append("-+------------\n");
        for (ConnectionPair.Change c : p.changes()) {
            sb.append("    ").append(pad(c.message(), wm)).append(" | ").append(pad(c.field(), wf)).append(" | ").append(pad(c.sent(), ws))
                    .append(" | ").append(c.received()).append('\n');
            if (!c.note().isEmpty()) {
                line(sb, "      ", "-> ", c.note());
            }
        }
        if (!p.bytes().isEmpty()) {
            sb.append("\n    Bytes (offset from the SMB2 ProtocolId):\n");
            for (ConnectionPair.ByteChange b : p.bytes()) {
                sb.append("      ").append(b.message()).append(" +").append(b.offset()).append(String.format(": 0x%02x -> 0x%02x", b.sent(),
                        b.received())).append(b.field() == null ? "" : "  (" + b.field() + ")").append('\n');
            }
            if (p.bytesOmitted() > 0) {
                sb.append("      ... and ").append(p.bytesOmitted()).append(" more bytes\n");
            }
        }
    }

    private static void header(StringBuilder sb, AnalysisResult result) {
        sb.append(ReportText.TITLE).append('\n').append("=".repeat(ReportText.TITLE.length())).append("\n\n");
        sb.append("Captures:\n");
        List<CaptureReport> caps = result.captures();
        for (int i = 0; i < caps.size(); i++) {
            sb.append("  [").append(i).append("] ").append(ReportText.captureLine(caps.get(i))).append('\n');
            for (String m : ReportText.memberLines(caps.get(i))) {
                sb.append("      file: ").append(m).append('\n');
            }
            for (CaptureWarning w : caps.get(i).warnings()) {
                sb.append("      warning: ").append(caps.get(i).isSet() && !w.file().equals(caps.get(i).path()) ? w.file() + ", " : "")
                        .append(w.frame() > 0 ? "frame " + w.frame() + ", " : "").append("offset ")
                        .append(w.offset()).append(": ").append(w.message()).append('\n');
            }
        }
        sb.append('\n').append(ReportText.counts(result)).append("\n");
    }

    /**
     * Capture files are untrusted: a path or warning text could carry terminal escape sequences. Every control
     * character except the line feed becomes '?'.
     */
    static String noControls(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) ? '?' : c);
        }
        return out.toString();
    }

    private static void connection(StringBuilder sb, AnalysisResult result, ConnectionReport r, int n, ReportText.Advice advice,
                                   boolean includeScripts, boolean includeTimeline) {
        connection(sb, result, r, n, advice, includeScripts, includeTimeline, null);
    }

    private static void connection(StringBuilder sb, AnalysisResult result, ConnectionReport r, int n, ReportText.Advice advice,
                                   boolean includeScripts, boolean includeTimeline, String side) {
        String head = "[" + n + (side == null ? "" : ", " + side) + "] " + ReportText.connectionTitle(r).replace("\u2192", "->")
                + "   " + r.verdict();
        sb.append(head).append('\n').append("-".repeat(Math.min(head.length(), WRAP))).append('\n');
        fact(sb, "Fatal", r.fatal() ? "yes - a Windows client drops this connection" : "no");
        fact(sb, "Capture", ReportText.captureLabel(result, r));
        fact(sb, "Dialect", ReportText.nz(r.dialect(), "none negotiated in the capture"));
        fact(sb, "Summary", ReportText.nz(r.summary(), ""));
        fact(sb, "Signature", ReportText.signature(r));
        fact(sb, "Terminated by", r.terminatedBy() == null ? "?" : r.terminatedBy().json());
        fact(sb, "Spec", ReportText.nz(r.spec(), "?"));
        List<String> fr = new ArrayList<>();
        for (String[] f : ReportText.frames(r, result)) {
            fr.add(f[0] + ": " + f[1]);
        }
        fact(sb, "Evidence", String.join("; ", fr));
        for (String[] f : ReportText.moreFacts(r)) {
            fact(sb, f[0], f[1]);
        }
        if (!r.evidence().isEmpty()) {
            sb.append("    Findings:\n");
            for (String e : r.evidence()) {
                line(sb, "      ", "- ", e);
            }
        }
        sb.append('\n');
        table(sb, SideBySide.of(r));
        if (!r.differences().isEmpty()) {
            sb.append("    Differences:\n");
            for (Difference d : r.differences()) {
                line(sb, "      ", "- ", FieldText.explain(d));
            }
        }
        if (advice.error() != null) {
            sb.append('\n');
            fact(sb, "Advice", advice.error());
        }
        if (advice.remedy() != null) {
            sb.append('\n');
            remedy(sb, advice.remedy(), includeScripts);
        }
        if (includeTimeline && !r.timelineEvents().isEmpty()) {
            sb.append("\n    Timeline (").append(r.timelineEvents().size()).append(" of ").append(r.timelineTotal())
                    .append(" events; time from the connection's first frame):\n");
            TimelineEvent prev = null;
            for (TimelineEvent e : r.timelineEvents()) {
                String gap = ReportText.omittedBefore(prev, e);
                if (gap != null) {
                    sb.append("      ").append(gap.replace("\u2026", "...")).append('\n');
                }
                sb.append("      ").append(pad("frame " + e.frame(), 12)).append(pad(e.offsetText(), 16))
                        .append(e.fromClient() ? "C -> S  " : "C <- S  ").append(e.text()).append('\n');
                prev = e;
            }
        }
    }

    /** Widest a value column may get before its cells wrap (at spaces, so flag lists break between names). */
    private static final int CELL = 44;

    private static void table(StringBuilder sb, SideBySide t) {
        for (SideBySide.Section s : t.sections()) {
            String negHead = "NEGOTIATE " + s.side() + " (" + ReportText.frame(s.negotiateFrame()) + ")";
            String valHead = "VALIDATE " + s.side() + " (" + ReportText.frame(s.validateFrame()) + ")";
            int w0 = "SecurityMode".length();
            int w1 = negHead.length();
            int w2 = valHead.length();
            for (SideBySide.Row row : s.rows()) {
                w1 = Math.max(w1, Math.min(CELL, cell(row.negotiate()).length()));
                w2 = Math.max(w2, Math.min(CELL, cell(row.validate()).length()));
            }
            sb.append("    ").append(pad("", w0)).append(" | ").append(pad(negHead, w1)).append(" | ").append(pad(valHead, w2))
                    .append(" |\n");
            sb.append("    ").append("-".repeat(w0)).append("-+-").append("-".repeat(w1)).append("-+-").append("-".repeat(w2))
                    .append("-+-------------\n");
            for (SideBySide.Row row : s.rows()) {
                List<String> a = wrapCell(cell(row.negotiate()), w1);
                List<String> b = wrapCell(cell(row.validate()), w2);
                int h = Math.max(a.size(), b.size());
                for (int i = 0; i < h; i++) {
                    sb.append("    ").append(pad(i == 0 ? row.field() : "", w0)).append(" | ")
                            .append(pad(i < a.size() ? a.get(i) : "", w1)).append(" | ").append(pad(i < b.size() ? b.get(i) : "", w2))
                            .append(" |").append(i == 0 ? " " + row.state().asciiLabel() : "").append('\n');
                }
            }
            if (!s.note().isEmpty()) {
                line(sb, "    ", "Note: ", s.note());
            }
            sb.append('\n');
        }
    }

    private static List<String> wrapCell(String v, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String w : v.split(" ")) {
            if (cur.length() > 0 && cur.length() + 1 + w.length() > width) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) {
                cur.append(' ');
            }
            cur.append(w);
        }
        out.add(cur.toString());
        return out;
    }

    private static String cell(String v) {
        return v == null ? "-" : v;
    }

    private static void remedy(StringBuilder sb, Remedy m, boolean includeScripts) {
        fact(sb, "What to do", m.headline());
        fact(sb, "Client OS", m.client().describe() + (m.client().note().isEmpty() ? "" : ". " + m.client().note()));
        int i = 1;
        for (Recommendation rec : m.recommendations()) {
            line(sb, "      ", i++ + ". ", rec.title());
            line(sb, "         ", "Why: ", rec.why());
            if (!rec.risk().isEmpty()) {
                line(sb, "         ", "Risk: ", rec.risk());
            }
            if (!rec.appliesTo().isEmpty()) {
                line(sb, "         ", "Applies to: ", rec.appliesTo());
            }
            if (!rec.scriptFiles().isEmpty()) {
                line(sb, "         ", "Scripts: ", String.join(", ", rec.scriptFiles()));
            }
        }
        for (VendorQuestions q : m.vendorQuestions()) {
            sb.append('\n');
            line(sb, "    ", "Ask the ", q.audience() + ":");
            line(sb, "      ", "", q.intro());
            for (String s : q.questions()) {
                line(sb, "      ", "- ", s);
            }
        }
        if (includeScripts) {
            for (Script s : m.scripts()) {
                sb.append("\n    ---- ").append(s.fileName()).append(" (").append(s.kind() == Script.Kind.POWERSHELL ? "PowerShell" : ".reg")
                        .append(", ").append(s.purpose()).append(", run on the ").append(s.target()).append(") ----\n");
                for (String l : s.content().split("\r\n")) {
                    sb.append("    ").append(l).append('\n');
                }
            }
        }
    }

    /** "    Label:         text" with the labels padded to one width, so the values line up. */
    private static void fact(StringBuilder sb, String label, String text) {
        line(sb, "    ", pad(label + ":", 15), text);
    }

    /** {@code indent + label + text}, wrapped at WRAP with continuation lines aligned under the text. */
    static void line(StringBuilder sb, String indent, String label, String text) {
        String cont = " ".repeat(indent.length() + label.length());
        StringBuilder cur = new StringBuilder(indent).append(label);
        boolean empty = true;
        for (String w : (text == null ? "" : text).replace('\n', ' ').replace('\r', ' ').split(" +")) {
            if (w.isEmpty()) {
                continue;
            }
            if (!empty && cur.length() + 1 + w.length() > WRAP) {
                sb.append(cur.toString().stripTrailing()).append('\n');
                cur = new StringBuilder(cont);
                empty = true;
            }
            if (!empty) {
                cur.append(' ');
            }
            cur.append(w);
            empty = false;
        }
        sb.append(cur.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
