package org.negscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.capture.CaptureWarning;
import org.negscope.remedy.HostOs;
import org.negscope.remedy.RemedyAdvisor;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class HtmlReportTest {
    static final String EVIL = "<script>alert('x')</script>&amp;\"<img src=x onerror=alert(1)>";

    /** Strict parse: the page is well-formed XML, so any unescaped '<' or '&' from the data makes this throw. */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static NodeList xpath(Document d, String expr) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, d, XPathConstants.NODESET);
    }

    static String render(ConnectionReport... rs) {
        return HtmlReport.render(Fixtures.result(rs), r -> RemedyAdvisor.advise(r, HostOs.fromNtlmssp(6, 3, 9600)));
    }

    @Test
    void differingRowsAreMarkedByClassAndText() throws Exception {
        Document d = parse(render(Fixtures.responseMismatchDecoded()));
        NodeList differs = xpath(d, "//table[contains(@class,'response')]//tr[@class='differs']");
        assertEquals(2, differs.getLength());
        for (int i = 0; i < differs.getLength(); i++) {
            String text = differs.item(i).getTextContent();
            assertTrue(text.contains("\u2260 differs"), text);
        }
        assertTrue(differs.item(0).getTextContent().startsWith("Capabilities"));
        assertTrue(differs.item(1).getTextContent().contains("0x0003 (SIGNING_ENABLED, SIGNING_REQUIRED)"));
        assertEquals(4, xpath(d, "//table[contains(@class,'request')]//tr[@class='same']").getLength());
        assertEquals(2, xpath(d, "//table[contains(@class,'side-by-side')]").getLength());
        assertTrue(xpath(d, "//table//caption").item(0).getTextContent().contains("NEGOTIATE | VALIDATE"));
    }

    @Test
    void showsVerdictSummaryEvidenceSignatureSpecAndRemedy() throws Exception {
        String html = render(Fixtures.responseMismatchDecoded());
        Document d = parse(html);
        String section = xpath(d, "//section[@id='connection-1']").item(0).getTextContent();
        assertTrue(section.contains("RESPONSE_MISMATCH"));
        assertTrue(section.contains("fatal: a Windows client drops this connection"));
        assertTrue(section.contains("differs from the NEGOTIATE response in SecurityMode and Capabilities"));
        assertTrue(section.contains("VALIDATE response: frame 13"));
        assertTrue(section.contains("connection end: frame 14"));
        assertTrue(section.contains("VALID (verified with the session key)"));
        assertTrue(section.contains("MS-SMB2 3.2.5.14.12"));
        assertTrue(section.contains("SIGNING_REQUIRED was removed from the NEGOTIATE"));
        NodeList recs = xpath(d, "//section[@id='connection-1']//li[@class='recommendation']");
        assertTrue(recs.getLength() >= 3);
        assertTrue(recs.item(0).getTextContent().contains("Stop the device"));
        NodeList pres = xpath(d, "//section[@id='connection-1']//details/pre");
        assertTrue(pres.getLength() >= 4, "scripts are in <pre> blocks");
        String ps = pres.item(0).getTextContent();
        assertTrue(ps.startsWith("#Requires -Version 4.0\n#Requires -RunAsAdministrator\n"), ps);
        assertTrue(ps.contains("$KeyPath    = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters'"),
                "quotes survive escaping: the reader can copy the script");
        assertTrue(html.contains("&#39;HKLM:"), "and are escaped in the markup");
        assertTrue(xpath(d, "//div[@class='vendor']//li").getLength() >= 5);
    }

    @Test
    void selfContained() throws Exception {
        String html = render(Fixtures.responseMismatchDecoded(), Fixtures.notSent(), Fixtures.refusedNotSupported());
        parse(html);
        for (Pattern p : List.of(Pattern.compile("(?i)<script"), Pattern.compile("(?i)<link"), Pattern.compile("(?i)\\bsrc\\s*="),
                Pattern.compile("(?i)https?:"), Pattern.compile("(?i)url\\s*\\("), Pattern.compile("(?i)@import"),
                Pattern.compile("(?i)<iframe"), Pattern.compile("(?i)<object"), Pattern.compile("(?i)<[^>]*\\son[a-z]+\\s*="))) {
            assertFalse(p.matcher(html).find(), p.pattern());
        }
        assertTrue(html.contains("<style>"), "inline CSS");
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    }

    @Test
    void hostileStringsAreEscapedEverywhere() throws Exception {
        ConnectionReport r = new ConnectionReport(0, EVIL, EVIL, EVIL, Verdict.RESPONSE_MISMATCH, true, EVIL,
                List.of(new Difference("response", "Guid", EVIL, EVIL + "2")), SignatureStatus.INVALID, TerminatedBy.CLIENT,
                new ConnectionReport.Frames(1, 2, 3, 4, 5), EVIL, null, null, null, null);
        AnalysisResult res = new AnalysisResult(List.of(new CaptureReport(EVIL, EVIL, 5,
                List.of(new CaptureWarning(EVIL, 2, 100, EVIL)))), List.of(r));
        String html = HtmlReport.render(res, c -> RemedyAdvisor.advise(c, HostOs.unknown()));
        Document d = parse(html); // would throw on an unescaped '<' or '&'
        assertFalse(Pattern.compile("(?i)<script|<img|<[^>]*\\son[a-z]+\\s*=").matcher(html).find(), "no live markup from the data");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;&quot;&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(xpath(d, "//p[@class='summary']").item(0).getTextContent().equals(EVIL), "and reads back as the original text");
        assertTrue(xpath(d, "//section[@class='captures']//li").item(0).getTextContent().startsWith(EVIL));
    }

    @Test
    void controlCharactersDoNotBreakThePage() throws Exception {
        ConnectionReport r = new ConnectionReport(0, "a\u0000b\u001b[31m", "s:445", "3.0", Verdict.VALIDATED, false, "x\u0007y",
                List.of(), SignatureStatus.VALID, TerminatedBy.NONE, new ConnectionReport.Frames(1, 2, 3, 4, 0), "spec", null, null, null, null);
        String html = HtmlReport.render(new AnalysisResult(List.of(), List.of(r)));
        parse(html); // XML 1.0 forbids these characters: their presence would fail the parse
        assertFalse(html.contains("\u001b") || html.contains("\u0000") || html.contains("\u0007"));
    }

    @Test
    void withoutRemediesThereIsNoAdviceSection() throws Exception {
        Document d = parse(HtmlReport.render(Fixtures.result(Fixtures.responseMismatchDecoded())));
        assertEquals(0, xpath(d, "//section[@class='remedy']").getLength());
        assertEquals(1, xpath(d, "//section[contains(@class,'connection')]").getLength());
    }

    @Test
    void aFailingAdvisorIsReportedNotFatal() throws Exception {
        String html = HtmlReport.render(Fixtures.result(Fixtures.notSent()), r -> {
            throw new IllegalStateException("boom");
        });
        Document d = parse(html);
        assertEquals("advice could not be produced (IllegalStateException: boom)", xpath(d, "//p[@class='advice-error']").item(0).getTextContent());
        assertTrue(html.contains("NOT_SENT"));
    }
}
