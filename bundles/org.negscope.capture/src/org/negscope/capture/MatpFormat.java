package org.negscope.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Message Analyzer packages (.matp): a zip (OPC) package whose {@code .mmstream} parts hold serialized ETW
 * event records; packets are NDIS-PacketCapture event 1001, decoded by {@link EtlPackets} exactly as in a
 * netsh ETL. The record layout (docs/formats.md, "Message Analyzer .matp") was established on the real
 * files: a record is accepted only when its size, user-data length, fragment length, event id and
 * timestamp agree, never by the provider GUID alone.
 * <p>
 * Hostile packages: entry names are only compared, never used as paths; at most {@link #MAX_ENTRIES}
 * entries; an entry that inflates beyond {@link #MAX_RATIO} times its compressed size (plus 1 MiB) or
 * beyond {@link #MAX_ENTRY_BYTES} is cut there with a warning (a zip bomb costs time, never memory: parts
 * are streamed through one bounded window). Warnings about a part give offset 0 and name the part and the byte
 * within the inflated part (a file offset does not exist for inflated bytes).
 */
final class MatpFormat {
    static final int MAX_ENTRIES = 65_536;
    static final long MAX_RATIO = 200, MAX_ENTRY_BYTES = 8L << 30;
    static final int ZIP_MAGIC = 0x504B0304;
    // offsets in a record, see docs/formats.md
    static final int REC_SIZE = 0x00, REC_TIME = 0x10, REC_PROVIDER = 0x18, REC_ID = 0x28, REC_KEYWORDS = 0x30,
            REC_USER_DATA_LENGTH = 0x56, REC_HEADER = 0x58;
    private static final long FILETIME_1990 = 125_911_584_000_000_000L, FILETIME_2100 = 157_469_184_000_000_000L;

    private MatpFormat() {}

    /**
     * Reads a whole package into {@code sink}: its packets in time order, each with its link type. Shared by single
     * files and capture sets ({@link CaptureSet}: the sink renumbers frames across the set). Throws when the file is
     * not a package or holds no packet record.
     */
    static ReadContext readInto(Path file, String name, long size, FrameSink sink, Warnings warnings, Progress progress,
                                CaptureOptions options, EtlPackets.Observer observer) throws CaptureException {
        EtlPackets packets = new EtlPackets(sink, warnings, options.maxRecordLength());
        packets.observer = observer;
        long bytes = 0;
        int streams = 0;
        boolean canceled = false;
        long records = 0;
        Reorder reorder = new Reorder(packets, warnings);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            int count = 0;
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (++count > MAX_ENTRIES) {
                    warnings.add(0, 0, "more than " + MAX_ENTRIES + " parts in the package: the rest is not read");
                    break;
                }
                if (e.isDirectory() || !e.getName().endsWith(".mmstream")) continue;
                streams++;
                long limit = Math.min(MAX_ENTRY_BYTES, Math.max(0, e.getCompressedSize()) * MAX_RATIO + (1 << 20));
                try (InputStream in = zip.getInputStream(e)) {
                    StreamReader r = new StreamReader(in, limit, e.getName(), warnings, packets, reorder);
                    r.read();
                    bytes += r.read;
                    records += r.records;
                } catch (IOException | RuntimeException ex) {
                    warnings.add(packets.frames + 1, 0, "part " + printable(e.getName()) + " of the package is damaged: "
                            + ex.getMessage() + "; the records before the damage are read");
                }
                progress.worked(Math.min(size, bytes), size);
                if (progress.isCanceled()) { canceled = true; break; }
            }
        } catch (IOException e) {
            throw new CaptureException(name, 0, "not a readable zip package: " + e.getMessage(), e);
        }
        if (streams == 0) {
            throw new CaptureException(name, 0, "a zip archive without Message Analyzer stream parts (.mmstream): not a capture");
        }
        reorder.flush();
        packets.finish();
        if (records == 0 && !canceled) {
            throw new CaptureException(name, 0, "Message Analyzer package without NDIS-PacketCapture packet records"
                    + " (no network packets were captured in it); " + CollectionAdvice.HOW_TO_CAPTURE);
        }
        ReadContext ctx = new ReadContext(name, null, sink, warnings, options, progress, () -> size, size, null);
        ctx.frames = packets.frames;
        ctx.duplicates = packets.duplicates;
        ctx.bytesRead = bytes;
        ctx.endOffset = size;
        ctx.canceled = canceled;
        ctx.format = "matp";
        return ctx;
    }

    /** An entry name fit for a message: printable ASCII only, bounded. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    /**
     * Message Analyzer stores packet records nearly but not quite in time order (up to hundreds of records
     * early or late in the real files); TCP analysis and frame numbers need time order. Records wait here, in
     * pooled arrays, until {@link #WINDOW} records or {@link #WINDOW_BYTES} bytes are waiting; then the earliest
     * goes on. A record older than one already delivered is delivered where it is, with one warning.
     */
    static final class Reorder {
        static final int WINDOW = 1024, WINDOW_BYTES = 16 << 20;
        private final EtlPackets packets;
        private final Warnings warnings;
        private final EtlFormat.Slot slot = new EtlFormat.Slot(0);
        private final byte[][] data = new byte[WINDOW][];
        private final int[] length = new int[WINDOW];
        private final long[] keywords = new long[WINDOW], time = new long[WINDOW], offset = new long[WINDOW], seq = new long[WINDOW];
        private final String[] part = new String[WINDOW];
        private int count, bytes;
        private long nextSeq, lastDelivered = Long.MIN_VALUE;
        private boolean warned;

        Reorder(EtlPackets packets, Warnings warnings) {
            this.packets = packets;
            this.warnings = warnings;
            slot.compressed = true; // warnings give the offset inside the zip part
        }

        void add(byte[] b, int p, int len, long kw, long t, long off, String partName) {
            if (count == WINDOW || bytes + len > WINDOW_BYTES) deliverEarliest();
            int i = count++;
            if (data[i] == null || data[i].length < len) data[i] = new byte[Math.max(len, 2048)];
            System.arraycopy(b, p, data[i], 0, len);
            length[i] = len; keywords[i] = kw; time[i] = t; offset[i] = off; part[i] = partName; seq[i] = nextSeq++;
            bytes += len;
        }

        void flush() {
            while (count > 0) deliverEarliest();
        }

        private void deliverEarliest() {
            int best = 0;
            for (int i = 1; i < count; i++) {
                if (time[i] < time[best] || time[i] == time[best] && seq[i] < seq[best]) best = i;
            }
            if (time[best] < lastDelivered && !warned) {
                warned = true;
                warnings.add(packets.frames + 1, 0, "part " + printable(part[best]) + ", byte " + offset[best]
                        + " of the part: a packet record stored more than "
                        + WINDOW + " records out of time order: delivered where it is");
            }
            lastDelivered = Math.max(lastDelivered, time[best]);
            slot.data = data[best];
            slot.fileOffset = 0; // a position in the zip file cannot be given for inflated bytes
            packets.ndis(slot, 0, length[best], keywords[best], time[best]);
            bytes -= length[best];
            int last = --count;
            if (best != last) { // keep the arrays dense; swap the pooled buffers
                byte[] t = data[best]; data[best] = data[last]; data[last] = t;
                length[best] = length[last]; keywords[best] = keywords[last]; time[best] = time[last];
                offset[best] = offset[last]; part[best] = part[last]; seq[best] = seq[last];
            }
        }
    }

    /** One .mmstream part: a scan for NDIS 1001 records through a bounded window. */
    private static final class StreamReader {
        private final InputWindow in;
        private final long limit;
        private final String part;
        private final Warnings warnings;
        private final EtlPackets packets;
        private final Reorder reorder;
        long read, records;

        StreamReader(InputStream stream, long limit, String part, Warnings warnings, EtlPackets packets, Reorder reorder) {
            this.in = new InputWindow(null, stream, 1 << 20);
            this.limit = limit;
            this.part = part;
            this.warnings = warnings;
            this.packets = packets;
            this.reorder = reorder;
        }

        void read() throws IOException {
            long g1 = EtlPackets.NDIS_1, g2 = EtlPackets.NDIS_2;
            byte g0 = (byte) g1;
            while (true) {
                if (in.offset() > limit) {
                    warnings.add(packets.frames + 1, 0, "part " + printable(part) + " inflates beyond " + limit
                            + " bytes (a zip bomb?): the rest of it is not read");
                    break;
                }
                if (!in.ensure(REC_HEADER + 12)) break;
                byte[] b = in.array();
                int p = in.pos();
                if (b[p + REC_PROVIDER] != g0 || !isNdisRecord(b, p, g1, g2)) {
                    in.skip(1);
                    continue;
                }
                int size = (int) EtlFormat.u32(b, p + REC_SIZE);
                if (!in.ensure(8 + size)) {
                    warnings.add(packets.frames + 1, 0, "part " + printable(part) + ", byte " + in.offset()
                            + " of the part: packet record cut by the end of the part");
                    break;
                }
                b = in.array();
                p = in.pos();
                long filetime = EtlFormat.i64(b, p + REC_TIME);
                long time = (filetime - 116_444_736_000_000_000L) * 100;
                int ud = EtlFormat.u16(b, p + REC_USER_DATA_LENGTH);
                records++;
                reorder.add(b, p + REC_HEADER, ud, EtlFormat.i64(b, p + REC_KEYWORDS), time, in.offset(), part);
                in.skip(8 + size);
            }
            read = in.offset() + in.available();
            if (in.error() != null) throw in.error();
        }

        /** The record at p is an NDIS-PacketCapture 1001 event: provider, id, sizes and timestamp all agree. */
        private static boolean isNdisRecord(byte[] b, int p, long g1, long g2) {
            if (EtlFormat.i64(b, p + REC_PROVIDER) != g1 || EtlFormat.i64(b, p + REC_PROVIDER + 8) != g2) return false;
            if (EtlFormat.u16(b, p + REC_ID) != EtlPackets.NDIS_FRAGMENT) return false;
            long size = EtlFormat.u32(b, p + REC_SIZE);
            int ud = EtlFormat.u16(b, p + REC_USER_DATA_LENGTH);
            if (size != REC_HEADER - 8 + ud || ud < 12) return false;
            if (EtlFormat.u32(b, p + REC_HEADER + 8) + 12 != ud) return false; // the user data is exactly the 1001 payload
            long filetime = EtlFormat.i64(b, p + REC_TIME);
            return filetime > FILETIME_1990 && filetime < FILETIME_2100;
        }
    }
}
