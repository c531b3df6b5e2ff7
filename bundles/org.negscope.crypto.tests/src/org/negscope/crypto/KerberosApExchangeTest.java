package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GSS session keys of real Kerberos SMB sessions (releng/captures/kerberos, a Samba AD DC on loopback), learnt
 * from the captured AP-REQ/AP-REP with the exported keytab, must equal the keys tshark learnt from the same tickets
 * (KEYS.tsv, written by make-kerberos-captures.sh from `tshark -K`): AES256 and AES128 and RC4-HMAC session keys,
 * every dialect. And where the keytab cannot open the ticket, the problem names the ticket and the keytab's entries.
 */
class KerberosApExchangeTest {
    static final Path DIR = TestData.relengCapture("kerberos");

    /** The AP-REQ (from the SESSION_SETUP request) and AP-REP (from its response) GSS tokens of a capture. */
    record Tokens(long requestFrame, byte[] apReq, long responseFrame, byte[] apRep) {
    }

    static Tokens tokens(Path pcap) throws Exception {
        byte[] req = null, rep = null;
        long rf = 0, pf = 0;
        for (CapturedSmb2.Message m : CapturedSmb2.read(pcap)) {
            if (m.command() != 1) {
                continue;
            }
            byte[] b = m.bytes();
            int off = m.isResponse() ? Bytes.u16(b, 64 + 4) : Bytes.u16(b, 64 + 12);
            int len = m.isResponse() ? Bytes.u16(b, 64 + 6) : Bytes.u16(b, 64 + 14);
            byte[] buf = Arrays.copyOfRange(b, off, off + len);
            byte[] t = gssToken(buf);
            if (t != null && !m.isResponse() && KerberosApExchange.isApReq(t)) {
                req = t;
                rf = m.frame();
            } else if (t != null && m.isResponse() && KerberosApExchange.isApRep(t)) {
                rep = t;
                pf = m.frame();
            }
        }
        return new Tokens(rf, req, pf, rep);
    }

    /** The GSS krb5 token (0x60 … krb5 OID) inside a SPNEGO buffer: test-side scan; the product uses the smb2 bundle's Spnego. */
    static byte[] gssToken(byte[] spnego) {
        for (int i = 0; i + 14 < spnego.length; i++) {
            if ((spnego[i] & 0xff) == 0x60 && KerberosApExchange.tokenId(Arrays.copyOfRange(spnego, i, spnego.length)) > 0) {
                return Arrays.copyOfRange(spnego, i, spnego.length); // trailing SPNEGO bytes are ignored by the DER reader
            }
        }
        return null;
    }

