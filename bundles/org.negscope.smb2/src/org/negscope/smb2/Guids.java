package org.negscope.smb2;

import java.util.UUID;

/**
 * GUIDs on the wire (MS-DTYP 2.3.4.2): Data1 (4 bytes), Data2, Data3 (2 bytes each) little-endian, then
 * Data4 (8 bytes) as is. {@link UUID#toString()} of the result is the canonical text Windows shows.
 */
public final class Guids {
    private Guids() {}

    public static UUID fromLittleEndian(byte[] b, int off) {
        if (off < 0 || off + 16 > b.length) {
            throw new Smb2FormatException("GUID at offset " + off + " lies past the end of the " + b.length + "-byte buffer");
        }
        long data1 = MessageReader.le32(b, off);
        long data2 = MessageReader.le16(b, off + 4);
        long data3 = MessageReader.le16(b, off + 6);
        long msb = data1 << 32 | data2 << 16 | data3;
        long lsb = 0;
        for (int i = 8; i < 16; i++) {
            lsb = lsb << 8 | (b[off + i] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    public static byte[] toLittleEndian(UUID g) {
        byte[] b = new byte[16];
        toLittleEndian(g, b, 0);
        return b;
    }

    public static void toLittleEndian(UUID g, byte[] b, int off) {
        long msb = g.getMostSignificantBits();
        long lsb = g.getLeastSignificantBits();
        long data1 = msb >>> 32;
        int data2 = (int) (msb >>> 16) & 0xffff;
        int data3 = (int) msb & 0xffff;
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (data1 >>> (8 * i));
        }
        b[off + 4] = (byte) data2;
        b[off + 5] = (byte) (data2 >>> 8);
        b[off + 6] = (byte) data3;
        b[off + 7] = (byte) (data3 >>> 8);
        for (int i = 0; i < 8; i++) {
            b[off + 8 + i] = (byte) (lsb >>> (8 * (7 - i)));
        }
    }
}
