package org.negscope.smb2;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/** Growable little-endian byte writer used by the encoders; supports patching offsets and lengths written later. */
final class LeWriter {
    private byte[] buf;
    private int pos;

    LeWriter(int initial) {
        buf = new byte[Math.max(16, initial)];
    }

    int position() {
        return pos;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    LeWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    LeWriter u16(int v) {
        ensure(2);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        return this;
    }

    LeWriter u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    LeWriter u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    LeWriter bytes(byte[] v) {
        return bytes(v, 0, v.length);
    }

    LeWriter bytes(byte[] v, int off, int len) {
        ensure(len);
        System.arraycopy(v, off, buf, pos, len);
        pos += len;
        return this;
    }

    LeWriter guid(UUID g) {
        ensure(16);
        Guids.toLittleEndian(g, buf, pos);
        pos += 16;
        return this;
    }

    LeWriter utf16(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_16LE));
    }

    LeWriter zeros(int n) {
        ensure(n);
        pos += n; // buffer is zero-filled: never reused
        return this;
    }

    /** Pads with zeros to a multiple of {@code alignment} measured from {@code origin}. */
    LeWriter align(int origin, int alignment) {
        int rem = (pos - origin) % alignment;
        return rem == 0 ? this : zeros(alignment - rem);
    }

    void put16(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
    }

    void put32(int at, long v) {
        for (int i = 0; i < 4; i++) {
            buf[at + i] = (byte) (v >>> (8 * i));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
