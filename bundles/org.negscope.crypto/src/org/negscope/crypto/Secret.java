package org.negscope.crypto;

import java.util.Arrays;

/**
 * A password, NT hash or key that must never reach a log, an exception message or a report.
 *
 * <p>{@link #toString()} is {@code "***"} so that string concatenation, debuggers' default views
 * and records that hold a {@code Secret} cannot print it by accident. {@link #clear()} overwrites
 * the content; using a cleared secret throws (without revealing anything). Equality is identity:
 * comparing secrets by value would invite timing leaks and is never needed.
 */
public final class Secret implements AutoCloseable {

    private char[] chars;
    private byte[] bytes;
    private boolean cleared;

    private Secret(char[] chars, byte[] bytes) {
        this.chars = chars;
        this.bytes = bytes;
    }

    /** A password as typed. The array is copied: the caller should clear its own copy. */
    public static Secret password(char[] password) {
        if (password == null) {
            throw new IllegalArgumentException("password is null");
        }
        return new Secret(password.clone(), null);
    }

    /** Raw key material (NT hash, session key, derived key). The array is copied. */
    public static Secret bytes(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("key is null");
        }
        return new Secret(null, key.clone());
    }

    /**
     * Key material given as hex text (the contents of {@code --nt-hash-file} or
     * {@code --session-key-file}). Whitespace and an optional {@code 0x} prefix are ignored.
     * The error message names the position of a bad character, never the character itself.
     */
    public static Secret fromHex(CharSequence text) {
        if (text == null) {
            throw new IllegalArgumentException("hex text is null");
        }
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end - start >= 2 && text.charAt(start) == '0'
                && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
            start += 2;
        }
        int digits = end - start;
        if (digits == 0) {
            throw new IllegalArgumentException("no hex digits");
        }
        if (digits % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + digits + ")");
        }
        byte[] out = new byte[digits / 2];
        for (int i = 0; i < digits; i += 2) {
            int hi = Character.digit(text.charAt(start + i), 16);
            int lo = Character.digit(text.charAt(start + i + 1), 16);
            if (hi < 0 || lo < 0) {
                Arrays.fill(out, (byte) 0);
                throw new IllegalArgumentException("not a hex digit at position " + (start + i + (hi < 0 ? 0 : 1)));
            }
            out[i / 2] = (byte) (hi << 4 | lo);
        }
        return new Secret(null, out);
    }

    /** True for a typed password, false for raw key material. */
    public boolean isPassword() {
        check();
        return chars != null;
    }

    /** Length in bytes of raw key material; for a password the number of UTF-16 code units. */
    public int length() {
        check();
        return chars != null ? chars.length : bytes.length;
    }

    /** A copy of a password's characters; the caller must clear it. */
    public char[] copyChars() {
        check();
        if (chars == null) {
            throw new IllegalStateException("this secret is key material, not a password");
        }
        return chars.clone();
    }

    /** A copy of raw key material; the caller must clear it. */
    public byte[] copyBytes() {
        check();
        if (bytes == null) {
            throw new IllegalStateException("this secret is a password, not key material");
        }
        return bytes.clone();
    }

    /** Package-private view without copying, for the primitives in this bundle. */
    byte[] rawBytes() {
        check();
        if (bytes == null) {
            throw new IllegalStateException("this secret is a password, not key material");
        }
        return bytes;
    }

    char[] rawChars() {
        check();
        if (chars == null) {
            throw new IllegalStateException("this secret is key material, not a password");
        }
        return chars;
    }

    public boolean isCleared() {
        return cleared;
    }

    /** Overwrites the content with zeros. Idempotent. */
    public void clear() {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
        cleared = true;
    }

    @Override
    public void close() {
        clear();
    }

    private void check() {
        if (cleared) {
            throw new IllegalStateException("secret was cleared");
        }
    }

    @Override
    public String toString() {
        return "***";
    }
}
