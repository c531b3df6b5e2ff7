package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature check of every signed message on the command line: {@code negscope analyze --password-file} checks every signed message and prints the
 * counts, the VALIDATE response's expected and found signature when it does not verify, and a hint when the password
 * is wrong; the JSON carries the same in "signatureCheck". Real Samba captures, the documented test password.
 */
class SignatureOutputTest {
    @TempDir Path dir;

    Path password(String pw) throws Exception {
        return Files.writeString(dir.resolve("pw"), pw + "\n");
    }

    @Test void threeElevenSignaturesAllVerify() throws Exception {
        MainTest.Run r = MainTest.run("analyze", "--password-file", password(TestData.TEST_PASSWORD).toString(),
                TestData.capture("samba-3.1.1-clean.pcap").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  signed       25 signed messages: 25 VALID, 0 INVALID, 0 UNVERIFIED (AES-128-GMAC)"), r.out());
        assertFalse(r.out().contains(TestData.TEST_PASSWORD));

        MainTest.Run j = MainTest.run("analyze", "--json", "--password-file", password(TestData.TEST_PASSWORD).toString(),
                TestData.capture("samba-3.1.1-clean.pcap").toString());
        assertTrue(j.out().contains("\"signatureCheck\": {"), j.out());
        assertTrue(j.out().contains("\"valid\": 25"), j.out());
    }

    @Test void alteredValidateResponseShowsExpectedAndFound() throws Exception {
        MainTest.Run r = MainTest.run("analyze", "--password-file", password(TestData.TEST_PASSWORD).toString(),
                TestData.capture("samba-3.0.2-corrupt-validate-sig.pcap").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*  signature    INVALID \\(expected [0-9a-f]{32}, found [0-9a-f]{32}\\).*"), r.out());
        assertTrue(r.out().contains("  signed       5 signed messages: 4 VALID, 1 INVALID, 0 UNVERIFIED (AES-128-CMAC)"), r.out());
        assertTrue(r.out().matches("(?s).*  invalid      first in frame 19: expected [0-9a-f]{32}, found [0-9a-f]{32}.*"), r.out());
    }

    @Test void wrongPasswordSaysAllInvalidAndWhy() throws Exception {
        String wrong = "Not-The-Password-42";
        MainTest.Run r = MainTest.run("analyze", "--password-file", password(wrong).toString(),
                TestData.capture("samba-3.0.2-clean.pcap").toString());
        assertEquals(0, r.code(), "a wrong password proves nothing against the server: " + r.out());
        assertTrue(r.out().contains("  signature    UNVERIFIED (key probably wrong; expected "), r.out());
        assertTrue(r.out().contains("29 signed messages: 0 VALID, 29 INVALID, 0 UNVERIFIED"), r.out());
        assertTrue(r.out().contains("  credentials  the password does not match the NTLMv2 response"), r.out());
        assertFalse(r.out().contains(wrong));
    }
}
