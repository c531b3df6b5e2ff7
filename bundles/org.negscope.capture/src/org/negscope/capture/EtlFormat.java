package org.negscope.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * ETW trace files (.etl) as written by {@code netsh trace} and {@code pktmon}: a run of buffers, each with
 * a 72-byte WMI_BUFFER_HEADER followed by 8-byte aligned event records; buffers of several CPUs interleave
 * in the file and are merged here in timestamp order; compressed buffers (EVENT_TRACE_COMPRESSED_MODE) are
 * MS-XCA plain LZ77. Layouts and the clock rules are in docs/formats.md ("ETL"). Packet events are handed
 * to {@link EtlPackets}; everything else is counted (to say what a trace without packets holds) and skipped
 * by its size.
 * <p>
 * Memory: one buffer per CPU (the merge needs one buffer of look-ahead per CPU) plus one compressed input
 * buffer, all reused; buffers larger than {@link #MAX_BUFFER} are treated as damage.
 * <p>
 * Why one class of this size: reading buffers, decompressing them and merging the CPUs' records in time order all
 * work on the same per-CPU slots and reused arrays under one memory bound ({@link #MAX_ALLOCATED}); split apart,
 * each part would need the others' buffer state. What a packet event holds is read by {@link EtlPackets}, the LZ77
 * decompression is {@link XpressLz77}'s.
 */
final class EtlFormat {
    static final int BUFFER_HEADER = 72;
    static final int MAX_BUFFER = 64 << 20;
    private static final int FLAG_PROC_INDEX = 0x20, FLAG_COMPRESSED = 0x40;
    private static final int BUFFER_TYPE_HEADER = 4;
    // TRACE_HEADER_TYPE_* (the byte after the first 16-bit word of a record)
    private static final int SYSTEM32 = 1, SYSTEM64 = 2, COMPACT32 = 3, COMPACT64 = 4, FULL_HEADER32 = 0x0A,
            INSTANCE32 = 0x0B, PERFINFO32 = 0x10, PERFINFO64 = 0x11, EVENT_HEADER32 = 0x12, EVENT_HEADER64 = 0x13,
            FULL_HEADER64 = 0x14, INSTANCE64 = 0x15;
    static final int EVENT_HEADER_SIZE = 80;
    private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;

    /** One CPU's current buffer: the merge takes the earliest next event among all loaded slots. */
    static final class Slot {
        final int cpu;
        byte[] data = new byte[0];
        int limit;          // valid bytes in data (the decompressed FilledBytes)
        int pos;            // the current (next undelivered) record
        int size;           // its size
        int type;           // its header type
        long raw;           // its raw timestamp (clock units)
        long fileOffset;    // where the buffer starts in the file
        boolean compressed;
        boolean loaded;
        final ArrayDeque<Pending> pending = new ArrayDeque<>(); // this CPU's next buffers, read ahead
        byte[] fragment;    // NDIS-PacketCapture fragments of the packet in progress on this CPU
        int fragmentLength;
        boolean fragmentOpen;

        Slot(int cpu) { this.cpu = cpu; }

        /** File offset of a position in this buffer, as close as a compressed buffer allows. */
        long offsetOf(int p) { return compressed ? fileOffset : fileOffset + p; }
    }

    /** A buffer read ahead of the merge. */
    static final class Pending {
        byte[] data = new byte[0];
        int limit;
        long fileOffset;
        boolean compressed;
    }

    /**
     * Bytes of buffers read ahead (beyond each CPU's current one) before the merge must go on. Windows writes a
     * CPU's buffer when it is full, so a busy CPU's later buffer can precede a quiet CPU's older one in the file;
     * the look-ahead restores the time order within this budget (a record older than one delivered beyond it gets
     * a warning). Small enough to keep the reader's memory near the pcap reader's.
     */
    static final long LOOKAHEAD_BYTES = 4 << 20; // only used once a second CPU has been seen
    private final ArrayDeque<Pending> spare = new ArrayDeque<>();
    private long pendingBytes;
    private int cpusSeen;
    /** Bytes of all buffer arrays held (current, read ahead, spare); bounded by {@link #MAX_ALLOCATED}. */
    private long allocated;
    static final long MAX_ALLOCATED = 96L << 20;
    private static final byte[] EMPTY = new byte[0];
    private final String file;
    private final FileChannel ch;
    private final long fileSize;
    private final Warnings warnings;
    private final Progress progress;
    private final EtlPackets packets;
    private final XpressLz77 lz = new XpressLz77();
    private final ByteBuffer headerBuf = ByteBuffer.allocate(BUFFER_HEADER);
    private byte[] compressedIn = new byte[0];
    private Slot[] slots = new Slot[8];
    private long nextProgress;
    boolean canceled;
    long bytes;               // decompressed bytes of all buffers

    // the trace clock (TRACE_LOGFILE_HEADER); until it is seen, raw timestamps are taken as FILETIME
    private boolean clockKnown;
    private long clockFrequency = 10_000_000L;
    private long clockBaseRaw;
    private long clockBaseNanos;
    private long lastDeliveredRaw = Long.MIN_VALUE;
    private boolean orderWarned;

    // what the trace holds (for the message when it has no packets)
    String loggerName;
    long events;
    long systemEvents;        // kernel / system-logger records
    long pktmonEvents;
    long ndisEvents;
    long otherProviderEvents;
    private final long[] otherProviders = new long[2 * 16];
    private final int[] otherProviderCounts = new int[16];
    private int otherProviderKinds;
    int logFileMode;

    EtlFormat(String file, FileChannel ch, long fileSize, Warnings warnings, Progress progress, EtlPackets packets) {
        this.file = file; this.ch = ch; this.fileSize = fileSize; this.warnings = warnings; this.progress = progress;
        this.packets = packets;
    }

    /**
     * Reads a whole ETL file (already recognised by {@link #looksLike}) through decoding and TCP reassembly, as
     * {@link CaptureReader#read} does, with {@code observer} (may be null) seeing every packet event (tests).
     * A trace without any packet event is not a capture: {@link CaptureException} saying what it holds and how
     * to collect packets.
     */
    static CaptureSummary readCapture(String name, FileChannel ch, long size, StreamListener listener, Progress progress,
                                      CaptureOptions options, EtlPackets.Observer observer) throws CaptureException {
        Warnings warnings = new Warnings(name, options.maxWarnings(), listener);
        TcpReassembler reassembler = new TcpReassembler(listener, warnings, options);
        PacketDecoder decoder = new PacketDecoder(reassembler, warnings);
        ReadContext ctx = readInto(name, ch, size, decoder, warnings, progress, options, observer);
        reassembler.finishAll();
        progress.worked(size, size);
        return new CaptureSummary(name, "etl", ctx.frames, ctx.bytesRead, warnings.finish(size), ctx.canceled,
                ctx.duplicates, 0, List.of());
    }

    /**
     * Reads a whole ETL file into {@code sink}: its packets in time order, each with its link type, pktmon's copies
     * of a packet set aside ({@link ReadContext#duplicates}). Shared by single files and capture sets
     * ({@link CaptureSet}: the sink renumbers frames across the set). Throws when the trace holds no packet event.
     */
    static ReadContext readInto(String name, FileChannel ch, long size, FrameSink sink, Warnings warnings, Progress progress,
                                CaptureOptions options, EtlPackets.Observer observer) throws CaptureException {
        EtlPackets packets = new EtlPackets(sink, warnings, options.maxRecordLength());
        packets.observer = observer;
        EtlFormat etl = new EtlFormat(name, ch, size, warnings, progress, packets);
        try {
            etl.read();
        } catch (IOException e) {
            warnings.add(packets.frames + 1, 0, "read error, rest of file not read: " + e.getMessage());
        }
        if (packets.packetEvents == 0 && !etl.canceled) {
            throw new CaptureException(name, 0, etl.noPacketsMessage());
        }
        ReadContext ctx = new ReadContext(name, null, sink, warnings, options, progress, () -> size, size, ch);
        ctx.frames = packets.frames;
        ctx.duplicates = packets.duplicates;
        ctx.bytesRead = etl.bytes;
        ctx.endOffset = size;
        ctx.canceled = etl.canceled;
        ctx.format = "etl";
        return ctx;
    }

    /** One sentence for a trace without packet events: what it holds, and how to collect packets. */
    String noPacketsMessage() {
        String what;
        if (pktmonEvents > 0 && otherProviderEvents == 0) what = "pktmon component/counter events only";
        else if (ndisEvents > 0 && otherProviderEvents == 0) what = "NDIS-PacketCapture events without packet fragments";
        else if (otherProviderEvents > 0) what = otherProviderEvents + " events of other providers, mostly " + mainOtherProvider()
                + (systemEvents > 0 ? ", and " + systemEvents + " kernel/system events" : "");
        else what = "kernel/system logger events only";
        return "ETL trace" + (loggerName == null || loggerName.isEmpty() ? "" : " of logger " + loggerName) + ": " + events
                + " events, none of them packets (" + what + "); " + CollectionAdvice.HOW_TO_CAPTURE;
    }

    /**
     * True when {@code b[p .. p+n)} starts like an ETL file: a buffer header whose buffer type is the header
     * buffer, with a plausible size, followed by the system-header record (header type SYSTEM32/64 with the
     * trace-header flag) that carries TRACE_LOGFILE_HEADER. Content, never the file name, decides.
     */
    static boolean looksLike(byte[] b, int p, int n) {
        if (n < BUFFER_HEADER + 32) return false;
        long bufferSize = u32(b, p);
        long filled = u32(b, p + 0x30);
        int bufferType = u16(b, p + 0x36);
        int headerType = b[p + BUFFER_HEADER + 2] & 0xFF, headerFlags = b[p + BUFFER_HEADER + 3] & 0xFF;
        return bufferType == BUFFER_TYPE_HEADER && bufferSize >= BUFFER_HEADER + 32 && bufferSize <= MAX_BUFFER
                && filled >= BUFFER_HEADER + 32 && filled <= bufferSize
                && (headerType == SYSTEM32 || headerType == SYSTEM64) && (headerFlags & 0xC0) == 0xC0
                && u16(b, p + BUFFER_HEADER + 6) == 0; // hook id 0: EventTraceGroup, type header
    }

    void read() throws IOException {
        long offset = 0;
        boolean first = true;
        while (offset + BUFFER_HEADER <= fileSize) {
            if (!keepGoing(offset)) return;
            headerBuf.clear();
            readFully(headerBuf, offset);
            byte[] h = headerBuf.array();
            long bufferSize = u32(h, 0);
            long filled = u32(h, 0x30);
            int flags = u16(h, 0x34);
            if (bufferSize == 0 && filled == 0) break; // unused, preallocated space at the end of the file
            if (allFF(h)) break;                        // the same, filled with 0xFF
            if (bufferSize < BUFFER_HEADER || bufferSize > MAX_BUFFER) {
                warnings.add(0, offset, "ETL buffer size " + bufferSize + " is impossible: the file is damaged here, rest of file not read");
                break;
            }
            boolean compressed = (flags & FLAG_COMPRESSED) != 0;
            int cpu = (flags & FLAG_PROC_INDEX) != 0 ? u16(h, 0x28) : h[0x28] & 0xFF;
            long onDisk = Math.min(bufferSize, fileSize - offset);
            if (onDisk < bufferSize) {
                warnings.add(0, offset, "ETL buffer of " + bufferSize + " bytes cut by the end of the file after " + onDisk
                        + (compressed ? ": not read" : ": its complete records are read"));
                if (compressed) break;
            }
            if (filled < BUFFER_HEADER || filled > MAX_BUFFER || (!compressed && filled > bufferSize)) {
                warnings.add(0, offset, "ETL buffer at this offset says " + filled + " bytes filled of " + bufferSize
                        + ": buffer skipped");
                offset += bufferSize;
                continue;
            }
            Slot slot = slot(cpu);
            Pending buffer = spare.isEmpty() ? new Pending() : spare.pop();
            if (load(buffer, h, offset, (int) onDisk, (int) filled, compressed)) {
                if (first) {
                    activate(slot, buffer);
                    readLogfileHeader(slot);
                    slot.loaded = advanceTo(slot, BUFFER_HEADER);
                } else if (!slot.loaded && slot.pending.isEmpty()) {
                    activate(slot, buffer);
                } else if (cpusSeen == 1) {
                    // one CPU so far: its buffers are in time order, nothing to wait for (memory as the pcap reader's)
                    while (slot.loaded) deliverOne();
                    activate(slot, buffer);
                } else {
                    // look-ahead: another CPU's buffer later in the file may hold older events; keep this one
                    // waiting until the look-ahead budget is used up, then merge
                    slot.pending.add(buffer);
                    pendingBytes += buffer.limit;
                    while (pendingBytes > LOOKAHEAD_BYTES && anyLoaded()) deliverOne();
                }
                first = false;
            } else {
                spare.push(buffer);
            }
            offset += bufferSize;
        }
        // the file ends: deliver what the loaded buffers still hold, in time order
        while (anyLoaded()) deliverOne();
        packets.finish();
        for (Slot s : slots) {
            if (s != null && s.fragmentOpen) {
                warnings.add(packets.frames + 1, s.fileOffset, "the trace ends inside a packet of CPU " + s.cpu
                        + " (" + s.fragmentLength + " bytes of fragments, no last fragment): skipped");
            }
        }
        if (!canceled && offset < fileSize && offset + BUFFER_HEADER > fileSize && fileSize - offset > 0) {
            warnings.add(0, offset, (fileSize - offset) + " bytes after the last ETL buffer are too few for a buffer header");
        }
    }

    private boolean keepGoing(long offset) {
        if (offset < nextProgress) return true;
        nextProgress = offset + (1 << 20);
        progress.worked(offset, fileSize);
        if (progress.isCanceled()) {
            canceled = true;
            return false;
        }
        return true;
    }

    private static boolean allFF(byte[] h) {
        for (int i = 0; i < 16; i++) if (h[i] != (byte) 0xFF) return false;
        return true;
    }

    private Slot slot(int cpu) {
        if (cpu >= slots.length) slots = Arrays.copyOf(slots, Math.max(cpu + 1, slots.length * 2));
        Slot s = slots[cpu];
        if (s == null) {
            slots[cpu] = s = new Slot(cpu);
            cpusSeen++;
        }
        return s;
    }

    private boolean anyLoaded() {
        for (Slot s : slots) if (s != null && s.loaded) return true;
        return false;
    }

    /** Frees every buffer array (nothing is loaded or waiting), so that memory stays within {@link #MAX_ALLOCATED}. */
    private void release() {
        for (Slot sl : slots) {
            if (sl != null) {
                allocated -= sl.data.length;
                sl.data = EMPTY;
            }
        }
        for (Pending p : spare) allocated -= p.data.length;
        spare.clear();
    }

    /** Makes a loaded buffer the CPU's current one (the slot's old array becomes spare) and finds its first record. */
    private void activate(Slot s, Pending b) {
        byte[] old = s.data;
        s.data = b.data;
        s.limit = b.limit;
        s.fileOffset = b.fileOffset;
        s.compressed = b.compressed;
        b.data = old;
        spare.push(b);
        s.loaded = advanceTo(s, BUFFER_HEADER);
    }

    /** The CPU's current buffer is used up: its next waiting buffer, if any, becomes current. */
    private void next(Slot s) {
        while (!s.loaded && !s.pending.isEmpty()) {
            Pending b = s.pending.poll();
            pendingBytes -= b.limit;
            activate(s, b);
        }
    }

    /** Reads (and decompresses) one buffer. False when nothing of it is usable. */
    private boolean load(Pending s, byte[] header, long offset, int onDisk, int filled, boolean compressed) throws IOException {
        int want = compressed ? filled : Math.min(filled, onDisk);
        if (s.data.length < want) {
            int size = Math.max(want, Math.min(MAX_BUFFER, s.data.length * 2));
            if (allocated + size - s.data.length > MAX_ALLOCATED) {
                // many CPUs with big buffers (or a hostile file declaring them): merge what is loaded, free it all
                if (warnings.wanted()) {
                    warnings.add(0, offset, "ETL buffers of many CPUs exceed " + (MAX_ALLOCATED >> 20)
                            + " MiB together: the events read so far are delivered before this buffer (time order may suffer)");
                }
                while (anyLoaded()) deliverOne();
                release();
            }
            allocated += size - s.data.length;
            s.data = new byte[size];
        }
        s.fileOffset = offset;
        s.compressed = compressed;
        if (!compressed) {
            System.arraycopy(header, 0, s.data, 0, BUFFER_HEADER);
            readFully(ByteBuffer.wrap(s.data, BUFFER_HEADER, want - BUFFER_HEADER), offset + BUFFER_HEADER);
            s.limit = want;
            bytes += want;
            return true;
        }
        int inLen = onDisk - BUFFER_HEADER;
        if (compressedIn.length < inLen) compressedIn = new byte[inLen];
        readFully(ByteBuffer.wrap(compressedIn, 0, inLen), offset + BUFFER_HEADER);
        System.arraycopy(header, 0, s.data, 0, BUFFER_HEADER);
        int n = lz.decompress(compressedIn, 0, inLen, s.data, BUFFER_HEADER, filled - BUFFER_HEADER);
        if (n < 0) {
            warnings.add(0, offset + BUFFER_HEADER + lz.errorInput(), "compressed ETL buffer damaged: " + lz.error()
                    + "; the records decompressed before it are read, the rest of this buffer is lost");
            // what was written before the damage is valid output; records are checked one by one
            s.limit = BUFFER_HEADER + lz.written();
        } else {
            if (n != filled - BUFFER_HEADER) {
                warnings.add(0, offset, "compressed ETL buffer decompressed to " + n + " bytes, its header says "
                        + (filled - BUFFER_HEADER) + ": records after the end are lost");
            }
            s.limit = BUFFER_HEADER + n;
        }
        bytes += s.limit;
        return s.limit > BUFFER_HEADER;
    }

    private void readFully(ByteBuffer bb, long position) throws IOException {
        while (bb.hasRemaining()) {
            int r = ch.read(bb, position);
            if (r < 0) throw new IOException("file ended early at offset " + position);
            position += r;
        }
    }

    /**
     * Positions the slot on the record at {@code p} (or the first valid one after it); false when the buffer
     * holds no further record. Damage (a size too small for its header type or running past the buffer)
     * ends the buffer with a warning: no size can be trusted after it.
     */
    private boolean advanceTo(Slot s, int p) {
        byte[] d = s.data;
        while (true) {
            p = (p + 7) & ~7;
            if (p + 8 > s.limit) return false;
            if (u32(d, p) == 0xFFFFFFFFL || u32(d, p) == 0) return false; // unused rest of the buffer
            int type = d[p + 2] & 0xFF, flags = d[p + 3] & 0xFF;
            int size, min, tsAt;
            switch (type) {
                case SYSTEM32, SYSTEM64 -> { size = u16(d, p + 4); min = 32; tsAt = 16; }
                case COMPACT32, COMPACT64 -> { size = u16(d, p + 4); min = 24; tsAt = 16; }
                case PERFINFO32, PERFINFO64 -> { size = u16(d, p + 4); min = 16; tsAt = 8; }
                case EVENT_HEADER32, EVENT_HEADER64 -> { size = u16(d, p); min = EVENT_HEADER_SIZE; tsAt = 16; }
                case FULL_HEADER32, FULL_HEADER64, INSTANCE32, INSTANCE64 -> { size = u16(d, p); min = 48; tsAt = 16; }
                default -> { size = u16(d, p); min = 8; tsAt = -1; } // message, timed, error, wnode: size first
            }
            if ((flags & 0x80) == 0 || size < min || p + size > s.limit) {
                if (warnings.wanted()) {
                    warnings.add(0, s.offsetOf(p), (s.compressed ? "at byte " + p + " of the decompressed buffer: " : "")
                            + String.format("ETL record (header type 0x%02x, size %d) is damaged", type, size)
                            + ": rest of this buffer skipped");
                }
                return false;
            }
            s.pos = p;
            s.size = size;
            s.type = type;
            if (tsAt >= 0) s.raw = i64(d, p + tsAt);
            return true;
        }
    }

    /** Delivers the earliest record among the loaded buffers and moves that buffer on. */
    private void deliverOne() {
        Slot best = null;
        for (Slot s : slots) {
            if (s != null && s.loaded && (best == null || s.raw < best.raw)) best = s;
        }
        if (best == null) return;
        Slot s = best;
        if (s.raw < lastDeliveredRaw && !orderWarned) {
            orderWarned = true;
            warnings.add(0, s.offsetOf(s.pos), "ETL record of CPU " + s.cpu + " is older than one already delivered"
                    + " (buffers out of order): delivered where it lies, not reordered");
        }
        lastDeliveredRaw = Math.max(lastDeliveredRaw, s.raw);
        record(s);
        s.loaded = advanceTo(s, s.pos + s.size);
        if (!s.loaded) next(s);
    }

    private void record(Slot s) {
        events++;
        byte[] d = s.data;
        int p = s.pos;
        switch (s.type) {
            case EVENT_HEADER32, EVENT_HEADER64 -> {
                long g1 = i64(d, p + 0x18), g2 = i64(d, p + 0x20);
                int id = u16(d, p + 0x28);
                int payload = p + EVENT_HEADER_SIZE;
                int end = p + s.size;
                if ((u16(d, p + 4) & 0x01) != 0) { // extended data items precede the payload
                    while (true) {
                        if (payload + 8 > end) { damagedExtended(s); return; }
                        int linkage = u16(d, payload + 4), dataSize = u16(d, payload + 6);
                        payload = (payload + 8 + dataSize + 7) & ~7;
                        if ((linkage & 1) == 0) break;
                    }
                    if (payload > end) { damagedExtended(s); return; }
                }
                if (g1 == EtlPackets.PKTMON_1 && g2 == EtlPackets.PKTMON_2) {
                    pktmonEvents++;
                    if (id == EtlPackets.PKTMON_PACKET) packets.pktmon(s, payload, end, time(s.raw));
                } else if (g1 == EtlPackets.NDIS_1 && g2 == EtlPackets.NDIS_2) {
                    ndisEvents++;
                    if (id == EtlPackets.NDIS_FRAGMENT) packets.ndis(s, payload, end, i64(d, p + 0x30), time(s.raw));
                } else {
                    otherProviderEvents++;
                    countProvider(g1, g2);
                }
            }
            case SYSTEM32, SYSTEM64, COMPACT32, COMPACT64, PERFINFO32, PERFINFO64 -> systemEvents++;
            default -> { } // classic (MOF) and message records: counted in events only
        }
    }

    private void damagedExtended(Slot s) {
        warnings.add(0, s.offsetOf(s.pos), "ETL event's extended data items run past the event: event skipped");
    }

    private void countProvider(long g1, long g2) {
        for (int i = 0; i < otherProviderKinds; i++) {
            if (otherProviders[2 * i] == g1 && otherProviders[2 * i + 1] == g2) { otherProviderCounts[i]++; return; }
        }
        if (otherProviderKinds < otherProviderCounts.length) {
            otherProviders[2 * otherProviderKinds] = g1;
            otherProviders[2 * otherProviderKinds + 1] = g2;
            otherProviderCounts[otherProviderKinds++] = 1;
        }
    }

    /** The provider with the most events other than PktMon / NDIS-PacketCapture, as GUID text, or null. */
    String mainOtherProvider() {
        int best = -1;
        for (int i = 0; i < otherProviderKinds; i++) if (best < 0 || otherProviderCounts[i] > otherProviderCounts[best]) best = i;
        return best < 0 ? null : guid(otherProviders[2 * best], otherProviders[2 * best + 1]);
    }

    /**
     * TRACE_LOGFILE_HEADER, the payload of the first buffer's system-header record: the clock (PerfFreq,
     * StartTime, ReservedFlags) and the logger's name. Offsets depend on the PointerSize it states.
     */
    private void readLogfileHeader(Slot s) {
        if (!advanceTo(s, BUFFER_HEADER) || (s.type != SYSTEM32 && s.type != SYSTEM64)) {
            warnings.add(0, s.fileOffset + BUFFER_HEADER, "ETL header buffer does not start with the trace header: timestamps are raw");
            return;
        }
        byte[] d = s.data;
        int p = s.pos + 32, end = s.pos + s.size;
        int pointerSize = p + 48 <= end ? (int) u32(d, p + 44) : 0;
        if (pointerSize != 4 && pointerSize != 8) {
            warnings.add(0, s.fileOffset + p, "ETL trace header damaged (pointer size " + pointerSize + "): timestamps are raw");
            return;
        }
        logFileMode = (int) u32(d, p + 32);
        int cpuMhz = (int) u32(d, p + 52);
        int t = (p + 56 + 2 * pointerSize + 172 + 7) & ~7; // BootTime, 8-aligned after the 172-byte TIME_ZONE_INFORMATION
        if (t + 28 > end) {
            warnings.add(0, s.fileOffset + p, "ETL trace header too short: timestamps are raw");
            return;
        }
        long perfFreq = i64(d, t + 8), startTime = i64(d, t + 16);
        int reservedFlags = (int) u32(d, t + 24);
        clockFrequency = switch (reservedFlags) {
            case 1 -> perfFreq > 0 ? perfFreq : 10_000_000L;      // QueryPerformanceCounter
            case 3 -> cpuMhz > 0 ? cpuMhz * 1_000_000L : 10_000_000L; // CPU cycle counter
            default -> 10_000_000L;                                 // 2: system time, already in 100 ns
        };
        clockBaseRaw = s.raw;                 // the header record's own timestamp
        clockBaseNanos = (startTime - FILETIME_UNIX_EPOCH) * 100;
        clockKnown = true;
        // LoggerName follows the fixed part (UTF-16, NUL-terminated)
        int n = t + 32;
        StringBuilder name = new StringBuilder();
        for (; n + 1 < end && name.length() < 128; n += 2) {
            char c = (char) u16(d, n);
            if (c == 0) break;
            name.append(c);
        }
        loggerName = name.toString();
    }

    /** Nanoseconds since 1970 of a raw timestamp. */
    long time(long raw) {
        if (!clockKnown) return (raw - FILETIME_UNIX_EPOCH) * 100;
        long delta = raw - clockBaseRaw;
        long sec = Math.floorDiv(delta, clockFrequency), rem = Math.floorMod(delta, clockFrequency);
        return clockBaseNanos + sec * 1_000_000_000L + rem * 1_000_000_000L / clockFrequency;
    }

    static String guid(long g1, long g2) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) { b[i] = (byte) (g1 >>> (8 * i)); b[8 + i] = (byte) (g2 >>> (8 * i)); }
        return String.format("{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", u32(b, 0), u16(b, 4), u16(b, 6),
                b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    }

    static int u16(byte[] b, int p) { return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8; }
    static long u32(byte[] b, int p) {
        return ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (long) (b[p + 3] & 0xFF) << 24) & 0xFFFFFFFFL;
    }
    static long i64(byte[] b, int p) { return u32(b, p) | u32(b, p + 4) << 32; }
}
