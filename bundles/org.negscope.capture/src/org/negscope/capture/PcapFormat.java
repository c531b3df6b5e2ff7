package org.negscope.capture;

/**
 * Classic libpcap files: a 24-byte header whose magic gives byte order and timestamp resolution
 * (a1b2c3d4 microseconds, a1b23c4d nanoseconds; the "modified" a1b2cd34 variant has 8 more bytes per
 * record header), then 16-byte record headers each followed by the captured bytes.
 */
final class PcapFormat {
    static final int MAGIC_US = 0xA1B2C3D4, MAGIC_NS = 0xA1B23C4D, MAGIC_MODIFIED = 0xA1B2CD34;
    static final int FILE_HEADER = 24;

    private PcapFormat() {}

    /** @return true when the magic (read big-endian from the first 4 bytes) is a pcap magic in either byte order. */
    static boolean isMagic(int m) {
        return m == MAGIC_US || m == MAGIC_NS || m == MAGIC_MODIFIED
                || m == Integer.reverseBytes(MAGIC_US) || m == Integer.reverseBytes(MAGIC_NS) || m == Integer.reverseBytes(MAGIC_MODIFIED);
    }

    static void read(ReadContext ctx) throws CaptureException {
        InputWindow in = ctx.in;
        if (!in.ensure(FILE_HEADER)) {
            throw new CaptureException(ctx.file, 0, "truncated pcap file header: " + FILE_HEADER + " bytes expected, file has " + in.available());
        }
        byte[] b = in.array();
        int p = in.pos();
        int magicBe = PacketDecoder.i32be(b, p);
        boolean be = magicBe == MAGIC_US || magicBe == MAGIC_NS || magicBe == MAGIC_MODIFIED;
        int magic = be ? magicBe : Integer.reverseBytes(magicBe);
        boolean nanos = magic == MAGIC_NS;
        int recordHeader = magic == MAGIC_MODIFIED ? 24 : 16;
        // bits 0-15 are the link type; the upper bits may carry FCS information we do not need
        int linkType = ReadContext.i32(b, p + 20, be) & 0xFFFF;
        long snapLength = ReadContext.u32(b, p + 16, be);
        in.skip(FILE_HEADER);

        int max = ctx.options.maxRecordLength();
        // a length beyond this is damage: the larger of the snap length and 256 KiB (what Wireshark accepts)
        int plausible = (int) Math.min(max, Math.max(snapLength, 262144));
        Scan scan = new Scan(be, nanos, recordHeader, plausible);
        while (ctx.keepGoing()) {
            long recordOffset = in.offset();
            if (!in.ensure(recordHeader)) {
                if (in.available() > 0) {
                    ctx.warnings.add(ctx.frames + 1, recordOffset, "truncated record header: " + recordHeader
                            + " bytes expected, file ends after " + in.available());
                }
                break;
            }
            b = in.array();
            p = in.pos();
            long sec = ReadContext.u32(b, p, be);
            long frac = ReadContext.u32(b, p + 4, be);
            long incl = ReadContext.u32(b, p + 8, be);
            long orig = ReadContext.u32(b, p + 12, be);
            if (incl > plausible) {
                String what = "record length " + incl + " exceeds the maximum of " + plausible + " bytes: the file is damaged here";
                if (!scan.resync(in)) {
                    ctx.warnings.add(ctx.frames + 1, recordOffset, what + ", rest of file not read");
                    break;
                }
                ctx.warnings.add(ctx.frames + 1, recordOffset, what + "; skipped " + (in.offset() - recordOffset)
                        + " bytes to the next plausible record");
                continue;
            }
            int len = (int) incl;
            if (!in.ensure(recordHeader + len)) {
                ctx.warnings.add(ctx.frames + 1, recordOffset, "truncated record: header says " + len
                        + " bytes, file ends after " + (in.available() - recordHeader));
                break;
            }
            b = in.array(); // the window may have grown or moved
            p = in.pos();
            ctx.frames++;
            long time = sec * 1_000_000_000L + (nanos ? frac : frac * 1000L);
            scan.lastSeconds = sec;
            ctx.decoder.packet(linkType, b, p + recordHeader, len, orig, ctx.frames, time, recordOffset);
            in.skip(recordHeader + len);
        }
        ctx.reportReadError();
    }

    /**
     * Finding the next record after a damaged one: a record header is plausible when its lengths are
     * sane and its time is within a day of the last good record, and it is believed when the header
     * after it is plausible too (or the file ends right after it).
     */
    private static final class Scan {
        private static final long MAX_SCAN = 16L << 20;
        private final boolean be, nanos;
        private final int header, maxLen;
        long lastSeconds = -1;

        Scan(boolean be, boolean nanos, int header, int maxLen) {
            this.be = be; this.nanos = nanos; this.header = header; this.maxLen = maxLen;
        }

        private boolean plausible(byte[] b, int p) {
            long sec = ReadContext.u32(b, p, be), frac = ReadContext.u32(b, p + 4, be);
            long incl = ReadContext.u32(b, p + 8, be), orig = ReadContext.u32(b, p + 12, be);
            return incl > 0 && incl <= maxLen && orig >= incl && orig <= (1 << 24)
                    && frac < (nanos ? 1_000_000_000L : 1_000_000L)
                    && (lastSeconds < 0 || Math.abs(sec - lastSeconds) <= 86_400);
        }

        /** Moves the window to the next believable record header; false when none within 16 MiB. */
        boolean resync(InputWindow in) {
            for (long skipped = 1; skipped <= MAX_SCAN; skipped++) {
                in.skip(1);
                if (!in.ensure(header)) return false;
                if (!plausible(in.array(), in.pos())) continue;
                int len = (int) ReadContext.u32(in.array(), in.pos() + 8, be);
                if (in.ensure(header + len + header)) {
                    if (plausible(in.array(), in.pos() + header + len)) return true;
                } else if (in.available() == header + len) {
                    return true; // the last record of the file
                }
            }
            return false;
        }
    }
}
