package org.negscope.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, independent reader and writer of capture files for the tests (deliberately not the code under
 * test): splits a pcap or pcapng file into its records so that seeds and damaged files can be cut at exact
 * record/block boundaries, and writes SYNTHETIC pcap / pcapng files.
 */
public final class CaptureBytes {
    private CaptureBytes() {}

    /** One packet record: where it starts in the file, how long the record is, its link type and captured bytes. */
    public record Record(long fileOffset, int recordLength, int linkType, long timeNanos, byte[] data, int origLength) {}

    public static final int LINKTYPE_ETHERNET = 1;
    public static final int LINKTYPE_RAW = 101;

    public static boolean isPcapng(byte[] f) {
        return f.length >= 4 && f[0] == 0x0A && f[1] == 0x0D && f[2] == 0x0D && f[3] == 0x0A;
    }

    /** The packet records of a well-formed pcap or pcapng file (little- or big-endian). */
    public static List<Record> records(byte[] f) {
        return isPcapng(f) ? pcapngRecords(f) : pcapRecords(f);
    }

    private static List<Record> pcapRecords(byte[] f) {
        ByteBuffer b = ByteBuffer.wrap(f);
        int magic = b.getInt(0);
        boolean be = magic == 0xA1B2C3D4 || magic == 0xA1B23C4D;
        b.order(be ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int m = b.getInt(0);
        boolean nanos = m == 0xA1B23C4D;
        int link = b.getInt(20) & 0xFFFF;
        List<Record> out = new ArrayList<>();
        int p = 24;
        while (p + 16 <= f.length) {
            long sec = b.getInt(p) & 0xFFFFFFFFL, frac = b.getInt(p + 4) & 0xFFFFFFFFL;
            int incl = b.getInt(p + 8), orig = b.getInt(p + 12);
            if (incl < 0 || p + 16 + incl > f.length) break;
            byte[] d = new byte[incl];
            System.arraycopy(f, p + 16, d, 0, incl);
            out.add(new Record(p, 16 + incl, link, sec * 1_000_000_000L + (nanos ? frac : frac * 1000), d, orig));
            p += 16 + incl;
        }
        return out;
    }

    private static List<Record> pcapngRecords(byte[] f) {
        ByteBuffer b = ByteBuffer.wrap(f);
        List<Integer> links = new ArrayList<>();
        List<Record> out = new ArrayList<>();
        ByteOrder section = ByteOrder.LITTLE_ENDIAN;
        int p = 0;
        while (p + 12 <= f.length) {
            if (b.order(ByteOrder.BIG_ENDIAN).getInt(p) == 0x0A0D0D0A) { // the SHB type reads the same in both orders
                section = b.getInt(p + 8) == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                links.clear();
            }
            b.order(section);
            int type = b.getInt(p);
            int len = b.getInt(p + 4);
            if (len < 12 || p + len > f.length) break;
            if (type == 1) {
                links.add(b.getShort(p + 8) & 0xFFFF);
            } else if (type == 6) {
                int ifId = b.getInt(p + 8);
                long ts = (b.getInt(p + 12) & 0xFFFFFFFFL) << 32 | (b.getInt(p + 16) & 0xFFFFFFFFL);
                int cap = b.getInt(p + 20), orig = b.getInt(p + 24);
                byte[] d = new byte[cap];
                System.arraycopy(f, p + 28, d, 0, cap);
                // time assumes the default microsecond resolution; seeds and corpus files only need the order
                out.add(new Record(p, len, ifId < links.size() ? links.get(ifId) : -1, ts * 1000, d, orig));
            }
            p += len;
        }
        return out;
    }

    /** Offset just after the file header (pcap) or after the blocks before the first packet (pcapng). */
    public static int headerLength(byte[] f) {
        if (!isPcapng(f)) return 24;
        List<Record> r = records(f);
        return r.isEmpty() ? f.length : (int) r.get(0).fileOffset();
    }

    // ------------------------------------------------------------------ writing

    /** A little-endian microsecond pcap file. */
    public static byte[] pcap(int linkType, int snapLength, List<Record> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snapLength).putInt(linkType);
        out.writeBytes(h.array());
        for (Record r : records) {
            ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rh.putInt((int) (r.timeNanos() / 1_000_000_000L)).putInt((int) (r.timeNanos() % 1_000_000_000L / 1000))
                    .putInt(r.data().length).putInt(Math.max(r.origLength(), r.data().length));
            out.writeBytes(rh.array());
            out.writeBytes(r.data());
        }
        return out.toByteArray();
    }

    /** A little-endian pcapng file: SHB, one IDB (microseconds), one EPB per record. */
    public static byte[] pcapng(int linkType, int snapLength, List<Record> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(block(0x0A0D0D0A, le(28 - 12).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).array()));
        out.writeBytes(block(1, le(8).putShort((short) linkType).putShort((short) 0).putInt(snapLength).array()));
        for (Record r : records) {
            int pad = (4 - r.data().length % 4) % 4;
            long us = r.timeNanos() / 1000;
            ByteBuffer body = le(20 + r.data().length + pad);
            body.putInt(0).putInt((int) (us >>> 32)).putInt((int) us).putInt(r.data().length)
                    .putInt(Math.max(r.origLength(), r.data().length)).put(r.data());
            out.writeBytes(block(6, body.array()));
        }
        return out.toByteArray();
    }

    /**
     * A Network Monitor 2.3 file (layout in docs/netmon.md): header, records (each with the 2.3 trailer: media type,
     * process index, UTC FILETIME, time-zone index), frame table at the end. {@code media} per record: 1 Ethernet,
     * 0xFFE0 an ETW NetEvent record, 0xE000 + LINKTYPE a wrapped pcap link type.
     */
    public static byte[] netmon(List<Record> records, int[] media) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[72]);
        int[] table = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            table[i] = out.size();
            long start = records.get(0).timeNanos();
            out.writeBytes(le(16).putLong((r.timeNanos() - start) / 1000).putInt(Math.max(r.origLength(), r.data().length))
                    .putInt(r.data().length).array());
            out.writeBytes(r.data());
            out.writeBytes(le(15).putShort((short) media[i]).putInt(-1).putLong(116_444_736_000_000_000L + r.timeNanos() / 100)
                    .put((byte) 0xFF).array());
        }
        int tableOffset = out.size();
        ByteBuffer t = le(4 * table.length);
        for (int o : table) t.putInt(o);
        out.writeBytes(t.array());
        byte[] f = out.toByteArray();
        ByteBuffer h = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {'G', 'M', 'B', 'U', 3, 2}).putShort((short) 1);
        h.putShort((short) 2026).putShort((short) 12).putShort((short) 6).putShort((short) 5).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        h.putInt(tableOffset).putInt(4 * table.length);
        return f;
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    private static byte[] block(int type, byte[] body) {
        int len = 12 + body.length;
        return le(len).putInt(type).putInt(len).put(body).putInt(len).array();
    }
}
