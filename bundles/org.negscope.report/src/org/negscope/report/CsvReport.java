package org.negscope.report;

import java.io.IOException;
import java.util.List;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;

/**
 * One CSV row per connection (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line break): the
 * JSON report's connection fields (docs/cli.md) flattened, in the same order, the frames as five columns. The
 * differences are one column, "side field: negotiate -> validate" joined with "; ". Frame 0 (not in the capture) is an
 * empty cell, as JSON writes null.
 */
public final class CsvReport {
    static final List<String> HEADER = List.of("capture", "client", "server", "dialect", "verdict", "fatal", "summary",
            "differences", "signature", "terminatedBy", "negotiateRequest", "negotiateResponse", "validateRequest",
            "validateResponse", "termination", "spec");

    private CsvReport() {}

    /** The header line and one line per report, in the list's order. */
    public static void write(Iterable<ConnectionReport> reports, Appendable out) throws IOException {
        row(out, HEADER.toArray(new String[0]));
        for (ConnectionReport r : reports) {
            row(out, fields(r));
        }
    }

    static String[] fields(ConnectionReport r) {
        ConnectionReport.Frames f = r.frames();
        return new String[] {String.valueOf(r.capture()), r.client(), r.server(), r.dialect(),
                r.verdict() == null ? null : r.verdict().name(), String.valueOf(r.fatal()), r.summary(), differences(r),
                r.signature() == null ? null : r.signature().name(), r.terminatedBy() == null ? null : r.terminatedBy().json(),
                frame(f == null ? 0 : f.negotiateRequest()), frame(f == null ? 0 : f.negotiateResponse()),
                frame(f == null ? 0 : f.validateRequest()), frame(f == null ? 0 : f.validateResponse()),
                frame(f == null ? 0 : f.termination()), r.spec()};
    }

    private static String differences(ConnectionReport r) {
        StringBuilder b = new StringBuilder();
        for (Difference d : r.differences()) {
            b.append(b.length() == 0 ? "" : "; ").append(d.side()).append(' ').append(d.field()).append(": ")
                    .append(d.negotiate()).append(" -> ").append(d.validate());
        }
        return b.toString();
    }

    private static String frame(long n) {
        return n > 0 ? Long.toString(n) : null;
    }

    private static void row(Appendable out, String[] cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells[i]));
        }
        out.append("\r\n");
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        // A leading = + - @ would be run as a formula by spreadsheet programs: a quote inside keeps it text.
        boolean formula = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0;
        if (!formula && s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return "\"" + (formula ? "'" : "") + s.replace("\"", "\"\"") + "\"";
    }
}
