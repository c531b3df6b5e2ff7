package org.negscope.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;

/** File > Export Report: the format follows the file name; the content is the report bundle's rendering. */
class ExportReportTest {
    @TempDir Path tmp;

    @Test
    void htmlAndTextByExtension() throws Exception {
        AnalysisResult result = Reports.analyze(TestData.capture(TestData.STRIP_RESP_CAPS));
        ConnectionReport r = Reports.withValidate(result);
        Path html = tmp.resolve("report.html");
        Path text = tmp.resolve("report.txt");
        ExportReportHandler.export(result, html);
        ExportReportHandler.export(result, text);
        String h = Files.readString(html, StandardCharsets.UTF_8);
        String t = Files.readString(text, StandardCharsets.UTF_8);
        assertTrue(h.startsWith("<!DOCTYPE html>"), h.substring(0, Math.min(80, h.length())));
        assertTrue(!t.startsWith("<"), "text report is not HTML");
        for (String s : new String[] {h, t}) {
            assertTrue(s.contains("RESPONSE_MISMATCH"), "verdict missing");
            assertTrue(s.contains(r.server()), "server address missing");
        }
        assertEquals("customer-negscope.html", ExportReportHandler.defaultName(Path.of("/x/customer.pcapng.gz")));
    }
}
