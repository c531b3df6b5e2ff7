package org.negscope.capture;

import java.util.ArrayList;

/**
 * pcapng: a sequence of blocks (type, total length, body, total length again). Each Section Header
 * Block sets the byte order of its section and starts a new list of interfaces; each Interface
 * Description Block gives a link type and a timestamp resolution (if_tsresol) for the packets that
 * name it. Packet blocks: Enhanced (EPB), Simple (SPB, no timestamp) and the obsolete Packet Block.
 * Unknown blocks are skipped by their length.
 */
final class PcapngFormat {
    static final int SHB = 0x0A0D0D0A, IDB = 1, OPB = 2, SPB = 3, EPB = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int MAX_INTERFACES = 65536;
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
            10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L, 1_000_000_000_000_000_000L};

    /** One interface of the current section. */
    private static final class Interface {
        int linkType;
        long snapLength;
        boolean binaryResolution;  // if_tsresol high bit: 2^-n instead of 10^-n
        int resolution = 6;        // default: microseconds
        long offsetSeconds;        // if_tsoffset

        long nanos(long ts) {
            long ns;
            if (!binaryResolution) {
                ns = resolution <= 9 ? ts * POW10[9 - resolution] : ts / POW10[Math.min(resolution - 9, 16)];
            } else if (resolution <= 33) {
                long whole = ts >>> resolution, frac = ts & ((1L << resolution) - 1);
                ns = whole * 1_000_000_000L + ((frac * 1_000_000_000L) >>> resolution);
            } else {
                ns = (long) (Math.scalb((double) ts, -Math.min(resolution, 127)) * 1e9);
            }
            return ns + offsetSeconds * 1_000_000_000L;
        }
    }

    private PcapngFormat() {}

    static void read(ReadContext ctx) throws CaptureException {
        InputWindow in = ctx.in;
        Warnings w = ctx.warnings;
        ArrayList<Interface> interfaces = new ArrayList<>();
        long maxBlock = ctx.options.maxRecordLength() + 4096L; // a packet plus generous room for options
        boolean be = false;
        boolean first = true;
        long lastTime = 0;
        PacketCopies copies = null; // a section written by pktmon: each packet once per component (docs/formats.md)
        while (ctx.keepGoing()) {
            long blockOffset = in.offset();
            if (!in.ensure(12)) {
                if (first) {
                    throw new CaptureException(ctx.file, 0, "truncated pcapng section header: file has " + in.available() + " bytes");
                }
                if (in.available() > 0) {
                    w.add(0, blockOffset, "truncated block header: 12 bytes expected, file ends after " + in.available());
                }
                break;
            }
            byte[] b = in.array();
            int p = in.pos();
            int type = ReadContext.i32(b, p, be);
            if (type == SHB) {
                int bom = PacketDecoder.i32be(b, p + 8);
                if (bom == BYTE_ORDER_MAGIC) be = true;
                else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) be = false;
                else {
                    String msg = String.format("bad byte-order magic 0x%08x in section header block", bom);
                    if (first) throw new CaptureException(ctx.file, blockOffset + 8, msg);
                    w.add(0, blockOffset, msg + ": rest of file not read");
                    break;
                }
            }
            long len = ReadContext.u32(b, p + 4, be);
            boolean packet = type == EPB || type == SPB || type == OPB;
            if (len < 12 || len % 4 != 0 || len > maxBlock) {
                String msg = "bad block length " + len + " (block type 0x" + Integer.toHexString(type) + ")";
                if (first) throw new CaptureException(ctx.file, blockOffset + 4, msg);
                if (!resync(in, be, maxBlock)) {
                    w.add(packet ? ctx.frames + 1 : 0, blockOffset, msg + ": the file is damaged here, rest of file not read");
                    break;
                }
                w.add(packet ? ctx.frames + 1 : 0, blockOffset, msg + ": the file is damaged here; skipped "
                        + (in.offset() - blockOffset) + " bytes to the next plausible block");
                continue;
            }
            int blockLen = (int) len;
            if (!in.ensure(blockLen)) {
                if (first) {
                    throw new CaptureException(ctx.file, 0, "truncated pcapng section header: header says " + blockLen
                            + " bytes, file has " + in.available());
                }
                w.add(packet ? ctx.frames + 1 : 0, blockOffset, "truncated " + (packet ? "record" : "block") + ": header says "
                        + blockLen + " bytes, file ends after " + in.available());
                break;
            }
            first = false;
            b = in.array();
            p = in.pos();
            long trailer = ReadContext.u32(b, p + blockLen - 4, be);
            if (trailer != len) {
                w.add(packet ? ctx.frames + 1 : 0, blockOffset, "block trailer length " + trailer + " differs from header length " + len);
            }
            switch (type) {
                case SHB -> {
                    interfaces.clear();
                    copies = blockLen >= 28 && isPacketMonitor(b, p, blockLen, be) ? new PacketCopies() : null;
                    if (blockLen < 28) {
                        w.add(0, blockOffset, "section header block too short (" + blockLen + " bytes)");
                    } else {
                        int major = ReadContext.u16(b, p + 12, be);
                        if (major != 1) {
                            w.add(0, blockOffset, "pcapng major version " + major + " is unknown; reading it as version 1");
                        }
                    }
                }
                case IDB -> {
                    // a hostile file could declare millions of interfaces; no real capture has this many
                    if (interfaces.size() < MAX_INTERFACES) interfaces.add(readInterface(b, p, blockLen, be, w, blockOffset));
                    else if (interfaces.size() == MAX_INTERFACES) {
                        w.add(0, blockOffset, "more than " + MAX_INTERFACES + " interfaces in one section: further ones ignored");
                        interfaces.add(null); // marks "warned"; never referenced (ids beyond are reported as unknown)
                    }
                }
                case EPB, OPB -> {
                    ctx.frames++;
                    if (blockLen < 32) {
                        w.add(ctx.frames, blockOffset, "packet block too short (" + blockLen + " bytes)");
                        break;
                    }
                    int ifId = type == EPB ? ReadContext.i32(b, p + 8, be) : ReadContext.u16(b, p + 8, be);
                    long tsHigh = ReadContext.u32(b, p + 12, be), tsLow = ReadContext.u32(b, p + 16, be);
                    long capLen = ReadContext.u32(b, p + 20, be);
                    long orig = ReadContext.u32(b, p + 24, be);
                    if (capLen > blockLen - 32) {
                        w.add(ctx.frames, blockOffset, "captured length " + capLen + " does not fit in the block of " + blockLen + " bytes");
                        break;
                    }
                    if (ifId < 0 || ifId >= Math.min(interfaces.size(), MAX_INTERFACES)) {
                        w.add(ctx.frames, blockOffset, "packet names interface " + Integer.toUnsignedString(ifId)
                                + " but the section describes " + Math.min(interfaces.size(), MAX_INTERFACES));
                        break;
                    }
                    Interface itf = interfaces.get(ifId);
                    lastTime = itf.nanos(tsHigh << 32 | tsLow);
                    if (copies != null && copies.isCopy(itf.linkType, b, p + 28, (int) capLen, lastTime)) {
                        ctx.duplicates++;
                        break;
                    }
                    ctx.decoder.packet(itf.linkType, b, p + 28, (int) capLen, orig, ctx.frames, lastTime, blockOffset);
                }
                case SPB -> {
                    ctx.frames++;
                    if (interfaces.isEmpty()) {
                        w.add(ctx.frames, blockOffset, "simple packet block before any interface description");
                        break;
                    }
                    if (blockLen < 16) {
                        w.add(ctx.frames, blockOffset, "packet block too short (" + blockLen + " bytes)");
                        break;
                    }
                    Interface itf = interfaces.get(0);
                    long orig = ReadContext.u32(b, p + 8, be);
                    long capLen = Math.min(orig, blockLen - 16);
                    if (itf.snapLength > 0) capLen = Math.min(capLen, itf.snapLength);
                    // an SPB has no timestamp: give it the previous packet's time rather than 1970
                    ctx.decoder.packet(itf.linkType, b, p + 12, (int) capLen, orig, ctx.frames, lastTime, blockOffset);
                }
                default -> { } // name resolution, statistics, decryption secrets, custom...: not needed
            }
            in.skip(blockLen);
        }
        ctx.reportReadError();
    }

    /**
     * After a damaged block: the next position holding a known block type whose length is sane and
     * repeated in its trailer (a strong check: random data rarely passes it). False when none within 16 MiB.
     */
    private static boolean resync(InputWindow in, boolean be, long maxBlock) {
        for (long skipped = 1; skipped <= (16L << 20); skipped++) {
            in.skip(1);
            if (!in.ensure(12)) return false;
            byte[] b = in.array();
            int p = in.pos();
            int type = ReadContext.i32(b, p, be);
            if (type != EPB && type != SPB && type != IDB && type != SHB && type != 4 && type != 5 && type != 0x0A) continue;
            long len = ReadContext.u32(b, p + 4, be);
            if (len < 12 || len % 4 != 0 || len > maxBlock) continue;
            if (type == SHB) return true; // a new section: its own byte order will be read
            if (!in.ensure((int) len)) continue;
            if (ReadContext.u32(in.array(), in.pos() + (int) len - 4, be) == len) return true;
        }
        return false;
    }

    /** Whether the section header's shb_userappl option says "Packet Monitor" (pktmon etl2pcap / pktmon pcapng). */
    private static boolean isPacketMonitor(byte[] b, int p, int blockLen, boolean be) {
        int o = p + 24, end = p + blockLen - 4;
        while (o + 4 <= end) {
            int code = ReadContext.u16(b, o, be), len = ReadContext.u16(b, o + 2, be);
            if (code == 0 || o + 4 + len > end) return false;
            if (code == 4) {
                return new String(b, o + 4, len, java.nio.charset.StandardCharsets.UTF_8).replace("\0", "").trim().equals("Packet Monitor");
            }
            o += 4 + ((len + 3) & ~3);
        }
        return false;
    }

    private static Interface readInterface(byte[] b, int p, int blockLen, boolean be, Warnings w, long blockOffset) {
        Interface itf = new Interface();
        if (blockLen < 20) {
            w.add(0, blockOffset, "interface description block too short (" + blockLen + " bytes)");
            itf.linkType = -1;
            return itf;
        }
        itf.linkType = ReadContext.u16(b, p + 8, be);
        itf.snapLength = ReadContext.u32(b, p + 12, be);
        int o = p + 16, end = p + blockLen - 4;
        while (o + 4 <= end) {
            int code = ReadContext.u16(b, o, be), len = ReadContext.u16(b, o + 2, be);
            if (code == 0) break; // opt_endofopt
            if (o + 4 + len > end) {
                w.add(0, blockOffset, "interface description option " + code + " overruns its block");
                break;
            }
            if (code == 9 && len >= 1) {            // if_tsresol
                int v = b[o + 4] & 0xFF;
                itf.binaryResolution = (v & 0x80) != 0;
                itf.resolution = v & 0x7F;
            } else if (code == 14 && len >= 8) {    // if_tsoffset, seconds
                long first = ReadContext.u32(b, o + 4, be), second = ReadContext.u32(b, o + 8, be);
                itf.offsetSeconds = be ? first << 32 | second : second << 32 | first;
            }
            o += 4 + ((len + 3) & ~3);
        }
        return itf;
    }
}
