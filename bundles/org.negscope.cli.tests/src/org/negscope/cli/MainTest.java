package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code negscope analyze} end to end through {@link Main#run}: exit codes, output shapes, secrets. */
class MainTest {

    /** Result of one run: exit code and both streams. */
    record Run(int code, String out, String err) {
        List<String> errLines() { return err.isEmpty() ? List.of() : List.of(err.split("\n")); }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String ext(String name) { return TestData.external(name).toString(); }

    @Test void noFatalVerdictExitsZeroWithOneTextBlockPerConnection() {
        Run r = run("analyze", ext("suricata-verify-smb2-delete.pcap"));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("192.168.1.12:49283 -> 192.168.1.51:445  dialect 3.0.2"), r.out());
        assertTrue(r.out().contains("verdict      NOT_APPLICABLE"), r.out());
        assertTrue(r.out().contains("frames       NEGOTIATE 15/16, VALIDATE -/-, termination 129"), r.out());
        assertTrue(r.out().contains("2 SMB connections, 0 fatal"), r.out());
    }

    @Test void jsonHasTheContractFieldNames() {
        Run r = run("analyze", "--json", ext("zeek-smb3.pcap"), ext("msod-fasod-ex1-win10-ws2019-workgroup.pcapng"));
        assertEquals(0, r.code(), r.err());
        String j = r.out().trim();
        assertTrue(j.startsWith("{") && j.endsWith("}"), "one JSON object: " + j);
        for (String key : List.of("captures", "connections", "path", "format", "frames", "warnings", "capture", "client",
                "server", "dialect", "verdict", "fatal", "summary", "differences", "signature", "terminatedBy",
                "negotiateRequest", "negotiateResponse", "validateRequest", "validateResponse", "termination", "spec")) {
            assertTrue(j.contains("\"" + key + "\":"), "missing key " + key);
        }
        assertTrue(j.contains("\"verdict\": \"ENCRYPTED\""), j);
        assertTrue(j.contains("\"format\": \"pcapng\""), j);
        assertTrue(j.contains("\"terminatedBy\": \"client\""), j);
        assertTrue(j.contains("\"client\": \"[fe80::b00c:699:2acb:8e78]:49687\""), j);
        assertEquals(5, count(j, "\"verdict\":"), "one entry per SMB connection (1 + 4)");
        assertEquals(2, count(j, "\"path\":"));
    }

    @Test void missingFileExitsTwoWithOneLineNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-capture.pcap");
        Run r = run("analyze", missing.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).contains(missing.toString()), r.err());
        assertTrue(r.errLines().get(0).contains("no such file"), r.err());
    }

    @Test void directoryExitsTwoButTheOtherFilesAreStillAnalysed(@TempDir Path dir) {
        Run r = run("analyze", dir.toString(), ext("zeek-smb311.pcap"));
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("negscope: " + dir), r.err());
        assertTrue(r.errLines().get(0).contains("directory"), r.err());
        assertTrue(r.out().contains("NOT_APPLICABLE"), r.out());
    }

    @Test void notACaptureExitsTwo(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a capture file at all\n");
        Run r = run("analyze", "--json", text.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(text.toString()) && r.err().contains("not a capture file NegScope reads"), r.err());
    }

    @Test void badArgumentsExitTwo() {
        for (String[] args : List.of(new String[] {}, new String[] {"analyse", "x.pcap"}, new String[] {"analyze"},
                new String[] {"analyze", "--frobnicate", "x.pcap"}, new String[] {"analyze", "x.pcap", "--password-file"},
                new String[] {"analyze", "x.pcap", "--password-file", "a", "--nt-hash-file", "b"},
                new String[] {"analyze", "x.pcap", "--user", "bob"})) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("negscope: "), r.err());
            assertEquals("", r.out());
        }
    }

    @Test void helpExitsZero() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("usage: negscope analyze CAPTURE..."), r.out());
        assertEquals(0, run("analyze", "--help").code());
    }

    @Test void secretsAreNeverEchoed(@TempDir Path dir) throws IOException {
        String pw = "Sw0rdfish-" + System.nanoTime();
        Path pwFile = Files.writeString(dir.resolve("pw"), pw + "\n");
        Run r = run("analyze", "--password-file", pwFile.toString(), ext("zeek-smb3.pcap"));
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains(pw) || r.err().contains(pw));
        assertFalse(run("analyze", "--json", "--password-file", pwFile.toString(), ext("zeek-smb3.pcap")).out().contains(pw));

        String notHex = "secretZZ" + "0".repeat(24);
        Path hashFile = Files.writeString(dir.resolve("hash"), notHex);
        Run bad = run("analyze", "--nt-hash-file", hashFile.toString(), ext("zeek-smb3.pcap"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(hashFile.toString()) && bad.err().contains("not hex"), bad.err());
        assertFalse(bad.err().contains("secret") || bad.err().contains("ZZ"), bad.err());

        Path shortHash = Files.writeString(dir.resolve("short"), "00112233");
        assertEquals(2, run("analyze", "--nt-hash-file", shortHash.toString(), ext("zeek-smb3.pcap")).code());

        Path keys = Files.writeString(dir.resolve("keys"), "# comment\n0x0000400000000011 00112233445566778899aabbccddeeff\nnot-a-number 0011\n");
        Run k = run("analyze", "--session-key-file", keys.toString(), ext("zeek-smb3.pcap"));
        assertEquals(2, k.code());
        assertTrue(k.err().contains(keys + ", line 3"), k.err());
        assertFalse(k.err().contains("00112233"), k.err());

        Run none = run("analyze", "--password-file", dir.resolve("absent").toString(), ext("zeek-smb3.pcap"));
        assertEquals(2, none.code());
        assertTrue(none.err().contains("absent") && none.err().contains("does not exist"), none.err());
    }

    @Test void sessionKeyFileIsAccepted(@TempDir Path dir) throws IOException {
        Path keys = Files.writeString(dir.resolve("keys"), "0x0000400000000011 00112233445566778899aabbccddeeff\n"
                + "00112233445566778899aabbccddeeff\n");
        Run r = run("analyze", "--session-key-file", keys.toString(), ext("zeek-smb311.pcap"));
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("00112233"));
    }

    /** Real Samba capture through the rewriting proxy: LARGE_MTU stripped from the NEGOTIATE response. */
    @Test void fatalVerdictExitsOne() {
        Run r = run("analyze", "--json", TestData.capture("samba-3.0.2-strip-resp-caps.pcap").toString());
        assertEquals(1, r.code(), r.err());
        String j = r.out();
        assertTrue(j.contains("\"verdict\": \"RESPONSE_MISMATCH\""), j);
        assertTrue(j.contains("\"fatal\": true"), j);
        assertTrue(j.contains("\"side\": \"response\""), j);
        assertTrue(j.contains("\"field\": \"Capabilities\""), j);
        assertTrue(j.contains("\"negotiate\": \"0x0000004b\""), j);
        assertTrue(j.contains("\"validate\": \"0x0000004f\""), j);
        assertTrue(j.contains("\"signature\": \"UNVERIFIED\""), j);
        assertTrue(j.contains("\"spec\": \"MS-SMB2 3.2.5.14.12\""), j);

        Run text = run("analyze", TestData.capture("samba-3.0.2-strip-resp-caps.pcap").toString());
        assertEquals(1, text.code());
        assertTrue(text.out().contains("verdict      RESPONSE_MISMATCH (fatal"), text.out());
        assertTrue(text.out().contains("response  Capabilities  0x0000004b  0x0000004f"), text.out());
        assertTrue(text.out().contains("1 SMB connection, 1 fatal"), text.out());
    }

    /** The proxy re-signed the VALIDATE response wrongly: only the password proves it (SIGNATURE_INVALID, exit 1). */
    @Test void passwordTurnsAnUnprovableSignatureIntoAFatalVerdict(@TempDir Path dir) throws IOException {
        String capture = TestData.capture("samba-3.0.2-corrupt-validate-sig.pcap").toString();
        Run without = run("analyze", capture);
        assertEquals(0, without.code(), without.err());
        assertTrue(without.out().contains("verdict      VALIDATED"), without.out());
        assertTrue(without.out().contains("signature    UNVERIFIED"), without.out());
        Path pw = Files.writeString(dir.resolve("pw"), TestData.TEST_PASSWORD + "\r\n");
        Run with = run("analyze", "--password-file", pw.toString(), capture);
        assertEquals(1, with.code(), with.err());
        assertTrue(with.out().contains("verdict      SIGNATURE_INVALID"), with.out());
        assertTrue(with.out().contains("signature    INVALID"), with.out());
        assertFalse(with.out().contains(TestData.TEST_PASSWORD));
        Run good = run("analyze", "--password-file", pw.toString(), TestData.capture("samba-3.0.2-clean.pcap").toString());
        assertEquals(0, good.code());
        assertTrue(good.out().contains("signature    VALID"), good.out());
    }

    private static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
