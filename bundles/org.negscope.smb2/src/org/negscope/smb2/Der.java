package org.negscope.smb2;

import java.io.ByteArrayOutputStream;

/**
 * The few ASN.1 DER operations SPNEGO needs: read one tag-length-value header within bounds, decode and
 * encode OBJECT IDENTIFIERs, and wrap content in a TLV. Single-byte tags and definite lengths only (DER).
 */
final class Der {
    private Der() {}

    /** One TLV header: {@code tag}, content from {@code valueOff} for {@code length} bytes, ending at {@code end()}. */
    record Tlv(int tag, int offset, int valueOff, int length) {
        int end() {
            return valueOff + length;
        }
    }

    /** Reads the TLV at {@code off}; its content must end by {@code limit}. */
    static Tlv read(byte[] b, int off, int limit, String what) {
        if (off + 2 > limit) {
            throw new Smb2FormatException(what + " at offset 0x" + Integer.toHexString(off)
                    + " needs a 2-byte DER header but only " + Math.max(0, limit - off) + " bytes remain");
        }
        int tag = b[off] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new Smb2FormatException(what + String.format(" at offset 0x%x: multi-byte DER tag 0x%02x not supported", off, tag));
        }
        int l0 = b[off + 1] & 0xff;
        int p = off + 2;
        long len;
        if (l0 < 0x80) {
            len = l0;
        } else {
            int n = l0 & 0x7f;
            if (n == 0 || n > 4) {
                throw new Smb2FormatException(what + String.format(" at offset 0x%x: DER length form 0x%02x not allowed", off, l0));
            }
            if (p + n > limit) {
                throw new Smb2FormatException(what + String.format(" at offset 0x%x: DER length runs past the end of the token", off));
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = len << 8 | (b[p++] & 0xff);
            }
        }
        if (p + len > limit) {
            throw new Smb2FormatException(what + String.format(
                    " at offset 0x%x: DER length %d runs past the end of its container (%d bytes left)", off, len, limit - p));
        }
        return new Tlv(tag, off, p, (int) len);
    }

    static String oid(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int first = b[off] & 0xff;
        sb.append(Math.min(first / 40, 2)).append('.').append(first - 40 * Math.min(first / 40, 2));
        long v = 0;
        for (int i = 1; i < len; i++) {
            int x = b[off + i] & 0xff;
            v = v << 7 | (x & 0x7f);
            if ((x & 0x80) == 0) {
                sb.append('.').append(v);
                v = 0;
            } else if (v > (1L << 48)) {
                return sb.append(".?").toString();
            }
        }
        return sb.toString();
    }

    static byte[] encodeOid(String oid) {
        String[] parts = oid.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            byte[] tmp = new byte[10];
            int n = 0;
            do {
                tmp[n++] = (byte) (v & 0x7f);
                v >>>= 7;
            } while (v != 0);
            for (int j = n - 1; j >= 0; j--) {
                out.write(tmp[j] | (j > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    static byte[] tlv(int tag, byte[]... contents) {
        int len = 0;
        for (byte[] c : contents) {
            len += c.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x84);
            out.write(len >>> 24);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
        for (byte[] c : contents) {
            out.writeBytes(c);
        }
        return out.toByteArray();
    }
}
