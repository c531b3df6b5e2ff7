package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code negscope analyze CAP --keytab F [--keytab F2]} on the real Kerberos captures (releng/captures/kerberos: a
 * Samba AD DC on loopback; the keytabs are test secrets of that throwaway domain): every signature proven, the altered
 * VALIDATE signature fatal, a keytab without the service key explained, a damaged keytab exit 2 with file and offset,
 * and no key byte in any output.
 */
class KeytabOptionTest {
    @TempDir Path dir;

    static Path kerberos(String name) {
        return TestData.repoRoot().resolve("releng/captures/kerberos").resolve(name);
    }

    /** Every key of the keytab as hex: none may appear in any output. */
    static void assertNoKeyBytes(String output) throws Exception {
        try (org.negscope.crypto.Keytab kt = org.negscope.crypto.Keytab.parse(
                Files.readAllBytes(kerberos("negscope-test.keytab")), "k")) {
            for (org.negscope.crypto.Keytab.Entry e : kt.entries()) {
                String hex = HexFormat.of().formatHex(e.key().copyBytes());
                assertFalse(output.contains(hex.substring(0, 16)), "a key appears in the output");
            }
        }
    }

    @Test void signedSessionProvenWithTheKeytab() throws Exception {
        MainTest.Run r = MainTest.run("analyze", "--keytab", kerberos("negscope-test.keytab").toString(),
                kerberos("krb-3.0.2-signed.pcap").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("VALIDATED"), r.out());
        assertTrue(r.out().matches("(?s).*  signed       (\\d+) signed messages: \\1 VALID, 0 INVALID, 0 UNVERIFIED \\(AES-128-CMAC\\).*"), r.out());
        assertNoKeyBytes(r.out() + r.err());
    }

    @Test void alteredSignatureIsFatalWithTheKeytabOnly() throws Exception {
        Path cap = kerberos("krb-3.0.2-corrupt-validate-sig.pcap");
        MainTest.Run with = MainTest.run("analyze", "--keytab", kerberos("negscope-test.keytab").toString(), cap.toString());
        assertEquals(1, with.code(), with.out());
        assertTrue(with.out().contains("SIGNATURE_INVALID"), with.out());
        MainTest.Run without = MainTest.run("analyze", cap.toString());
        assertEquals(0, without.code(), without.out());
        // Two keytabs: the user's (useless here) and the service's; the service key is found among them.
        MainTest.Run two = MainTest.run("analyze", "--keytab", kerberos("user-only.keytab").toString(), "--keytab",
                kerberos("negscope-test.keytab").toString(), cap.toString());
        assertEquals(1, two.code(), two.out());
        assertNoKeyBytes(with.out() + two.out());
    }

    @Test void aKeytabWithoutTheServiceKeySaysWhatTheTicketNeeds() throws Exception {
        MainTest.Run r = MainTest.run("analyze", "--keytab", kerberos("user-only.keytab").toString(),
                kerberos("krb-3.0.2-signed.pcap").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("the ticket for cifs/dc1.negscope.test@NEGSCOPE.TEST is encrypted with aes256-cts-hmac-sha1-96"
                + " kvno 1; none of the keytab's 1 aes256-cts-hmac-sha1-96 key(s) decrypts it"), r.out());
        assertTrue(r.out().contains("0 VALID, 0 INVALID"), r.out());
    }

    @Test void badKeytabsExitTwoWithFileAndOffset() throws Exception {
        byte[] real = Files.readAllBytes(kerberos("negscope-test.keytab"));
        Path cut = Files.write(dir.resolve("cut.keytab"), Arrays.copyOf(real, real.length - 5));
        MainTest.Run r = MainTest.run("analyze", "--keytab", cut.toString(), kerberos("krb-3.0.2-signed.pcap").toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().startsWith("negscope: " + cut + ": offset "), r.err());
        assertTrue(r.err().contains("truncated"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Path v = Files.write(dir.resolve("v9.keytab"), new byte[] {5, 9, 0, 0, 0, 0});
        MainTest.Run rv = MainTest.run("analyze", "--keytab", v.toString(), kerberos("krb-3.0.2-signed.pcap").toString());
        assertEquals(2, rv.code());
        assertTrue(rv.err().contains(v + ": offset 0: is not an MIT keytab: version 0x0509"), rv.err());

        MainTest.Run missing = MainTest.run("analyze", "--keytab", dir.resolve("nope").toString(), kerberos("krb-3.0.2-signed.pcap").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
