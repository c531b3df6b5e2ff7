package org.negscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.w3c.dom.Document;

/**
 * CSV export and the HTML report's overview on a committed Samba capture (releng/captures/README.md:
 * samba-3.0.2-strip-resp-caps.pcap, NEGOTIATE response Capabilities 0x4f -> 0x4b by the proxy, VALIDATE frames 15/16,
 * the client ends with FIN at frame 21).
 */
class CsvAndOverviewTest {
    static AnalysisResult result() throws Exception {
        return CaptureAnalyzer.analyze(List.of(RealCaptureReportsTest.capture("samba-3.0.2-strip-resp-caps.pcap")),
                AnalysisOptions.none(), null, null);
    }

    @Test
    void csvRowPerConnectionWithTheJsonFields() throws Exception {
        AnalysisResult r = result();
        StringBuilder out = new StringBuilder();
        CsvReport.write(r.connections(), out);
        String[] lines = out.toString().split("\r\n");
        assertEquals(r.connections().size() + 1, lines.length);
        assertEquals(String.join(",", CsvReport.HEADER), lines[0]);
        ConnectionReport fatal = r.connections().stream().filter(ConnectionReport::fatal).findFirst().orElseThrow();
        String row = lines[1 + r.connections().indexOf(fatal)];
        assertTrue(row.startsWith("0," + fatal.client() + "," + fatal.server() + ",3.0.2,RESPONSE_MISMATCH,true,\""), row);
        assertTrue(row.contains("response Capabilities: 0x0000004b -> 0x0000004f"), row);
        assertTrue(row.endsWith(",client,4,6,15,16,21,MS-SMB2 3.2.5.14.12"), row);
    }

    @Test
    void csvQuotesAndDefusesFormulas() {
        assertEquals("plain", CsvReport.quote("plain"));
        assertEquals("\"a, \"\"b\"\"\"", CsvReport.quote("a, \"b\""));
        assertEquals("\"'=cmd()\"", CsvReport.quote("=cmd()"));
        assertEquals("", CsvReport.quote(null));
    }

    @Test
    void htmlCarriesTheOverview() throws Exception {
        AnalysisResult r = result();
        Document d = HtmlReportTest.parse(HtmlReport.render(r));
        String shared = HtmlReportTest.xpath(d, "//section[@class='overview']/p[@class='shared']").item(0).getTextContent();
        assertTrue(shared.startsWith("1 of " + r.connections().size() + " connection"), shared);
        assertTrue(shared.contains("RESPONSE_MISMATCH on Capabilities, with LARGE_MTU cleared"), shared);
        assertEquals(3, HtmlReportTest.xpath(d, "//section[@class='overview']/table[@class='groups']").getLength());
        assertEquals("RESPONSE_MISMATCH", HtmlReportTest.xpath(d, "//table[@class='groups'][1]/tr[2]/td[1]").item(0).getTextContent());
    }
}
