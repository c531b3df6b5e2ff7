package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The keytab reader on the keytabs `samba-tool domain exportkeytab` and MIT `ktutil` wrote for the Kerberos test
 * captures (releng/captures/kerberos, test secrets of a throwaway domain), and on hostile variants of them (built
 * here from the real file: truncated, unknown version, huge counts and lengths) that must fail with file and offset.
 */
class KeytabTest {

    static byte[] bytes(String name) throws Exception {
        return Files.readAllBytes(TestData.relengCapture("kerberos").resolve(name));
    }

    @Test
    void readsTheServiceKeytabSambaExported() throws Exception {
        Keytab kt = Keytab.parse(bytes("negscope-test.keytab"), "negscope-test.keytab");
        List<String> seen = kt.entries().stream().map(Keytab.Entry::describe).toList();
        assertEquals(List.of("DC1$@NEGSCOPE.TEST aes256-cts-hmac-sha1-96 kvno 1", "DC1$@NEGSCOPE.TEST aes128-cts-hmac-sha1-96 kvno 1",
                "DC1$@NEGSCOPE.TEST rc4-hmac kvno 1"), seen);
        assertEquals(List.of(32, 16, 16), kt.entries().stream().map(e -> e.key().length()).toList());
        // Nothing that prints a keytab shows a key.
        String shown = kt + " " + kt.describe() + " " + kt.entries();
        assertFalse(shown.matches(".*[0-9a-f]{16}.*"), shown);
        kt.clear();
        assertTrue(kt.entries().get(0).key().isCleared());
    }

    @Test
    void readsTheUserOnlyAndTheKtutilKeytab() throws Exception {
        assertEquals("Administrator@NEGSCOPE.TEST aes256-cts-hmac-sha1-96 kvno 1",
                Keytab.parse(bytes("user-only.keytab"), "u").entries().get(0).describe());
        Keytab wrong = Keytab.parse(bytes("wrong.keytab"), "w");
        assertEquals(List.of("DC1$@NEGSCOPE.TEST aes256-cts-hmac-sha1-96 kvno 1"),
                wrong.entries().stream().map(Keytab.Entry::describe).toList());
    }

    private static KeytabFormatException bad(byte[] data) {
        return assertThrows(KeytabFormatException.class, () -> Keytab.parse(data, "x.keytab"));
    }

    @Test
    void hostileKeytabsNameFileAndOffset() throws Exception {
        byte[] real = bytes("negscope-test.keytab");
        // Truncated at every length: either a clean error naming an offset inside the file, or (at an entry boundary) fewer entries.
        for (int n = 0; n < real.length; n++) {
            byte[] cut = Arrays.copyOf(real, n);
            try {
                Keytab k = Keytab.parse(cut, "x.keytab");
                assertTrue(k.entries().size() < 3, "cut at " + n);
            } catch (KeytabFormatException e) {
                assertTrue(e.getMessage().startsWith("x.keytab: offset "), e.getMessage());
                assertTrue(e.offset() >= 0 && e.offset() <= n, n + ": " + e.getMessage());
            }
        }
        KeytabFormatException v = bad(new byte[] {5, 3, 0, 0});
        assertEquals(0, v.offset());
        assertTrue(v.getMessage().contains("0x0503"), v.getMessage());
        assertEquals(0, bad(new byte[] {'P', 'K', 3, 4}).offset());
        assertEquals(0, bad(new byte[1]).offset());

        byte[] huge = real.clone();
        huge[2] = 0x7f; // first entry's size: about 2 GB
        KeytabFormatException h = bad(huge);
        assertEquals(2, h.offset());
        assertTrue(h.getMessage().contains("truncated"), h.getMessage());

        byte[] comps = real.clone();
        comps[6] = (byte) 0xff; // number of components 0xff..
        assertEquals(6, bad(comps).offset());

        byte[] realm = real.clone();
        realm[8] = (byte) 0xff; // realm length beyond the entry
        assertEquals(8, bad(realm).offset());

        assertEquals(0, bad(new byte[Keytab.MAX_BYTES + 1]).offset());
    }

    @Test
    void versionOneWithTheRealmCountedIsRead() {
        // Synthetic (no tool at hand writes version 1 any more): one entry, big-endian, the realm among the counted
        // components, no name type (MIT's keytab.txt).
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.writeBytes(new byte[] {0, 3});                       // 2 components + realm
        str(e, "R.TEST");
        str(e, "cifs");
        str(e, "host.r.test");
        e.writeBytes(new byte[] {0, 0, 0, 1, 7});              // timestamp, kvno 7
        e.writeBytes(new byte[] {0, 17, 0, 16});               // aes128, 16-byte key
        e.writeBytes(new byte[16]);
        byte[] body = e.toByteArray();
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[] {5, 1, 0, 0, 0, (byte) body.length});
        f.writeBytes(body);
        Keytab k = Keytab.parse(f.toByteArray(), "v1.keytab");
        assertEquals("cifs/host.r.test@R.TEST aes128-cts-hmac-sha1-96 kvno 7", k.entries().get(0).describe());
    }

    private static void str(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write(0);
        o.write(b.length);
        o.writeBytes(b);
    }
}
