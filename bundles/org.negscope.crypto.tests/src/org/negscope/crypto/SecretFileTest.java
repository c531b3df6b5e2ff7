package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one secret-file reader: its rules per kind, and that no message shows a file's content. */
class SecretFileTest {
    @TempDir Path tmp;

    private Path file(String name, byte[] content) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, content);
        return f;
    }

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String refused(Executable e) {
        return assertThrows(SecretFile.SecretFileException.class, e::run).getMessage();
    }

    interface Executable { void run() throws Exception; }

    @Test
    void passwordIsTheFirstLineWithoutItsLineBreak() throws IOException {
        Path f = file("pw", "pässword 1\r\nsecond line\n");
        assertArrayEquals("pässword 1".toCharArray(), SecretFile.password(f));
        Path noBreak = file("pw2", "only");
        assertArrayEquals("only".toCharArray(), SecretFile.password(noBreak));
    }

    @Test
    void everyKindRefusesMissingEmptyDirectoryAndOversizedFiles() throws IOException {
        for (SecretFile.Kind k : SecretFile.Kind.values()) {
            Path missing = tmp.resolve("missing-" + k);
            assertEquals(missing + ": " + k.what() + " does not exist", refused(() -> SecretFile.read(missing, k)));
            Path empty = file("empty-" + k, new byte[0]);
            assertEquals(empty + ": " + k.what() + " is empty", refused(() -> SecretFile.read(empty, k)));
            Path dir = Files.createDirectory(tmp.resolve("dir-" + k));
            assertEquals(dir + ": " + k.what() + " is a directory, not a file", refused(() -> SecretFile.read(dir, k)));
            Path big = file("big-" + k, new byte[(int) k.maxBytes() + 1]);
            assertEquals(big + ": " + k.what() + " is " + (k.maxBytes() + 1) + " bytes, more than " + k.maxBytes(),
                    refused(() -> SecretFile.read(big, k)));
            Path atCap = file("cap-" + k, new byte[(int) k.maxBytes()]);
            assertEquals(k.maxBytes(), SecretFile.read(atCap, k).length);
        }
    }

    @Test
    void capsAreSmallForTextSecretsAndOneMebibyteForKeytabs() {
        assertEquals(4096, SecretFile.Kind.PASSWORD.maxBytes());
        assertEquals(4096, SecretFile.Kind.NT_HASH.maxBytes());
        assertEquals(1 << 20, SecretFile.Kind.KEYTAB.maxBytes());
        assertTrue(SecretFile.Kind.SESSION_KEYS.maxBytes() <= 64 * 1024);
    }

    @Test
    void passwordFileWhoseFirstLineIsEmptyOrNotUtf8IsRefused() throws IOException {
        Path blank = file("blank", "\nsecret-on-line-2\n");
        String m = refused(() -> SecretFile.password(blank));
        assertEquals(blank + ": the password file is empty (its first line holds the password)", m);
        Path latin1 = file("latin1", new byte[] {'p', 'w', (byte) 0xe9});
        m = refused(() -> SecretFile.password(latin1));
        assertEquals(latin1 + ": the password file is not UTF-8 text", m);
    }

    @Test
    void ntHashIsSixteenBytesOfHex() throws IOException {
        Path f = file("hash", "  0x8846F7EAEE8FB117AD06BDD830B7586C\n");
        byte[] h = SecretFile.ntHash(f);
        assertEquals(16, h.length);
        assertEquals((byte) 0x88, h[0]);
        assertEquals((byte) 0x6c, h[15]);
        Path shortHash = file("short", "abcd");
        assertTrue(refused(() -> SecretFile.ntHash(shortHash)).contains("holds 2 bytes, an NT hash has 16"));
        Path word = file("word", "Secret-Password-1");
        String m = refused(() -> SecretFile.ntHash(word));
        assertTrue(m.startsWith(word + ": the NT hash file is not hex"), m);
        assertFalse(m.contains("Secret-Password-1"), m);
    }

    @Test
    void sessionKeysPerSessionIdOrForEverySession() throws IOException {
        String k1 = "00112233445566778899aabbccddeeff";
        String k2 = "ffeeddccbbaa99887766554433221100";
        Path f = file("keys", "# comment\n\n0x0000040000000005 " + k1 + "\n" + k2 + "\n17 " + k1 + "\n");
        Map<Long, byte[]> keys = SecretFile.sessionKeys(f);
        assertEquals(3, keys.size());
        assertEquals((byte) 0x00, keys.get(0x0000040000000005L)[0]);
        assertEquals((byte) 0xff, keys.get(SecretFile.ANY_SESSION)[0]);
        assertEquals(16, keys.get(17L).length);
        SecretFile.wipe(keys);
        assertArrayEquals(new byte[16], keys.get(17L));

        Path badId = file("badid", "Hunter2 " + k1 + "\n");
        String m = refused(() -> SecretFile.sessionKeys(badId));
        assertEquals(badId + ", line 1: the SessionId is not a decimal or 0x-hex number", m);
        Path shortKey = file("shortkey", "1 0011\n");
        assertEquals(shortKey + ", line 1: the key has 2 bytes, a session key has at least 16",
                refused(() -> SecretFile.sessionKeys(shortKey)));
        Path none = file("none", "# only a comment\n");
        assertEquals(none + ": the session key file holds no key", refused(() -> SecretFile.sessionKeys(none)));
    }

    @Test
    void keytabIsReadAsBytesUpToItsCap() throws IOException {
        byte[] kt = {0x05, 0x02, 0, 0, 0, 0x10};
        assertArrayEquals(kt, SecretFile.keytab(file("kt", kt)));
    }
}
