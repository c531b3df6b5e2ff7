package org.negscope.report;

import java.util.List;
import java.util.function.Function;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
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
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
        h.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\" />\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        h.append("<title>").append(ReportText.TITLE).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(ReportText.TITLE).append("</h1>\n");
        h.append("<section class=\"captures\">\n<h2>Captures</h2>\n<ol start=\"0\">\n");
        for (CaptureReport c : result.captures()) {
            h.append("<li>").append(esc(ReportText.captureLine(c)));
            if (!c.warnings().isEmpty()) {
                h.append("\n<ul class=\"warnings\">\n");
                for (CaptureWarning w : c.warnings()) {
                    h.append("<li>").append(w.frame() > 0 ? "frame " + w.frame() + ", " : "").append("offset ").append(w.offset())
                            .append(": ").append(esc(w.message())).append("</li>\n");
                }
                h.append("</ul>\n");
            }
            h.append("</li>\n");
        }
        h.append("</ol>\n<p class=\"counts\">").append(esc(ReportText.counts(result))).append("</p>\n</section>\n");
        int n = 1;
        for (ConnectionReport r : result.connections()) {
            connection(h, result, r, n++, ReportText.remedy(remedies, r));
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void connection(StringBuilder h, AnalysisResult result, ConnectionReport r, int n, ReportText.Advice advice) {
        String verdict = r.verdict() == null ? "UNKNOWN" : r.verdict().name();
        h.append("<section class=\"connection ").append(r.fatal() ? "fatal" : "not-fatal").append("\" id=\"connection-").append(n)
                .append("\">\n");
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
        h.append("</dl>\n");
        h.append("<h3>Evidence frames</h3>\n<ul class=\"frames\">\n");
        for (String[] f : ReportText.frames(r)) {
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
            remedy(h, advice.remedy(), n);
        }
        h.append("</section>\n");
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

    private static void remedy(StringBuilder h, Remedy m, int n) {
        h.append("<section class=\"remedy\">\n<h3>What to do</h3>\n<p class=\"headline\">").append(esc(m.headline())).append("</p>\n");
        h.append("<p class=\"os\">Client OS: ").append(esc(m.client().describe()));
        if (!m.client().note().isEmpty()) {
            h.append(". ").append(esc(m.client().note()));
        }
        h.append("</p>\n<ol class=\"recommendations\">\n");
        for (Recommendation rec : m.recommendations()) {
            h.append("<li class=\"recommendation\" id=\"c").append(n).append('-').append(esc(rec.id())).append("\">\n<h4>")
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
            "")) ;
}
