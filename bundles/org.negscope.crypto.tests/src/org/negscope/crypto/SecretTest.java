package org.negscope.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void neverPrintsItsContent() {
        Secret p = Secret.password("hunter2".toCharArray());
        assertEquals("***", p.toString());
        assertEquals("key=***", "key=" + Secret.fromHex("00ff"));
        NtlmSessionKey holder = new NtlmSessionKey(Secret.fromHex("deadbeefdeadbeefdeadbeefdeadbeef"), true, "D", null);
        assertFalse(holder.toString().toLowerCase().contains("deadbeef"), holder.toString());
    }

    @Test
    void copiesItsInputAndHandsOutCopies() {
        char[] typed = "pw".toCharArray();
        Secret p = Secret.password(typed);
        typed[0] = 'x';
        assertArrayEquals("pw".toCharArray(), p.copyChars());
        p.copyChars()[0] = 'y';
        assertArrayEquals("pw".toCharArray(), p.copyChars());
        assertTrue(p.isPassword());
        assertEquals(2, p.length());
    }

    @Test
    void clearWipesAndForbidsUse() {
        Secret k = Secret.bytes(new byte[] {1, 2, 3});
        byte[] raw = k.rawBytes();
        k.clear();
        assertArrayEquals(new byte[3], raw, "content overwritten");
        assertTrue(k.isCleared());
        IllegalStateException e = assertThrows(IllegalStateException.class, k::copyBytes);
        assertEquals("secret was cleared", e.getMessage());
        k.clear(); // idempotent
        assertEquals("***", k.toString());
    }

    @Test
    void closeClears() {
        Secret s;
        try (Secret k = Secret.password("x".toCharArray())) {
            s = k;
        }
        assertTrue(s.isCleared());
    }

    @Test
    void hexParsingAcceptsFileContentAndHidesBadCharacters() {
        assertArrayEquals(new byte[] {(byte) 0xa4, (byte) 0xf4}, Secret.fromHex("  0xA4f4\n").copyBytes());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Secret.fromHex("a4g4"));
        assertEquals("not a hex digit at position 2", bad.getMessage());
        assertEquals("odd number of hex digits (3)",
                assertThrows(IllegalArgumentException.class, () -> Secret.fromHex("abc")).getMessage());
        assertEquals("no hex digits", assertThrows(IllegalArgumentException.class, () -> Secret.fromHex(" \n")).getMessage());
    }

    @Test
    void passwordAndKeyAreNotInterchangeable() {
        assertEquals("this secret is a password, not key material",
                assertThrows(IllegalStateException.class, () -> Secret.password("a".toCharArray()).copyBytes()).getMessage());
        assertEquals("this secret is key material, not a password",
                assertThrows(IllegalStateException.class, () -> Secret.fromHex("00").copyChars()).getMessage());
    }
}
