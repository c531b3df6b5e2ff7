package org.negscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.capture.CaptureWarning;

/** docs/cli.md: the field names and their order are part of the contract; these tests pin them. */
class JsonReportTest {

    private static JsonObject parse(AnalysisResult r) {
        return JsonParser.parseString(JsonReport.toJson(r)).getAsJsonObject();
    }

    private static List<String> keys(JsonObject o) {
        return new ArrayList<>(o.keySet());
    }

    @Test
    void fieldNamesAndOrderArePinned() {
        JsonObject root = parse(Fixtures.result(Fixtures.responseMismatchDecoded(), Fixtures.requestMismatchDialects()));
        assertEquals(List.of("captures", "connections"), keys(root));
        JsonObject cap = root.getAsJsonArray("captures").get(0).getAsJsonObject();
        assertEquals(List.of("path", "format", "frames", "warnings"), keys(cap));
        assertEquals(List.of("frame", "offset", "message"), keys(cap.getAsJsonArray("warnings").get(0).getAsJsonObject()));
        JsonObject c = root.getAsJsonArray("connections").get(0).getAsJsonObject();
        // the contract's keys (docs/cli.md) first, in contract order; the additions only after them.
        List<String> contract = List.of("capture", "client", "server", "dialect", "verdict", "fatal", "summary", "differences", "signature",
                "terminatedBy", "frames", "spec");
        assertEquals(contract, keys(c).subList(0, contract.size()));
        assertEquals(List.of("clientOs", "serverOs", "account", "validateError", "reconnect", "missing", "evidence", "signatureCheck"),
                keys(c).subList(contract.size(), keys(c).size()));
        assertEquals(List.of("side", "field", "negotiate", "validate"), keys(c.getAsJsonArray("differences").get(0).getAsJsonObject()));
        assertEquals(List.of("negotiateRequest", "negotiateResponse", "validateRequest", "validateResponse", "termination"),
                keys(c.getAsJsonObject("frames")));
        // The constants the CLI and UI may use say the same.
        assertEquals(JsonReport.CONNECTION_KEYS, keys(c).subList(0, contract.size()));
        assertEquals(JsonReport.ADDED_CONNECTION_KEYS, keys(c).subList(contract.size(), keys(c).size()));
        assertEquals(JsonReport.FRAME_KEYS, keys(c.getAsJsonObject("frames")));
    }

    @Test
    void valuesAreFormattedAsTheContractSays() {
        JsonObject root = parse(Fixtures.result(Fixtures.responseMismatchDecoded(), Fixtures.requestMismatchDialects()));
        JsonObject cap = root.getAsJsonArray("captures").get(0).getAsJsonObject();
        assertEquals("captures/client-side.pcapng", cap.get("path").getAsString());
        assertEquals("pcapng", cap.get("format").getAsString());
        assertEquals(123, cap.get("frames").getAsLong());
        JsonObject w = cap.getAsJsonArray("warnings").get(0).getAsJsonObject();
        assertEquals(7, w.get("frame").getAsLong());
        assertEquals(4096, w.get("offset").getAsLong());

        JsonObject c = root.getAsJsonArray("connections").get(0).getAsJsonObject();
        assertEquals(0, c.get("capture").getAsInt());
        assertEquals("10.0.0.2:50432", c.get("client").getAsString());
        assertEquals("3.0.2", c.get("dialect").getAsString());
        assertEquals("RESPONSE_MISMATCH", c.get("verdict").getAsString());
        assertTrue(c.get("fatal").getAsBoolean());
        assertEquals("VALID", c.get("signature").getAsString());
        assertEquals("client", c.get("terminatedBy").getAsString());
        assertEquals("MS-SMB2 3.2.5.14.12", c.get("spec").getAsString());
        JsonObject d = c.getAsJsonArray("differences").get(0).getAsJsonObject();
        assertEquals("response", d.get("side").getAsString());
        assertEquals("Capabilities", d.get("field").getAsString());
        assertEquals("0x00000007", d.get("negotiate").getAsString());
        assertEquals("0x0000004f", d.get("validate").getAsString());
        assertEquals(13, c.getAsJsonObject("frames").get("validateResponse").getAsLong());

        JsonObject c2 = root.getAsJsonArray("connections").get(1).getAsJsonObject();
        assertEquals("server", c2.get("terminatedBy").getAsString());
        JsonObject d2 = c2.getAsJsonArray("differences").get(0).getAsJsonObject();
        JsonArray neg = d2.getAsJsonArray("negotiate");
        assertEquals(List.of("2.0.2", "2.1"), neg.asList().stream().map(e -> e.getAsString()).toList(), "Dialects are a list");
        assertEquals(4, d2.getAsJsonArray("validate").size());
        assertTrue(c2.getAsJsonObject("frames").get("validateResponse").isJsonNull(), "frame 0 = not in the capture = null");
    }

    @Test
    void missingDialectAndFramesAreNullNotOmitted() {
        ConnectionReport r = new ConnectionReport(0, "1.2.3.4:5", "5.6.7.8:445", null, Verdict.INCOMPLETE, false, "started late",
                List.of(), SignatureStatus.NONE, TerminatedBy.UNKNOWN, new ConnectionReport.Frames(0, 0, 0, 0, 0), "MS-SMB2 3.3.5.15.12",
                null, null, null, null);
        JsonObject c = parse(new AnalysisResult(List.of(new CaptureReport("x.pcap", "pcap", 1,
                List.of(new CaptureWarning("x.pcap", 0, 24, "file header: truncated")))), List.of(r)))
                .getAsJsonArray("connections").get(0).getAsJsonObject();
        assertTrue(c.has("dialect") && c.get("dialect").isJsonNull());
        assertEquals("unknown", c.get("terminatedBy").getAsString());
        for (String k : JsonReport.FRAME_KEYS) {
            assertTrue(c.getAsJsonObject("frames").get(k).isJsonNull(), k);
        }
    }

    @Test
    void hostileTextRoundTripsAsData() {
        String evil = "</script><script>alert(\"x\")</script>\n\\ \u0000 \u2028 'q'";
        ConnectionReport r = new ConnectionReport(0, evil, "s:445", "3.0", Verdict.SERVER_TERMINATED, true, evil,
                List.of(new Difference("request", "Guid", evil, "x")), SignatureStatus.NONE, TerminatedBy.SERVER,
                new ConnectionReport.Frames(1, 2, 3, 0, 4), "MS-SMB2 3.3.5.15.12", null, null, null, null);
        AnalysisResult res = new AnalysisResult(List.of(new CaptureReport(evil, "pcap", 4, List.of())), List.of(r));
        String json = JsonReport.toJson(res);
        assertTrue(json.endsWith("}\n"));
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(evil, root.getAsJsonArray("captures").get(0).getAsJsonObject().get("path").getAsString());
        JsonObject c = root.getAsJsonArray("connections").get(0).getAsJsonObject();
        assertEquals(evil, c.get("summary").getAsString());
        assertEquals(evil, c.getAsJsonArray("differences").get(0).getAsJsonObject().get("negotiate").getAsString());
    }

    @Test
    void emptyResultIsStillTheContractShape() {
        JsonObject root = parse(new AnalysisResult(List.of(), List.of()));
        assertEquals(0, root.getAsJsonArray("captures").size());
        assertEquals(0, root.getAsJsonArray("connections").size());
    }
}
