package org.negscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.negscope.crypto.KerberosApExchange;
import org.negscope.crypto.Keytab;
import org.negscope.crypto.KeytabFormatException;

/**
 * Fuzz target: the keytab reader and the Kerberos AP-REQ/AP-REP path (GSS framing, BouncyCastle ASN.1, RFC 3961
 * decryption) with the real service keytab of releng/captures/kerberos (a test secret of a throwaway domain).
 * Byte 0 selects: even = the rest is a keytab file, odd = the rest is an AP-REQ token (and, after a 0xff 0xff
 * separator, an AP-REP token). Allowed failures: KeytabFormatException (file and offset in its message); the
 * Kerberos path never throws, it returns a problem. A result never carries key bytes in its text.
 */
class KerberosFuzz {
    static final FuzzStats STATS = new FuzzStats("Kerberos");
    private static final Keytab SERVICE = load();

    private static Keytab load() {
        try {
            return Keytab.parse(Files.readAllBytes(Repo.captures().resolve("kerberos/negscope-test.keytab")), "negscope-test.keytab");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "15s")
    void fuzz(byte[] data) {
        STATS.execution();
        if (data.length < 1) return;
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        if ((data[0] & 1) == 0) {
            try (Keytab k = Keytab.parse(rest, "fuzz.keytab")) {
                k.describe();
                STATS.outcome("keytab");
            } catch (KeytabFormatException e) {
                if (!e.getMessage().startsWith("fuzz.keytab: offset ") || e.offset() < 0 || e.offset() > rest.length) {
                    throw new AssertionError("bad keytab error: " + e.getMessage());
                }
                STATS.outcome("keytab error");
            }
            return;
        }
        int sep = -1;
        for (int i = 0; i + 1 < rest.length; i++) {
            if (rest[i] == (byte) 0xff && rest[i + 1] == (byte) 0xff) {
                sep = i;
                break;
            }
        }
        byte[] apReq = sep < 0 ? rest : Arrays.copyOf(rest, sep);
        byte[] apRep = sep < 0 ? null : Arrays.copyOfRange(rest, sep + 2, rest.length);
        KerberosApExchange.Result r = KerberosApExchange.sessionKey(apReq, apRep, SERVICE);
        String text = String.valueOf(r) + r.problem();
        if (r.ok()) {
            r.key().clear();
            STATS.outcome("key");
        } else {
            STATS.outcome("problem");
        }
        if (text.matches("(?s).*[0-9a-f]{32}.*")) {
            throw new AssertionError("hex key-like text in a Kerberos result: " + text);
        }
    }

    @AfterAll static void report() { STATS.report(); }
}
