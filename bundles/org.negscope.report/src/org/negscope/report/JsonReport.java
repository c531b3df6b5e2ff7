package org.negscope.report;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.capture.CaptureWarning;
import org.negscope.remedy.FieldText;

/**
 * The {@code negscope analyze --json} document, exactly the contract of DESIGN §8 (field names and order
 * are pinned by JsonReportTest). Written with Gson's streaming writer so the order is the contract's and
 * nothing else slips in.
 * <p>
 * Choices where §8 is silent: a frame number 0 ("not in the capture") is written as {@code null}, as is a
 * missing dialect or summary; the Dialects values of a difference are JSON arrays ("Dialects a list of
 * those"), all other values strings. Credentials never reach this class: its input has none.
 */
public final class JsonReport {
    /** Top-level, capture, warning, connection, difference and frames keys, in contract order. */
    static final List<String> TOP_KEYS = List.of("captures", "connections");
    static final List<String> CAPTURE_KEYS = List.of("path", "format", "frames", "warnings");
    static final List<String> WARNING_KEYS = List.of("frame", "offset", "message");
    static final List<String> CONNECTION_KEYS = List.of("capture", "client", "server", "dialect", "verdict", "fatal", "summary",
            "differences", "signature", "terminatedBy", "frames", "spec");
    static final List<String> DIFFERENCE_KEYS = List.of("side", "field", "negotiate", "validate");
    static final List<String> FRAME_KEYS = List.of("negotiateRequest", "negotiateResponse", "validateRequest", "validateResponse",
            "termination");

    private JsonReport() {}

    /** Pretty-printed (two-space indent), ending with a newline. */
    public static String toJson(AnalysisResult result) {
        StringWriter w = new StringWriter();
        try {
            write(result, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return w.toString();
    }

    public static void write(AnalysisResult result, Writer out) throws IOException {
        JsonWriter j = new JsonWriter(out);
        j.setIndent("  ");
        j.setHtmlSafe(false);
        j.setSerializeNulls(true);
        j.beginObject();
        j.name("captures").beginArray();
        for (CaptureReport c : result.captures()) {
            j.beginObject();
            j.name("path").value(c.path());
            j.name("format").value(c.format());
            j.name("frames").value(c.frames());
            j.name("warnings").beginArray();
            for (CaptureWarning w : c.warnings()) {
                j.beginObject();
                frame(j.name("frame"), w.frame());
                j.name("offset").value(w.offset());
                j.name("message").value(w.message());
                j.endObject();
            }
            j.endArray();
            j.endObject();
        }
        j.endArray();
        j.name("connections").beginArray();
        for (ConnectionReport r : result.connections()) {
            connection(j, r);
        }
        j.endArray();
        j.endObject();
        j.flush();
        out.write('\n');
        out.flush();
    }

    private static void connection(JsonWriter j, ConnectionReport r) throws IOException {
        j.beginObject();
        j.name("capture").value(r.capture());
        j.name("client").value(r.client());
        j.name("server").value(r.server());
        j.name("dialect").value(r.dialect());
        j.name("verdict").value(r.verdict() == null ? null : r.verdict().name());
        j.name("fatal").value(r.fatal());
        j.name("summary").value(r.summary());
        j.name("differences").beginArray();
        for (Difference d : r.differences()) {
            j.beginObject();
            j.name("side").value(d.side());
            j.name("field").value(d.field());
            value(j.name("negotiate"), d.field(), d.negotiate());
            value(j.name("validate"), d.field(), d.validate());
            j.endObject();
        }
        j.endArray();
        j.name("signature").value(r.signature() == null ? null : r.signature().name());
        j.name("terminatedBy").value(r.terminatedBy() == null ? null : r.terminatedBy().json());
        j.name("frames").beginObject();
        ConnectionReport.Frames f = r.frames();
        frame(j.name("negotiateRequest"), f == null ? 0 : f.negotiateRequest());
        frame(j.name("negotiateResponse"), f == null ? 0 : f.negotiateResponse());
        frame(j.name("validateRequest"), f == null ? 0 : f.validateRequest());
        frame(j.name("validateResponse"), f == null ? 0 : f.validateResponse());
        frame(j.name("termination"), f == null ? 0 : f.termination());
        j.endObject();
        j.name("spec").value(r.spec());
        j.endObject();
    }

    private static void frame(JsonWriter j, long frame) throws IOException {
        if (frame > 0) {
            j.value(frame);
        } else {
            j.nullValue();
        }
    }

    /** "Dialects" values become arrays of dialect names; everything else stays the analysis' text. */
    private static void value(JsonWriter j, String field, String v) throws IOException {
        if (v == null) {
            j.nullValue();
        } else if ("Dialects".equals(field)) {
            j.beginArray();
            for (String d : FieldText.parseList(v)) {
                j.value(d);
            }
            j.endArray();
        } else {
            j.value(v);
        }
    }
}