    /** KEYS.tsv: file -> kind -> key hex (tshark's learnt keys). */
    static Map<String, Map<String, String>> tsharkKeys() throws Exception {
        Map<String, Map<String, String>> m = new HashMap<>();
        for (String line : Files.readAllLines(DIR.resolve("KEYS.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            m.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[2], f[3] + ":" + f[4]);
        }
        return m;
    }

    static List<Path> captures() throws Exception {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(DIR)) {
            s.filter(p -> p.getFileName().toString().endsWith(".pcap")).sorted().forEach(out::add);
        }
        return out;
    }

    static Keytab keytab(String name) throws Exception {
        return Keytab.parse(Files.readAllBytes(DIR.resolve(name)), name);
    }

    @Test
    void everySessionKeyEqualsWhatTsharkLearnt() throws Exception {
        Map<String, Map<String, String>> expected = tsharkKeys();
        List<Path> caps = captures();
        assertTrue(caps.size() >= 10, "captures in " + DIR + ": " + caps);
        int rc4 = 0, aes128 = 0, aes256 = 0;
        try (Keytab kt = keytab("negscope-test.keytab")) {
            for (Path p : caps) {
                String name = p.getFileName().toString();
                Tokens t = tokens(p);
                assertNotNull(t.apReq(), name + ": no AP-REQ");
                KerberosApExchange.Result r = KerberosApExchange.sessionKey(t.apReq(), t.apRep(), kt);
                assertTrue(r.ok(), name + ": " + r.problem());
                Map<String, String> e = expected.get(name);
                assertNotNull(e, name + " not in KEYS.tsv");
                String want = e.getOrDefault("encAPRepPart_subkey", e.getOrDefault("authenticator_subkey", e.get("encTicketPart_key")));
                String source = e.containsKey("encAPRepPart_subkey") ? "acceptor subkey"
                        : e.containsKey("authenticator_subkey") ? "initiator subkey" : "ticket session key";
                assertEquals(want, r.enctype() + ":" + TestData.hex(r.key().copyBytes()), name);
                assertEquals(source, r.source(), name);
                assertEquals("cifs/dc1.negscope.test@NEGSCOPE.TEST", r.ticket().service(), name);
                assertEquals("DC1$@NEGSCOPE.TEST " + KerberosCrypto.enctypeName(r.ticket().enctype()) + " kvno 1", r.keytabEntry());
                switch (r.enctype()) {
                    case 23 -> rc4++;
                    case 17 -> aes128++;
                    case 18 -> aes256++;
                    default -> throw new AssertionError(r.enctype());
                }
                r.key().clear();
            }
        }
        assertTrue(rc4 > 0 && aes128 > 0 && aes256 > 0, "session keys rc4 " + rc4 + " aes128 " + aes128 + " aes256 " + aes256);
    }

    @Test
    void withoutTheApRepTheInitiatorSubkeyIsTaken() throws Exception {
        Path p = DIR.resolve("krb-3.0.2-signed.pcap");
        Tokens t = tokens(p);
        try (Keytab kt = keytab("negscope-test.keytab")) {
            KerberosApExchange.Result r = KerberosApExchange.sessionKey(t.apReq(), null, kt);
            assertEquals("initiator subkey", r.source());
            assertEquals(tsharkKeys().get("krb-3.0.2-signed.pcap").get("authenticator_subkey"),
                    r.enctype() + ":" + TestData.hex(r.key().copyBytes()));
        }
    }

    @Test
    void aKeytabWithoutTheServiceKeySaysWhatTheTicketNeeds() throws Exception {
        Tokens t = tokens(DIR.resolve("krb-3.0.2-signed.pcap"));
        try (Keytab user = keytab("user-only.keytab"); Keytab wrong = keytab("wrong.keytab")) {
            KerberosApExchange.Result r = KerberosApExchange.sessionKey(t.apReq(), t.apRep(), user);
            assertFalse(r.ok());
            assertNull(r.key());
            assertTrue(r.problem().startsWith("the ticket for cifs/dc1.negscope.test@NEGSCOPE.TEST is encrypted with"
                    + " aes256-cts-hmac-sha1-96 kvno 1; none of the keytab's 1 aes256-cts-hmac-sha1-96 key(s) decrypts it"
                    + " (the keytab user-only.keytab holds Administrator@NEGSCOPE.TEST aes256-cts-hmac-sha1-96 kvno 1,"), r.problem());
            KerberosApExchange.Result w = KerberosApExchange.sessionKey(t.apReq(), t.apRep(), wrong);
            assertFalse(w.ok());
            assertTrue(w.problem().contains("none of the keytab's 1 aes256-cts-hmac-sha1-96 key(s) decrypts it (the keytab"
                    + " wrong.keytab holds DC1$@NEGSCOPE.TEST aes256-cts-hmac-sha1-96 kvno 1)"), w.problem());
            assertFalse(w.problem().matches(".*[0-9a-f]{16}.*"), w.problem());
        }
    }

    @Test
    void hostileTokensGiveAProblemNotAnException() throws Exception {
        Tokens t = tokens(DIR.resolve("krb-3.0.2-signed.pcap"));
        try (Keytab kt = keytab("negscope-test.keytab")) {
            // Every truncation and a flipped byte at every 7th position: never an exception, never a key from damage
            // in the ticket's cipher (the integrity check), and the real one still works afterwards.
            for (int n = 0; n < t.apReq().length; n += 3) {
                KerberosApExchange.Result r = KerberosApExchange.sessionKey(Arrays.copyOf(t.apReq(), n), t.apRep(), kt);
                assertFalse(r.ok(), "cut at " + n);
            }
            for (int i = 0; i < t.apReq().length; i += 7) {
                byte[] b = t.apReq().clone();
                b[i] ^= 0x40;
                KerberosApExchange.Result r = KerberosApExchange.sessionKey(b, t.apRep(), kt);
                if (r.ok()) {
                    r.key().clear();
                }
            }
            assertTrue(KerberosApExchange.sessionKey(t.apReq(), t.apRep(), kt).ok());
        }
    }
}
