package org.negscope.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Seeds from real Network Monitor 2.x files: the header and the first frames, with a frame table rebuilt for them. */
final class NetmonSeeds {
    private NetmonSeeds() {}

    static byte[] firstFrames(byte[] f, int max) {
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int minor = f[4] & 0xFF;
        int trailer = minor == 0 ? 0 : minor == 1 ? 2 : minor == 2 ? 6 : 15;
        long tableOffset = b.getInt(24) & 0xFFFFFFFFL, entries = (b.getInt(28) & 0xFFFFFFFFL) / 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(f, 0, 72);
        java.util.List<Integer> table = new java.util.ArrayList<>();
        for (int i = 0; i < entries && tableOffset + 4L * i + 4 <= f.length; i++) {
            int o = b.getInt((int) (tableOffset + 4L * i));
            if (o < 72 || o + 16 > f.length) break;
            int len = 16 + b.getInt(o + 12) + trailer;
            if (len < 16 || o + len > f.length || (out.size() + len > max && !table.isEmpty())) break;
            table.add(out.size());
            out.write(f, o, len);
        }
        int newTable = out.size();
        ByteBuffer t = ByteBuffer.allocate(4 * table.size()).order(ByteOrder.LITTLE_ENDIAN);
        table.forEach(t::putInt);
        out.writeBytes(t.array());
        byte[] c = out.toByteArray();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(24, newTable).putInt(28, 4 * table.size())
                .putInt(32, 0).putInt(36, 0).putInt(40, 0).putInt(44, 0).putInt(48, 0).putInt(52, 0).putInt(56, 0).putInt(60, 0);
        return c;
    }
}
