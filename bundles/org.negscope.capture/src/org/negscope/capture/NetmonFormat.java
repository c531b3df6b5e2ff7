package org.negscope.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Microsoft Network Monitor 2.x capture files (magic "GMBU"; layout in docs/netmon.md). All little-endian. A
 * header (version, media type, start time as a SYSTEMTIME, where the frame table is) and a <em>frame table</em>: one
 * u32 file offset per frame, usually at the end of the file. Each frame record: time since the capture start in
 * microseconds (u64), length on the wire (u32), bytes kept (u32), the bytes, and from version 2.1 on a trailer
 * whose first field is the frame's own media type (2.2 adds a process index, 2.3 a UTC FILETIME and a time-zone
 * index).
 * <p>
 * Frames are numbered by their place in the frame table, as Wireshark and Network Monitor number them. Media types:
 * Ethernet, raw IP and wrapped pcap link types (0xE000 + LINKTYPE) are decoded; ETW event records (NetEvent, media
 * 0xFFE0: process, system and kernel events that Network Monitor 3 records beside packets) and the other
 * Network Monitor metadata records (0xFFFB-0xFFFF) count as frames but hold no packet ({@link ReadContext#nonPacketRecords}).
 * The frames Wireshark shows as "netmon_header" are ordinary frames that carry a comment (in the file's comment
 * table): their bytes are the frame of their media type.
 * <p>
 * Streaming: the frame table is read in chunks of {@link #TABLE_CHUNK} entries, the records through one window that
 * is refilled where the next record lies (records normally follow each other, so each refill serves many of them).
 */
final class NetmonFormat {
    /** "GMBU" read big-endian. */
    static final int MAGIC = 0x474D4255;
    /** Header bytes read: magic, version, media type, SYSTEMTIME, then the frame table's offset and length. */
    static final int HEADER = 32;
    static final int RECORD_HEADER = 16;
    static final int TABLE_CHUNK = 16384;
    static final int MEDIA_NETEVENT = 0xFFE0;
    /** FILETIME (100 ns since 1601) of the Unix epoch. */
    private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;

    private NetmonFormat() {}

    static void read(ReadContext ctx) throws CaptureException {
        FileChannel ch = ctx.channel;
        String file = ctx.file;
        Warnings w = ctx.warnings;
        long size;
        try {
            size = ch.size();
        } catch (IOException e) {
            throw new CaptureException(file, 0, "cannot read: " + e.getMessage(), e);
        }
        ctx.bytesRead = size;
        byte[] h = new byte[HEADER];
        int got;
        try {
            got = readAt(ch, 0, h, HEADER);
        } catch (IOException e) {
            throw new CaptureException(file, 0, "cannot read: " + e.getMessage(), e);
        }
        if (got < HEADER) {
            throw new CaptureException(file, 0, "truncated Network Monitor header: " + HEADER + " bytes expected, file has " + size);
        }
        int minor = h[4] & 0xFF, major = h[5] & 0xFF;
        if (major != 2) {
            throw new CaptureException(file, 5, "Network Monitor format version " + major + "." + minor + " is not supported (2.x is)");
        }
        int fileMedia = le16(h, 6);
        // The trailer after each record's bytes grew with the minor version (see the class comment).
        int trailer = minor == 0 ? 0 : minor == 1 ? 2 : minor == 2 ? 6 : 15;
        long start = startTime(h, w);
        long tableOffset = le32(h, 24), tableLength = le32(h, 28);
        if (tableLength % 4 != 0) {
            w.add(0, 28, "frame table length " + tableLength + " is not a multiple of 4: the last "
                    + (tableLength % 4) + " bytes are ignored");
        }
        long entries = tableLength / 4;
        if (tableOffset + 4 * entries > size) {
            long fit = tableOffset >= size ? 0 : (size - tableOffset) / 4;
            w.add(0, 24, "frame table (offset " + tableOffset + ", " + entries + " entries) runs past the end of the file ("
                    + size + " bytes): " + (fit == 0 ? "no frame can be located" : "only the first " + fit + " frames can be located"));
            entries = fit;
        }

        Records records = new Records(ch, ctx.options.bufferSize(), size);
        int max = ctx.options.maxRecordLength();
        boolean[] mediaWarned = new boolean[0x10000];
        byte[] table = new byte[4 * TABLE_CHUNK];
        long packets = 0;
        for (long i = 0; i < entries; i++) {
            int slot = (int) (i % TABLE_CHUNK);
            if (slot == 0) {
                int want = (int) (4 * Math.min(TABLE_CHUNK, entries - i));
                String why;
                try {
                    why = readAt(ch, tableOffset + 4 * i, table, want) < want ? "the file ended" : null;
                } catch (IOException e) {
                    why = e.getMessage();
                }
                if (why != null) {
                    w.add(i + 1, tableOffset + 4 * i, "frame table cannot be read here (" + why + "): rest of file not read");
                    break;
                }
            }
            long frame = i + 1;
            long offset = le32(table, 4 * slot);
            if (!ctx.keepGoing(offset)) break;
            ctx.frames = frame;
            if (offset < HEADER || offset + RECORD_HEADER > size) {
                w.add(frame, tableOffset + 4 * i, "frame table entry points to offset " + offset
                        + ", outside the file's " + size + " bytes: frame skipped");
                continue;
            }
            if (!records.load(offset, RECORD_HEADER)) {
                w.add(frame, offset, "frame record cannot be read: frame skipped");
                continue;
            }
            byte[] b = records.buf;
            int p = records.at(offset);
            long delta = le64(b, p);
            long orig = le32(b, p + 8), incl = le32(b, p + 12);
            if (incl > max || offset + RECORD_HEADER + incl > size) {
                w.add(frame, offset, "frame length " + incl + (incl > max ? " exceeds the maximum of " + max + " bytes"
                        : " runs past the end of the file") + ": frame skipped");
                continue;
            }
            int len = (int) incl;
            boolean hasTrailer = trailer > 0 && offset + RECORD_HEADER + incl + trailer <= size;
            if (trailer > 0 && !hasTrailer) {
                w.add(frame, offset, "frame trailer runs past the end of the file: read with the file's media type");
            }
            if (!records.load(offset, RECORD_HEADER + len + (hasTrailer ? trailer : 0))) {
                w.add(frame, offset, "frame record cannot be read: frame skipped");
                continue;
            }
            b = records.buf;
            p = records.at(offset);
            int t = p + RECORD_HEADER + len;
            int media = hasTrailer ? le16(b, t) : fileMedia;
            long time = start + delta * 1000L;
            if (hasTrailer && trailer >= 15) {
                long utc = le64(b, t + 6);
                if (utc != 0) time = (utc - FILETIME_EPOCH) * 100L; // 2.3: the frame's own UTC time (what Wireshark shows)
            }
            int link = linkType(media);
            if (link == NON_PACKET) {
                ctx.nonPacketRecords++;
                continue;
            }
            if (link < 0) {
                if (!mediaWarned[media]) {
                    mediaWarned[media] = true;
                    w.add(frame, offset, String.format("Network Monitor media type 0x%04x is not supported: frames of this type are skipped", media));
                }
                continue;
            }
            packets++;
            ctx.decoder.packet(link, b, p + RECORD_HEADER, len, Math.max(orig, incl), frame, time, offset);
        }
        if (records.error != null) {
            w.add(0, records.errorOffset, "read error, rest of file not read: " + records.error.getMessage());
        }
        if (ctx.frames > 0 && packets == 0 && ctx.nonPacketRecords == ctx.frames && !ctx.canceled) {
            throw new CaptureException(file, 0, "a Network Monitor file holding only " + ctx.frames
                    + " ETW event records (NetEvent), no network packets: nothing to analyse; " + CollectionAdvice.HOW_TO_CAPTURE);
        }
    }

    private static final int NON_PACKET = -2;

    /** LINKTYPE_* of a Network Monitor media type; {@link #NON_PACKET} for event and metadata records; -1 unsupported. */
    static int linkType(int media) {
        if (media == MEDIA_NETEVENT || media >= 0xFFFB) return NON_PACKET;
        if ((media & 0xF000) == 0xE000) return media & 0x0FFF;   // a pcap link type wrapped by Network Monitor
        return switch (media) {
            case 0, 1 -> PacketDecoder.LINK_ETHERNET;             // 0: seen in VPN captures, Ethernet headers
            case 7, 8, 9 -> PacketDecoder.LINK_RAW;               // tunnel, wireless WAN, raw IP frames
            default -> -1;                                        // token ring, FDDI, ATM, native 802.11, ...
        };
    }

    /** The header's SYSTEMTIME (no time zone is recorded: taken as UTC) in epoch nanoseconds; 0 when invalid. */
    private static long startTime(byte[] h, Warnings w) {
        try {
            LocalDateTime t = LocalDateTime.of(le16(h, 8), le16(h, 10), le16(h, 14), le16(h, 16), le16(h, 18), le16(h, 20),
                    le16(h, 22) * 1_000_000);
            return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
        } catch (DateTimeException e) {
            w.add(0, 8, "capture start time in the header is not a valid date (" + e.getMessage() + "): frames without their own"
                    + " UTC time are timed from 1970");
            return 0;
        }
    }

    /**
     * The window the records are read through: refilled at the record's own offset when it does not hold it, grown
     * only for a record longer than the window (bounded by the maximum record length).
     */
    private static final class Records {
        private final FileChannel ch;
        private final long size;
        byte[] buf;
        private long base = -1;
        private int len;
        IOException error;
        long errorOffset;

        Records(FileChannel ch, int bufferSize, long size) {
            this.ch = ch;
            this.size = size;
            this.buf = new byte[(int) Math.min(bufferSize, Math.max(4096, size))];
        }

        int at(long offset) { return (int) (offset - base); }

        /** Makes {@code n} bytes from {@code offset} available in {@link #buf}; false on a read error or short file. */
        boolean load(long offset, int n) {
            if (base >= 0 && offset >= base && offset + n <= base + len) return true;
            if (error != null) return false;
            if (n > buf.length) buf = new byte[n];
            try {
                int want = (int) Math.min(buf.length, size - offset);
                len = readAt(ch, offset, buf, want);
                base = offset;
            } catch (IOException e) {
                error = e;
                errorOffset = offset;
                base = -1;
                return false;
            }
            return len >= n;
        }
    }

    /** Reads up to {@code n} bytes at {@code offset} into {@code b[0..n)}; returns how many the file had. */
    private static int readAt(FileChannel ch, long offset, byte[] b, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
        long at = offset;
        while (bb.hasRemaining()) {
            int r = ch.read(bb, at);
            if (r < 0) break;
            at += r;
        }
        return bb.position();
    }

    static int le16(byte[] b, int p) { return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8; }
    static long le32(byte[] b, int p) {
        return ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (long) (b[p + 3] & 0xFF) << 24);
    }
    static long le64(byte[] b, int p) { return le32(b, p) | le32(b, p + 4) << 32; }
}
