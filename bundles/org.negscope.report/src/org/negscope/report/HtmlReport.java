package org.negscope.report;

import java.util.List;
import java.util.function.Function;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureOverview;
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
 * A self-contained HTML page for a ticket: inline CSS only, no script, nothing loaded from anywhere (a
 * Content-Security-Policy of default-src 'none' says so to the browser as well). Every text from the capture
 * or the analysis is escaped. Differing rows carry the class {@code differs} and the text "≠ differs", so
 * the difference does not rest on colour alone. The markup is also well-formed XML (void elements closed,
 * numeric entities only), which lets the tests parse it strictly.
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static String render(AnalysisResult result) {
        return render(result, null);
    }

    /** @param remedies advice per connection (may return null for "none"); null for no advice sections */
    public static String render(AnalysisResult result, Function<ConnectionReport, Remedy> remedies) {
        StringBuilder h = new StringBuilder(16384);
        head(h, result);
        overview(h, CaptureOverview.of(result.connections()));
        int n = 1;
        for (ConnectionReport r : result.connections()) {
            connection(h, result, r, n++, ReportText.remedy(remedies, r), null);
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /**
     * The two-point page ({@code negscope compare --html}): per matched connection, what the middlebox changed — the
     * messages as sent next to as received, changed fields and bytes marked — then both sides' diagnoses.
     */
    public static String renderCompare(TwoPointResult pairs, AnalysisResult both, Function<ConnectionReport, Remedy> remedies) {
        StringBuilder h = new StringBuilder(32768);
        head(h, both);
        long changed = pairs.pairs().stream().filter(ConnectionPair::changed).count();
        h.append("<section class=\"two-point-overview\">\n<h2>Two-point analysis</h2>\n<p class=\"counts\">")
                .append(pairs.pairs().size()).append(pairs.pairs().size() == 1 ? " connection" : " connections")
                .append(" seen at both capture points, ").append(changed).append(" changed on the way; ")
                .append(pairs.unmatchedClientSide().size()).append(" seen only on the client side, ").append(pairs.unmatchedServerSide().size())
                .append(" only on the server side.</p>\n</section>\n");
        int n = 1;
        for (ConnectionPair p : pairs.pairs()) {
            pair(h, both, p, n++, remedies);
        }
        int k = 1;
        for (int side = 0; side < 2; side++) {
            List<ConnectionReport> rest = side == 0 ? pairs.unmatchedClientSide() : pairs.unmatchedServerSide();
            if (rest.isEmpty()) {
                continue;
            }
            h.append("<section class=\"unmatched\">\n<h2>Seen only in the ").append(side == 0 ? "client" : "server")
                    .append("-side capture</h2>\n");
            for (ConnectionReport r : rest) {
                connection(h, both, r, k, ReportText.remedy(remedies, r), "unmatched-" + k);
                k++;
            }
            h.append("</section>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void pair(StringBuilder h, AnalysisResult both, ConnectionPair p, int n, Function<ConnectionReport, Remedy> remedies) {
        h.append("<section class=\"pair ").append(p.changed() ? "changed" : "unchanged").append("\" id=\"pair-").append(n).append("\">\n");
        h.append("<h2>Pair ").append(n).append(": ").append(esc(ReportText.connectionTitle(p.clientSide()))).append(" = ")
                .append(esc(ReportText.connectionTitle(p.serverSide())))
                .append(p.changed() ? " <span class=\"fatal-tag\">changed on the way</span>" : " <span class=\"ok-tag\">unchanged</span>")
                .append("</h2>\n");
        h.append("<p class=\"summary\">").append(esc(p.summary())).append("</p>\n<dl class=\"facts\">\n");
        fact(h, "Middlebox", p.middlebox());
        fact(h, "Matched by", p.matchedBy());
        h.append("</dl>\n");
        if (p.changed()) {
            h.append("<table class=\"two-point\">\n<caption>What the path changed: as sent | as received</caption>\n<thead><tr>")
                    .append("<th scope=\"col\">Message</th><th scope=\"col\">Field</th><th scope=\"col\">As sent</th>")
                    .append("<th scope=\"col\">As received</th><th scope=\"col\">Changed by</th></tr></thead>\n<tbody>\n");
            for (ConnectionPair.Change c : p.changes()) {
                h.append("<tr class=\"differs\"><td>").append(esc(c.message())).append(c.sentFrame() > 0 || c.receivedFrame() > 0
                        ? " <span class=\"frames\">(frames " + ReportText.frame(c.sentFrame()).replace("frame ", "") + " / "
                          + ReportText.frame(c.receivedFrame()).replace("frame ", "") + ")</span>" : "")
                        .append("</td><th scope=\"row\">").append(esc(c.field())).append("</th><td>").append(esc(c.sent()))
                        .append("</td><td>").append(esc(c.received())).append("</td><td class=\"state\">\u2260 the middlebox")
                        .append(c.note().isEmpty() ? "" : ": " + esc(c.note())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
            if (!p.bytes().isEmpty()) {
                h.append("<table class=\"two-point-bytes\">\n<caption>Bytes that differ (offset from the SMB2 ProtocolId)</caption>\n")
                        .append("<thead><tr><th scope=\"col\">Message</th><th scope=\"col\">Offset</th><th scope=\"col\">Field</th>")
                        .append("<th scope=\"col\">Sent</th><th scope=\"col\">Received</th></tr></thead>\n<tbody>\n");
                for (ConnectionPair.ByteChange b : p.bytes()) {
                    h.append("<tr class=\"differs\"><td>").append(esc(b.message())).append("</td><td>").append(b.offset()).append("</td><td>")
                            .append(esc(b.field() == null ? "" : b.field())).append("</td><td>").append(String.format("0x%02x", b.sent()))
                            .append("</td><td>").append(String.format("0x%02x", b.received())).append("</td></tr>\n");
                }
                h.append("</tbody>\n</table>\n");
                if (p.bytesOmitted() > 0) {
                    h.append("<p class=\"note\">").append(p.bytesOmitted()).append(" more bytes differ.</p>\n");
                }
            }
        }
        connection(h, both, p.clientSide(), n, ReportText.remedy(remedies, p.clientSide()), "pair-" + n + "-client-side");
        connection(h, both, p.serverSide(), n, ReportText.remedy(remedies, p.serverSide()), "pair-" + n + "-server-side");
        h.append("</section>\n");
    }

    private static void head(StringBuilder h, AnalysisResult result) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
        h.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\" />\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        h.append("<title>").append(ReportText.TITLE).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(ReportText.TITLE).append("</h1>\n");
        h.append("<section class=\"captures\">\n<h2>Captures</h2>\n<ol start=\"0\">\n");
        for (CaptureReport c : result.captures()) {
            h.append("<li>").append(esc(ReportText.captureLine(c)));
            if (c.isSet()) {
                h.append("\n<ul class=\"members\">\n");
                for (String m : ReportText.memberLines(c)) {
                    h.append("<li>").append(esc(m)).append("</li>\n");
                }
                h.append("</ul>\n");
            }
            if (!c.warnings().isEmpty()) {
                h.append("\n<ul class=\"warnings\">\n");
                for (CaptureWarning w : c.warnings()) {
                    h.append("<li>").append(c.isSet() && !w.file().equals(c.path()) ? esc(w.file()) + ", " : "").append(w.frame() > 0 ? "frame " + w.frame() + ", " : "").append("offset ").append(w.offset())
                            .append(": ").append(esc(w.message())).append("</li>\n");
                }
                h.append("</ul>\n");
            }
            h.append("</li>\n");
        }
        h.append("</ol>\n<p class=\"counts\">").append(esc(ReportText.counts(result))).append("</p>\n</section>\n");
    }

    /**
     * The capture at a glance, as the workbench's overview shows it: what the failures share, connections per verdict
     * (fatal first), per server and per client host, and the time span.
     */
    static void overview(StringBuilder h, CaptureOverview o) {
        h.append("<section class=\"overview\">\n<h2>Overview</h2>\n<p class=\"shared\">").append(esc(o.sharedFailure()))
                .append(".</p>\n");
        if (o.firstNanos() > 0) {
            java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
                    .withZone(java.time.ZoneOffset.UTC);
            h.append("<p class=\"span\">From ").append(f.format(java.time.Instant.ofEpochSecond(0, o.firstNanos()))).append(" to ")
                    .append(f.format(java.time.Instant.ofEpochSecond(0, o.lastNanos()))).append("</p>\n");
        }
        groups(h, "Verdict", o.verdicts());
        groups(h, "Server", o.servers());
        groups(h, "Client", o.clients());
        h.append("</section>\n");
    }

    /** Up to 20 groups (the largest; fatal first), with a line for the rest. */
    private static void groups(StringBuilder h, String what, List<CaptureOverview.Group> gs) {
        h.append("<table class=\"groups\">\n<tr><th>").append(what).append("</th><th>Connections</th><th>Fatal</th></tr>\n");
        for (int i = 0; i < gs.size() && i < 20; i++) {
            CaptureOverview.Group g = gs.get(i);
            h.append("<tr").append(g.fatal() > 0 ? " class=\"fatal\"" : "").append("><td>").append(esc(g.key())).append("</td><td>")
                    .append(g.connections()).append("</td><td>").append(g.fatal()).append("</td></tr>\n");
        }
        if (gs.size() > 20) {
            h.append("<tr><td colspan=\"3\">\u2026 ").append(gs.size() - 20).append(" more</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** @param id the section's id; null for "connection-n" */
    private static void connection(StringBuilder h, AnalysisResult result, ConnectionReport r, int n, ReportText.Advice advice, String id) {
        String verdict = r.verdict() == null ? "UNKNOWN" : r.verdict().name();
        h.append("<section class=\"connection ").append(r.fatal() ? "fatal" : "not-fatal").append("\" id=\"")
                .append(id == null ? "connection-" + n : esc(id)).append("\">\n");
        h.append("<h2>").append(n).append(". ").append(esc(ReportText.connectionTitle(r))).append(" <span class=\"verdict v-")
                .append(verdict.toLowerCase(java.util.Locale.ROOT)).append("\">").append(verdict).append("</span>")
                .append(r.fatal() ? " <span class=\"fatal-tag\">fatal: a Windows client drops this connection</span>"
                        : " <span class=\"ok-tag\">not fatal</span>")
                .append("</h2>\n");
        h.append("<p class=\"summary\">").append(esc(ReportText.nz(r.summary(), ""))).append("</p>\n");
        h.append("<dl class=\"facts\">\n");
        fact(h, "Capture", ReportText.captureLabel(result, r));
        fact(h, "Dialect", ReportText.nz(r.dialect(), "none negotiated in the capture"));
        fact(h, "Signature", ReportText.signature(r));
        fact(h, "Terminated by", r.terminatedBy() == null ? "?" : r.terminatedBy().json());
        fact(h, "Spec", ReportText.nz(r.spec(), "?"));
        for (String[] f : ReportText.moreFacts(r)) {
            fact(h, f[0], f[1]);
        }
        h.append("</dl>\n");
        if (!r.evidence().isEmpty()) {
            h.append("<h3>Evidence</h3>\n<ul class=\"evidence\">\n");
            for (String e : r.evidence()) {
                h.append("<li>").append(esc(e)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<h3>Evidence frames</h3>\n<ul class=\"frames\">\n");
        for (String[] f : ReportText.frames(r, result)) {
            h.append("<li>").append(esc(f[0])).append(": ").append(esc(f[1])).append("</li>\n");
        }
        h.append("</ul>\n");
        for (SideBySide.Section s : SideBySide.of(r).sections()) {
            table(h, s);
        }
        if (!r.differences().isEmpty()) {
            h.append("<h3>Differences</h3>\n<ul class=\"differences\">\n");
            for (Difference d : r.differences()) {
                h.append("<li>").append(esc(FieldText.explain(d))).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (advice.error() != null) {
            h.append("<p class=\"advice-error\">").append(esc(advice.error())).append("</p>\n");
        }
        if (advice.remedy() != null) {
            remedy(h, advice.remedy(), id == null ? "c" + n : id);
        }
        timeline(h, r);
        h.append("</section>\n");
    }

    /** The connection's TCP and SMB events; rows of VALIDATE messages and of the connection's end are marked. */
    private static void timeline(StringBuilder h, ConnectionReport r) {
        if (r.timelineEvents().isEmpty()) {
            return;
        }
        h.append("<table class=\"timeline\">\n<caption>Timeline: ").append(r.timelineEvents().size()).append(" of ").append(r.timelineTotal())
                .append(" events (time from the connection's first frame)</caption>\n<thead><tr><th scope=\"col\">Frame</th>")
                .append("<th scope=\"col\">Time</th><th scope=\"col\">Direction</th><th scope=\"col\">Event</th></tr></thead>\n<tbody>\n");
        TimelineEvent prev = null;
        long vReq = r.frames().validateRequest();
        long vResp = r.frames().validateResponse();
        for (TimelineEvent e : r.timelineEvents()) {
            String gap = ReportText.omittedBefore(prev, e);
            if (gap != null) {
                h.append("<tr class=\"omitted\"><td colspan=\"4\">").append(esc(gap)).append("</td></tr>\n");
            }
            boolean key = e.frame() == vReq || e.frame() == vResp || e.kind() == TimelineEvent.Kind.TCP_RST
                    || e.kind() == TimelineEvent.Kind.TCP_FIN && e.frame() == r.frames().termination();
            h.append("<tr class=\"ev-").append(e.kind().json()).append(key ? " key" : "").append("\"><td>").append(e.frame())
                    .append("</td><td>").append(esc(e.offsetText())).append("</td><td>").append(esc(ReportText.arrow(e)))
                    .append("</td><td>").append(esc(e.text())).append("</td></tr>\n");
            prev = e;
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void fact(StringBuilder h, String term, String value) {
        h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    private static void table(StringBuilder h, SideBySide.Section s) {
        String side = s.side();
        h.append("<table class=\"side-by-side ").append(side).append("\">\n<caption>").append(side.equals("request") ? "Request" : "Response")
                .append(": NEGOTIATE | VALIDATE</caption>\n<thead><tr><th scope=\"col\">Field</th><th scope=\"col\">NEGOTIATE ")
                .append(side).append(" (").append(esc(ReportText.frame(s.negotiateFrame()))).append(")</th><th scope=\"col\">VALIDATE ")
                .append(side).append(" (").append(esc(ReportText.frame(s.validateFrame()))).append(")</th><th scope=\"col\">Compared</th></tr></thead>\n<tbody>\n");
        for (SideBySide.Row row : s.rows()) {
            String cls = switch (row.state()) {
                case DIFFERS -> "differs";
                case SAME -> "same";
                case NOT_COMPARED -> "not-compared";
            };
            h.append("<tr class=\"").append(cls).append("\"><th scope=\"row\">").append(esc(row.field())).append("</th><td>")
                    .append(row.negotiate() == null ? "&#8212;" : esc(row.negotiate())).append("</td><td>")
                    .append(row.validate() == null ? "&#8212;" : esc(row.validate())).append("</td><td class=\"state\">")
                    .append(esc(row.state().label())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        if (!s.note().isEmpty()) {
            h.append("<p class=\"note\">").append(esc(s.note())).append("</p>\n");
        }
    }

    private static void remedy(StringBuilder h, Remedy m, String n) {
        h.append("<section class=\"remedy\">\n<h3>What to do</h3>\n<p class=\"headline\">").append(esc(m.headline())).append("</p>\n");
        h.append("<p class=\"os\">Client OS: ").append(esc(m.client().describe()));
        if (!m.client().note().isEmpty()) {
            h.append(". ").append(esc(m.client().note()));
        }
        h.append("</p>\n<ol class=\"recommendations\">\n");
        for (Recommendation rec : m.recommendations()) {
            h.append("<li class=\"recommendation\" id=\"").append(esc(n)).append('-').append(esc(rec.id())).append("\">\n<h4>")
                    .append(esc(rec.title())).append("</h4>\n<p>").append(esc(rec.why())).append("</p>\n");
            if (!rec.risk().isEmpty()) {
                h.append("<p class=\"risk\"><strong>Risk:</strong> ").append(esc(rec.risk())).append("</p>\n");
            }
            if (!rec.appliesTo().isEmpty()) {
                h.append("<p class=\"applies\"><strong>Applies to:</strong> ").append(esc(rec.appliesTo())).append("</p>\n");
            }
            for (String f : rec.scriptFiles()) {
                Script s = m.script(f);
                if (s == null) {
                    continue;
                }
                h.append("<details class=\"script ").append(s.purpose() == Script.Purpose.APPLY ? "apply" : "revert").append("\">\n<summary>")
                        .append(esc(s.fileName())).append(" &#8212; ").append(s.kind() == Script.Kind.POWERSHELL ? "PowerShell" : ".reg file")
                        .append(", ").append(s.purpose() == Script.Purpose.APPLY ? "apply" : "revert").append(", run on the ")
                        .append(esc(s.target())).append("</summary>\n<pre>").append(esc(s.content().replace("\r\n", "\n"))).append("</pre>\n</details>\n");
            }
            h.append("</li>\n");
        }
        h.append("</ol>\n");
        for (VendorQuestions q : m.vendorQuestions()) {
            h.append("<div class=\"vendor\">\n<h4>Ask the ").append(esc(q.audience())).append("</h4>\n<p>").append(esc(q.intro()))
                    .append("</p>\n<ol>\n");
            for (String s : q.questions()) {
                h.append("<li>").append(esc(s)).append("</li>\n");
            }
            h.append("</ol>\n</div>\n");
        }
        h.append("</section>\n");
    }

    /** Escapes text for element content and quoted attribute values; control characters become U+FFFD. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Colours only reinforce what the text already says. */
    static final String CSS = String.join("\n", List.of(
            "body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1b1b; max-width: 80em; }",
            "h1 { font-size: 1.6em; }",
            "table.groups { display: inline-table; margin: 0 1.5em 1em 0; vertical-align: top; }",
            "table.groups tr.fatal td { color: #b00020; }",
            "section.connection { border: 1px solid #bbb; border-radius: 4px; padding: 0.5em 1.2em 1em; margin: 1.5em 0; }",
            "section.connection.fatal { border-left: 6px solid #b00020; }",
            ".verdict { font-family: monospace; padding: 0.1em 0.4em; border: 1px solid #888; border-radius: 3px; }",
            ".fatal-tag { color: #b00020; font-weight: bold; font-size: 0.8em; }",
            ".ok-tag { color: #2e6b30; font-size: 0.8em; }",
            "dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }",
            "dl.facts dt { font-weight: bold; }",
            "dl.facts dd { margin: 0; }",
            "table.side-by-side { border-collapse: collapse; margin: 0.8em 0; }",
            "table.side-by-side caption { text-align: left; font-weight: bold; padding: 0.3em 0; }",
            "table.side-by-side th, table.side-by-side td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; "
                    + "font-family: monospace; vertical-align: top; }",
            "tr.differs td, tr.differs th { background: #fde7e9; font-weight: bold; }",
            "tr.differs td.state { color: #b00020; }",
            "tr.not-compared td.state { color: #666; font-style: italic; }",
            "p.note { font-style: italic; color: #444; }",
            "p.risk { border-left: 3px solid #c77700; padding-left: 0.6em; }",
            "p.advice-error { color: #b00020; }",
            "details.script { margin: 0.3em 0; }",
            "details.script pre { background: #f4f4f4; border: 1px solid #ddd; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }",
            "div.vendor { border-top: 1px dashed #bbb; margin-top: 1em; }",
            "ul.evidence li { margin: 0.2em 0; }",
            "section.pair { border: 2px solid #555; border-radius: 4px; padding: 0.5em 1.2em 1em; margin: 2em 0; }",
            "section.pair.changed { border-color: #b00020; }",
            "table.two-point, table.two-point-bytes, table.timeline { border-collapse: collapse; margin: 0.8em 0; }",
            "table.two-point caption, table.two-point-bytes caption, table.timeline caption { text-align: left; font-weight: bold; padding: 0.3em 0; }",
            "table.two-point th, table.two-point td, table.two-point-bytes th, table.two-point-bytes td, table.timeline th, table.timeline td "
                    + "{ border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; font-family: monospace; vertical-align: top; }",
            "table.two-point tr.differs td, table.two-point tr.differs th, table.two-point-bytes tr.differs td { background: #fde7e9; }",
            "table.timeline tr.key td { background: #fff3cd; font-weight: bold; }",
            "table.timeline tr.omitted td { color: #666; font-style: italic; text-align: center; }",
            "")) ;
}
