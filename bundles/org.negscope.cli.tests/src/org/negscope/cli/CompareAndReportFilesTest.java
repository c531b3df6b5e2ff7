package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code negscope compare} on the committed two-point pairs (the same smbclient connection captured on both sides
 * of NegotiateRewriteProxy), and the {@code --html} / {@code --text} report files of analyze and compare.
 */
class CompareAndReportFilesTest {

    static MainTest.Run run(String... args) { return MainTest.run(args); }

    static String cap(String name) { return TestData.capture(name).toString(); }

    @Test void comparingThePairNamesTheChangedCapability() {
        MainTest.Run r = run("compare", cap("samba-3.0.2-strip-resp-caps.client-side.pcap"), cap("samba-3.0.2-strip-resp-caps.server-side.pcap"));
        assertEquals(1, r.code(), "a field the path changed is fatal: " + r.err());
        assertEquals("", r.err());
        String o = r.out();
        assertTrue(o.contains("1 connection matched, 1 changed on the way; 0 only on the client side, 0 only on the server side"), o);
        assertTrue(o.contains("(client side: RESPONSE_MISMATCH, fatal)") && o.contains("(server side: VALIDATED)"), o);
        assertTrue(o.lines().anyMatch(l -> l.matches("\\s+NEGOTIATE response\\s+Capabilities\\s+0x0000004f\\s+0x0000004b\\s+"
                + "\\(LARGE_MTU cleared by the path\\)")), o);
        assertTrue(o.contains("NEGOTIATE response +88: 0x4f -> 0x4b  Capabilities"), o);
        assertTrue(o.contains("middlebox    the middlebox between the client-side capture point"), o);
    }

    @Test void comparingJsonHasPairsChangedAndUnmatched() {
        MainTest.Run r = run("compare", "--json", cap("samba-3.0.2-strip-req-caps.client-side.pcap"),
                cap("samba-3.0.2-strip-req-caps.server-side.pcap"));
        assertEquals(1, r.code(), r.err());
        String j = r.out();
        assertTrue(j.startsWith("{\n  \"pairs\": ["), j);
        for (String key : List.of("clientSide", "serverSide", "matchedBy", "middlebox", "summary", "changed", "bytes", "unmatched",
                "captures", "verdict", "clientOs")) {
            assertTrue(j.contains("\"" + key + "\":"), "missing key " + key);
        }
        assertTrue(j.replaceAll("\\s+", " ").contains("\"message\": \"NEGOTIATE request\", \"field\": \"Capabilities\", "
                + "\"sent\": \"0x0000007f\", \"received\": \"0x0000007b\""), j);
    }

    @Test void unrelatedCapturesMatchNothing() {
        MainTest.Run r = run("compare", cap("samba-3.0.2-clean.pcap"), cap("samba-3.0.2-proxy-none.pcap"));
        assertEquals(0, r.code(), "nothing matched, nothing fatal: " + r.out());
        assertTrue(r.out().contains("0 connections matched, 0 changed on the way; 1 only on the client side, 1 only on the server side"));
        assertTrue(r.out().contains("no connection is in both captures"), r.out());
    }

