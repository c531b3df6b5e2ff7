package org.negscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.TwoPointMatcher;
import org.negscope.analysis.TwoPointResult;
import org.negscope.capture.Progress;
import org.negscope.remedy.HostOs;
import org.negscope.remedy.RemedyAdvisor;
import org.negscope.testing.TestInputs;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The renderers on real Samba captures (releng/captures, made through NegotiateRewriteProxy): the HTML page for a
 * ticket, the two-point page and the compare JSON. The strip-resp-caps proxy cleared LARGE_MTU (0x4f -> 0x4b) in
 * the NEGOTIATE response; tshark shows 0x0000004b in the client-side NEGOTIATE response and 0x0000004f in the
 * VALIDATE response.
 */
class RealCaptureReportsTest {

    static Path capture(String name) {
        return TestInputs.repoRoot().resolve("releng/captures").resolve(name);
    }

    static AnalysisResult analyze(String... names) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String n : names) {
            files.add(capture(n));
        }
        return CaptureAnalyzer.analyze(files, AnalysisOptions.none(), Progress.NONE, null);
    }

    @Test void htmlForAResponseMismatchMarksCapabilitiesAndGivesTheRemedy() throws Exception {
        AnalysisResult r = analyze("samba-3.0.2-strip-resp-caps.pcap");
        String html = HtmlReport.render(r, RemedyAdvisor::advise);
        Document d = HtmlReportTest.parse(html); // well-formed XML, or this throws
        NodeList differs = HtmlReportTest.xpath(d, "//table[contains(@class,'side-by-side') and contains(@class,'response')]//tr[@class='differs']");
        assertEquals(1, differs.getLength());
        String row = differs.item(0).getTextContent();
        assertTrue(row.startsWith("Capabilities"), row);
        assertTrue(row.contains("0x0000004b") && row.contains("0x0000004f") && row.contains("\u2260 differs"), row);
        assertEquals(0, HtmlReportTest.xpath(d, "//table[contains(@class,'request')]//tr[@class='differs']").getLength());
        String section = HtmlReportTest.xpath(d, "//section[@id='connection-1']").item(0).getTextContent();
        assertTrue(section.contains("RESPONSE_MISMATCH"));
        assertTrue(section.contains("probably Samba (NTLMSSP Version 6.1 build 0)"), "client OS from the capture");
        assertTrue(section.contains("NEGSCOPE\\nsuser"), "account");
        NodeList recs = HtmlReportTest.xpath(d, "//section[@id='connection-1']//section[@class='remedy']//li[@class='recommendation']");
        assertTrue(recs.getLength() >= 2);
        assertTrue(recs.item(0).getTextContent().contains("Stop the device"), recs.item(0).getTextContent());
        assertTrue(section.contains("The client is not Windows (probably Samba): registry settings do not apply"), section);
        assertEquals(0, HtmlReportTest.xpath(d, "//details[contains(@class,'script')]").getLength(), "no Windows scripts for Samba");
        // The same connection with the client chosen as Windows 8.1: the page carries the scripts, apply and revert.
        Document w = HtmlReportTest.parse(HtmlReport.render(r, x -> RemedyAdvisor.advise(x, HostOs.fromNtlmssp(6, 3, 9600))));
        assertTrue(HtmlReportTest.xpath(w, "//details[contains(@class,'script') and contains(@class,'apply')]/pre").getLength() >= 1);
        assertTrue(HtmlReportTest.xpath(w, "//details[contains(@class,'script') and contains(@class,'revert')]/pre").getLength() >= 1);
        NodeList evidence = HtmlReportTest.xpath(d, "//ul[@class='evidence']/li");
        assertTrue(evidence.item(0).getTextContent().startsWith("MS-SMB2 3.2.5.14.12"));
        NodeList key = HtmlReportTest.xpath(d, "//table[@class='timeline']//tr[contains(@class,'key')]");
        assertTrue(key.getLength() >= 3, "VALIDATE request, response and the FIN are marked");
        ConnectionReport c = r.connections().get(0);
        assertEquals(c.timelineEvents().size(), HtmlReportTest.xpath(d, "//table[@class='timeline']/tbody/tr").getLength());
    }

    @Test void twoPointPageShowsAsSentAndAsReceived() throws Exception {
        AnalysisResult both = analyze("samba-3.0.2-strip-resp-caps.client-side.pcap", "samba-3.0.2-strip-resp-caps.server-side.pcap");
        TwoPointResult t = TwoPointMatcher.match(both.connections().stream().filter(c -> c.capture() == 0).toList(),
                both.connections().stream().filter(c -> c.capture() == 1).toList());
        String html = HtmlReport.renderCompare(t, both, RemedyAdvisor::advise);
        Document d = HtmlReportTest.parse(html);
        NodeList rows = HtmlReportTest.xpath(d, "//section[@id='pair-1']/table[@class='two-point']/tbody/tr[@class='differs']");
        assertEquals(1, rows.getLength());
        String row = rows.item(0).getTextContent();
        assertTrue(row.startsWith("NEGOTIATE response"), row);
        assertTrue(row.contains("Capabilities0x0000004f0x0000004b"), "field, as sent, as received: " + row);
        assertTrue(row.contains("the middlebox: LARGE_MTU cleared by the path"), row);
        assertEquals(1, HtmlReportTest.xpath(d, "//section[@id='pair-1']/table[@class='two-point-bytes']/tbody/tr").getLength());
        assertNotNull(HtmlReportTest.xpath(d, "//section[@id='pair-1-client-side']").item(0));
        assertNotNull(HtmlReportTest.xpath(d, "//section[@id='pair-1-server-side']").item(0));
        String summary = HtmlReportTest.xpath(d, "//section[@id='pair-1']/p[@class='summary']").item(0).getTextContent();
        assertTrue(summary.contains("middlebox"), summary);

        String text = TextReport.renderCompare(t, both, RemedyAdvisor::advise, false, true);
        assertTrue(text.contains("CHANGED ON THE WAY"));
        assertTrue(text.lines().anyMatch(l -> l.contains("NEGOTIATE response") && l.contains("Capabilities") && l.contains("0x0000004f")
                && l.contains("0x0000004b")), text);
        assertTrue(text.contains("Timeline ("), "the text report carries the timeline");
    }

    @Test void compareJsonShapeIsPinned() throws Exception {
        AnalysisResult both = analyze("samba-3.0.2-req-dialects.client-side.pcap", "samba-3.0.2-req-dialects.server-side.pcap",
                "samba-3.0.2-clean.pcap");
        // capture 2 is unrelated: its connection must show up as unmatched (passed as client side here).
        TwoPointResult t = TwoPointMatcher.match(both.connections().stream().filter(c -> c.capture() != 1).toList(),
                both.connections().stream().filter(c -> c.capture() == 1).toList());
        JsonObject root = JsonParser.parseString(JsonReport.toJson(t, both)).getAsJsonObject();
        assertEquals(JsonReport.COMPARE_KEYS, new ArrayList<>(root.keySet()));
        JsonObject pair = root.getAsJsonArray("pairs").get(0).getAsJsonObject();
        assertEquals(JsonReport.PAIR_KEYS, new ArrayList<>(pair.keySet()));
        List<String> connectionKeys = new ArrayList<>(JsonReport.CONNECTION_KEYS);
        connectionKeys.addAll(JsonReport.ADDED_CONNECTION_KEYS);
        assertEquals(connectionKeys, new ArrayList<>(pair.getAsJsonObject("clientSide").keySet()));
        assertEquals("VALIDATED", pair.getAsJsonObject("clientSide").get("verdict").getAsString());
        assertEquals("REQUEST_MISMATCH", pair.getAsJsonObject("serverSide").get("verdict").getAsString());
        JsonArray changed = pair.getAsJsonArray("changed");
        assertEquals(3, changed.size());
        JsonObject count = changed.get(0).getAsJsonObject();
        assertEquals(JsonReport.CHANGE_KEYS, new ArrayList<>(count.keySet()));
        assertEquals("NEGOTIATE request", count.get("message").getAsString());
        assertEquals("DialectCount", count.get("field").getAsString());
        assertEquals("4", count.get("sent").getAsString());
        assertEquals("3", count.get("received").getAsString());
        JsonObject dialects = changed.get(1).getAsJsonObject();
        assertEquals("Dialects", dialects.get("field").getAsString());
        assertEquals(List.of("2.0.2", "2.1", "3.0", "3.0.2"), dialects.getAsJsonArray("sent").asList().stream().map(e -> e.getAsString()).toList());
        assertEquals(List.of("2.1", "3.0", "3.0.2"), dialects.getAsJsonArray("received").asList().stream().map(e -> e.getAsString()).toList());
        JsonObject b0 = pair.getAsJsonArray("bytes").get(0).getAsJsonObject();
        assertEquals(JsonReport.BYTE_KEYS, new ArrayList<>(b0.keySet()));
        assertEquals(66, b0.get("offset").getAsInt());
        assertEquals("0x04", b0.get("sent").getAsString());
        assertEquals("0x03", b0.get("received").getAsString());
        JsonObject unmatched = root.getAsJsonObject("unmatched");
        assertEquals(1, unmatched.getAsJsonArray("clientSide").size());
        assertEquals(0, unmatched.getAsJsonArray("serverSide").size());
        assertEquals(2, unmatched.getAsJsonArray("clientSide").get(0).getAsJsonObject().get("capture").getAsInt());
        assertEquals(3, root.getAsJsonArray("captures").size());
    }

    @Test void analyzeJsonAddsDetailsAndTimelineOnlyWhenAsked() throws Exception {
        AnalysisResult r = analyze("samba-3.0.2-validate-not-supported.pcap");
        JsonObject c = JsonParser.parseString(JsonReport.toJson(r)).getAsJsonObject().getAsJsonArray("connections").get(0).getAsJsonObject();
        assertFalse(c.has("timeline"));
        JsonObject os = c.getAsJsonObject("clientOs");
        assertEquals(JsonReport.OS_KEYS, new ArrayList<>(os.keySet()));
        assertEquals(6, os.get("major").getAsInt());
        assertEquals(0, os.get("build").getAsInt());
        assertEquals("probably Samba", os.get("product").getAsString());
        assertEquals("nsuser", c.getAsJsonObject("account").get("user").getAsString());
        JsonObject err = c.getAsJsonObject("validateError");
        assertEquals("STATUS_NOT_SUPPORTED", err.get("status").getAsString());
        assertTrue(err.get("signed").getAsBoolean() && err.get("clientsAccept").getAsBoolean());
        assertEquals(1, c.getAsJsonObject("reconnect").get("sameHosts").getAsInt());
        assertTrue(c.getAsJsonArray("evidence").size() >= 3);

        JsonObject t = JsonParser.parseString(JsonReport.toJson(r, true)).getAsJsonObject().getAsJsonArray("connections").get(0).getAsJsonObject();
        JsonArray tl = t.getAsJsonArray("timeline");
        assertEquals(r.connections().get(0).timelineEvents().size(), tl.size());
        JsonObject first = tl.get(0).getAsJsonObject();
        assertEquals(JsonReport.TIMELINE_KEYS, new ArrayList<>(first.keySet()));
        assertEquals("tcp-syn", first.get("kind").getAsString());
        assertEquals("client->server", first.get("direction").getAsString());
        assertTrue(first.get("messageId").isJsonNull());
        assertEquals(r.connections().get(0).timelineTotal(), t.get("timelineTotal").getAsLong());
    }
}