    @Test void compareArgumentsAreChecked(@TempDir Path dir) {
        for (String[] args : List.of(new String[] {"compare", cap("samba-3.0.2-clean.pcap")},
                new String[] {"compare", cap("samba-3.0.2-clean.pcap"), cap("samba-3.0.2-clean.pcap"), cap("samba-3.0.2-clean.pcap")},
                new String[] {"compare"},
                new String[] {"analyze", cap("samba-3.0.2-clean.pcap"), "--html"},
                new String[] {"analyze", cap("samba-3.0.2-clean.pcap"), "--html", cap("samba-3.0.2-clean.pcap")},
                new String[] {"analyze", cap("samba-3.0.2-clean.pcap"), "--html", dir.resolve("a").toString(), "--text",
                        dir.resolve("a").toString()})) {
            MainTest.Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("negscope: "), r.err());
        }
        MainTest.Run missing = run("compare", cap("samba-3.0.2-clean.pcap"), dir.resolve("absent.pcap").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("absent.pcap"), missing.err());
    }

    /** The documented test password goes in; it must come out nowhere: stdout, stderr, the HTML and the text file. */
    @Test void reportFilesWithThePasswordNeverContainIt(@TempDir Path dir) throws IOException {
        Path pw = Files.writeString(dir.resolve("pw"), TestData.TEST_PASSWORD + "\n");
        Path html = dir.resolve("report.html");
        Path text = dir.resolve("report.txt");
        MainTest.Run r = run("analyze", "--password-file", pw.toString(), "--html", html.toString(), "--text", text.toString(),
                cap("samba-3.0.2-strip-resp-caps.pcap"));
        assertEquals(1, r.code(), r.err());
        String h = Files.readString(html, StandardCharsets.UTF_8);
        String t = Files.readString(text, StandardCharsets.UTF_8);
        assertTrue(h.startsWith("<!DOCTYPE html>") && h.contains("RESPONSE_MISMATCH"));
        assertTrue(h.contains("<tr class=\"differs\"><th scope=\"row\">Capabilities</th>"), "the marked row");
        assertTrue(h.contains("class=\"remedy\"") && h.contains("Stop the device"), "the remedy");
        assertTrue(h.contains("<table class=\"timeline\">"), "the timeline");
        assertTrue(t.contains("VALID (verified with the session key)"), "the password was used");
        assertTrue(t.contains("Timeline ("), t);
        for (String out : List.of(r.out(), r.err(), h, t)) {
            assertFalse(out.contains(TestData.TEST_PASSWORD));
        }

        Path cmpHtml = dir.resolve("compare.html");
        Path cmpText = dir.resolve("compare.txt");
        MainTest.Run c = run("compare", "--password-file", pw.toString(), "--json", "--html", cmpHtml.toString(), "--text", cmpText.toString(),
                cap("samba-3.0.2-strip-resp-caps.client-side.pcap"), cap("samba-3.0.2-strip-resp-caps.server-side.pcap"));
        assertEquals(1, c.code(), c.err());
        String ch = Files.readString(cmpHtml, StandardCharsets.UTF_8);
        assertTrue(ch.contains("<table class=\"two-point\">") && ch.contains("the middlebox: LARGE_MTU cleared by the path"), ch);
        for (String out : List.of(c.out(), c.err(), ch, Files.readString(cmpText, StandardCharsets.UTF_8))) {
            assertFalse(out.contains(TestData.TEST_PASSWORD));
        }
    }

    @Test void unwritableReportFileExitsTwoAfterTheAnalysis(@TempDir Path dir) {
        Path html = dir.resolve("no-such-dir").resolve("r.html");
        MainTest.Run r = run("analyze", "--html", html.toString(), cap("samba-3.0.2-clean.pcap"));
        assertEquals(2, r.code());
        assertTrue(r.out().contains("verdict      VALIDATED"), "stdout still has the diagnosis");
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(html.toString()) && r.err().contains("cannot write the HTML report"), r.err());
    }

    @Test void timelineOnRequest() {
        MainTest.Run without = run("analyze", "--json", cap("samba-3.0.2-clean.pcap"));
        assertFalse(without.out().contains("\"timeline\":"));
        assertTrue(without.out().contains("\"clientOs\":"), "the diagnosis details are always there, after the contract's keys");
        MainTest.Run with = run("analyze", "--json", "--timeline", cap("samba-3.0.2-clean.pcap"));
        assertTrue(with.out().contains("\"timeline\":") && with.out().contains("\"kind\": \"tcp-syn\""), with.out());
        MainTest.Run text = run("analyze", "--timeline", cap("samba-3.0.2-clean.pcap"));
        assertTrue(text.out().contains("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO request"), text.out());
        assertTrue(text.out().contains("client os    probably Samba (NTLMSSP Version 6.1 build 0)"), text.out());
    }
}
