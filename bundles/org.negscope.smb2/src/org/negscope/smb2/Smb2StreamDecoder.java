package org.negscope.smb2;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns one direction of a TCP stream into SMB messages (MS-SMB2 2.1 direct TCP transport: each
 * message is preceded by a 4-byte header, a zero byte and a 24-bit big-endian length; RFC 1002 NBSS on
 * port 139 uses the same header with other first bytes for session request, keepalive etc.).
 * <p>
 * Feed it the in-order payload as it arrives, in pieces of any size: a message may span many feeds and
 * a feed may hold many messages. It splits compound chains by NextCommand and delivers each element as
 * an {@link Smb2Message} holding at most {@code maxKeptBytes} of its bytes; the rest of a big message
 * (READ/WRITE data) is skipped without being copied. The framing path allocates nothing per feed: only
 * the kept bytes and the header object of each message.
 * <p>
 * Recognised: SMB2 {@code FE 'SMB'}, SMB1 {@code FF 'SMB'} (reported with its command byte), SMB3
 * TRANSFORM_HEADER {@code FD 'SMB'} (kept for decryption), COMPRESSION_TRANSFORM_HEADER {@code FC 'SMB'}
 * (reported as unsupported and skipped). A stream whose first message is not SMB gets one
 * {@link Smb2Listener#malformed}; the decoder then looks for an SMB message in the first
 * {@value #START_SCAN_LIMIT} bytes (a capture may start in the middle of a message) and otherwise
 * ignores the rest of the stream ({@link #isRejected()}). After a {@link #gap} or damage in a stream
 * known to be SMB it resynchronises at the next NBSS header followed by {@code FE/FD/FF 'SMB'}.
 * <p>
 * Not thread-safe; one instance per direction of a TCP connection.
 * <p>
 * Why one class of this size: framing, resynchronisation and keeping bytes share the hot path's buffer state, and
 * splitting them would cost a call and a copy per message on the capture path (docs/architecture.md: bounded memory,
 * no per-packet garbage); the message bodies are decoded elsewhere ({@link MessageReader} and the message classes).
 */
public final class Smb2StreamDecoder {
    /** Bytes at the start of a stream searched for a first SMB message before the stream is declared not SMB. */
    public static final int START_SCAN_LIMIT = 64 * 1024;

    private static final int ST_NBSS = 0;
    private static final int ST_HDR = 1;
    private static final int ST_BODY = 2;
    private static final int ST_SKIP = 3;
    private static final int ST_SCAN = 4;
    private static final int ST_REJECTED = 5;

    private static final int MAGIC_SMB2 = 0xFE534D42;
    private static final int MAGIC_TRANSFORM = 0xFD534D42;
    private static final int MAGIC_SMB1 = 0xFF534D42;
    private static final int MAGIC_COMPRESSED = 0xFC534D42;
    /** SMB1 header (32 bytes) + WordCount + ByteCount: anything shorter is no SMB1 message. */
    private static final int SMB1_MIN = 35;
    /** SMB_COM_NEGOTIATE; its requests are kept up to this size (real ones are 50-200 bytes) for their dialect strings. */
    private static final int SMB1_COM_NEGOTIATE = 0x72;
    private static final int SMB1_NEGOTIATE_MAX = 1024;

    private final Smb2Listener listener;
    private final int maxKept;

    private int state = ST_NBSS;
    private boolean confirmed;
    private boolean startReported;
    private boolean started;
    private long expected;
    private long curFrame;
    private long curTime;

    // NBSS header being read
    private int nbssCount;
    private int nbssType;
    private int nbssLen;
    private long nbssStart;
    private long nbssFirstFrame;
    /** Payload bytes of the current NBSS message not consumed yet. */
    private long nbssRemaining;

    // element (one compound element, or the transform / SMB1 message)
    private final byte[] hdr = new byte[Smb2Header.SIZE];
    private int hdrCount;
    private int hdrNeed;
    private int magic;
    private int compoundIndex;
    private long elemStart;
    private long elemFirstFrame;
    /** Bytes from the element start to the end of the NBSS payload, fixed when the element starts. */
    private long elemAvail;
    private long elemLen;
    private long elemRemaining;
    private byte[] elemBuf;
    private int elemFilled;
    private Smb2Header elemHeader;

    private long skipRemaining;

    // resynchronisation: last 8 bytes seen, as a big-endian shift register, and their frames
    private long window;
    private int windowCount;
    private final long[] windowFrames = new long[8];
    private boolean scanningStart;

    public Smb2StreamDecoder(Smb2Listener listener, int maxKeptBytes) {
        if (listener == null) {
            throw new IllegalArgumentException("listener");
        }
        this.listener = listener;
        // The header must always be kept: it is what every consumer reads.
        this.maxKept = Math.max(Smb2Header.SIZE, maxKeptBytes);
    }

    /** True once an SMB message (SMB2, SMB1, transform or compressed) has been recognised and the stream was not rejected. */
    public boolean isSmb() {
        return confirmed && state != ST_REJECTED;
    }

    /** True when the stream was judged not to be SMB; everything fed afterwards is ignored. */
    public boolean isRejected() {
        return state == ST_REJECTED;
    }

    /** Stream offset of the next byte expected. */
    public long expectedOffset() {
        return expected;
    }

    /**
     * True between two messages: not inside one, not scanning for one, not rejected. A decoder that is then
     * dropped (to free a finished connection's memory) can be replaced through {@link #pause} / {@link #resume}
     * without any difference in what it reports.
     */
    public boolean betweenMessages() {
        return state == ST_NBSS && nbssCount == 0;
    }

    /** Where a decoder that is {@link #betweenMessages()} stands: all a replacement needs (a few bytes, not the buffers). */
    public record Paused(boolean started, long expected, boolean confirmed, boolean startReported) {}

    /** This decoder's position, to {@link #resume} from later; only {@link #betweenMessages()}. */
    public Paused pause() {
        if (!betweenMessages()) {
            throw new IllegalStateException("inside a message");
        }
        return new Paused(started, expected, confirmed, startReported);
    }

    /** A decoder that continues exactly where the paused one stopped (same next offset, same SMB recognition). */
    public static Smb2StreamDecoder resume(Paused p, Smb2Listener listener, int maxKeptBytes) {
        Smb2StreamDecoder d = new Smb2StreamDecoder(listener, maxKeptBytes);
        d.started = p.started();
        d.expected = p.expected();
        d.confirmed = p.confirmed();
        d.startReported = p.startReported();
        return d;
    }

    /**
     * Next in-order bytes of this direction: {@code data} from its position to its limit (neither is
     * changed; the buffer is not kept). {@code streamOffset} is the offset of the first of them. Bytes
     * already fed are ignored; a jump forward is treated like a {@link #gap}.
     */
    public void feed(ByteBuffer data, long streamOffset, long frame, long timeNanos) {
        if (state == ST_REJECTED) {
            return;
        }
        int p = data.position();
        int end = data.limit();
        if (started) {
            if (streamOffset > expected) {
                gap(expected, streamOffset - expected, frame);
                if (state == ST_REJECTED) {
                    return;
                }
            } else if (streamOffset < expected) {
                long overlap = expected - streamOffset;
                if (overlap >= end - p) {
                    return;
                }
                p += (int) overlap;
                streamOffset = expected;
            }
        }
        started = true;
        curFrame = frame;
        curTime = timeNanos;
        long base = streamOffset - p; // stream offset of buffer index i is base + i
        expected = streamOffset + (end - p);
        while (p < end) {
            switch (state) {
                case ST_NBSS -> p = nbssByte(data, p, base);
                case ST_HDR -> p = headerBytes(data, p, end, base);
                case ST_BODY -> p = bodyBytes(data, p, end);
                case ST_SKIP -> {
                    int n = (int) Math.min(skipRemaining, end - p);
                    p += n;
                    skipRemaining -= n;
                    if (skipRemaining == 0) {
                        state = ST_NBSS;
                    }
                }
                case ST_SCAN -> p = scan(data, p, end, base);
                default -> {
                    return;
                }
            }
        }
    }

    /**
     * {@code missing} bytes at {@code streamOffset} are not in the capture. A partial message is dropped
     * (reported) unless the hole lies in the part of it that is skipped anyway; then the decoder
     * resynchronises at the next plausible message.
     */
    public void gap(long streamOffset, long missing, long frame) {
        if (state == ST_REJECTED || missing <= 0) {
            return;
        }
        started = true;
        expected = Math.max(expected, streamOffset + missing);
        if (state == ST_SKIP && missing < skipRemaining) {
            skipRemaining -= missing;
            return;
        }
        if (state == ST_BODY && elemFilled == elemBuf.length && missing <= elemRemaining) {
            // The hole is in bytes we would not have kept: the message is still complete as far as we care.
            elemRemaining -= missing;
            nbssRemaining -= missing;
            if (elemRemaining == 0) {
                finishElement(frame);
            }
            return;
        }
        if (state == ST_HDR || state == ST_BODY) {
            listener.malformed(String.format(
                    "%d bytes missing from the capture at stream offset %d, inside the message starting at stream offset %d (frame %d): message dropped",
                    missing, streamOffset, elemStart, elemFirstFrame), frame, streamOffset);
        }
        elemBuf = null;
        elemHeader = null;
        startScan(0, 0, !confirmed);
    }

    // ---- NBSS header -------------------------------------------------------------------------------

    private int nbssByte(ByteBuffer data, int p, long base) {
        int b = data.get(p) & 0xff;
        if (nbssCount == 0) {
            nbssStart = base + p;
            nbssFirstFrame = curFrame;
            nbssType = b;
            nbssLen = 0;
        } else {
            nbssLen = nbssLen << 8 | b;
        }
        if (++nbssCount == 4) {
            nbssCount = 0;
            nbssHeader();
        }
        return p + 1;
    }

    private void nbssHeader() {
        switch (nbssType) {
            case 0x00 -> {
                if (nbssLen == 0) {
                    return; // empty session message: nothing to do
                }
                nbssRemaining = nbssLen;
                compoundIndex = 0;
                startElement();
            }
            case 0x81, 0x82, 0x83, 0x84, 0x85 -> {
                // RFC 1002 session request / positive / negative / retarget response / keepalive:
                // 17-bit length (the low bit of the flags byte extends it).
                int len = nbssLen & 0x1FFFF;
                skip(len);
            }
            default -> bad(String.format("NBSS message type 0x%02x at stream offset %d is not a session message",
                    nbssType, nbssStart), nbssStart, (long) nbssType << 24 | nbssLen, 4);
        }
    }

    // ---- element header ----------------------------------------------------------------------------

    private void startElement() {
        state = ST_HDR;
        hdrCount = 0;
        hdrNeed = 4;
        magic = 0;
        elemAvail = nbssRemaining;
    }

    private int headerBytes(ByteBuffer data, int p, int end, long base) {
        if (hdrCount == 0) {
            elemStart = base + p;
            elemFirstFrame = compoundIndex == 0 ? nbssFirstFrame : curFrame;
        }
        int n = (int) Math.min(Math.min(hdrNeed - hdrCount, end - p), nbssRemaining);
        data.get(p, hdr, hdrCount, n);
        hdrCount += n;
        nbssRemaining -= n;
        p += n;
        if (hdrCount == 4 && magic == 0) {
            magic = (hdr[0] & 0xff) << 24 | (hdr[1] & 0xff) << 16 | (hdr[2] & 0xff) << 8 | (hdr[3] & 0xff);
            onMagic();
            if (state != ST_HDR) {
                return p;
            }
        }
        if (hdrCount == hdrNeed) {
            onHeader();
        } else if (nbssRemaining == 0) {
            String what = hdrCount < 4 ? "protocol identifier" : magic == MAGIC_TRANSFORM ? "52-byte TRANSFORM_HEADER"
                    : magic == MAGIC_SMB1 ? "SMB1 header" : "64-byte SMB2 header";
            String msg = String.format("message at stream offset %d ends after %d bytes, inside its %s", elemStart,
                    hdrCount, what);
            if (compoundIndex == 0 && !confirmed) {
                bad(msg, elemStart, 0, 0);
            } else {
                listener.malformed(msg, curFrame, elemStart);
                state = ST_NBSS;
            }
        }
        return p;
    }

    private void onMagic() {
        switch (magic) {
            case MAGIC_SMB2 -> hdrNeed = Smb2Header.SIZE;
            case MAGIC_TRANSFORM -> hdrNeed = compoundIndex == 0 ? TransformHeader.SIZE : -1;
            case MAGIC_SMB1 -> hdrNeed = compoundIndex == 0 ? 5 : -1;
            case MAGIC_COMPRESSED -> {
                if (compoundIndex == 0) {
                    confirmed = true;
                    listener.malformed(String.format(
                            "compressed SMB2 message (COMPRESSION_TRANSFORM_HEADER, MS-SMB2 2.2.42) at stream offset %d is not supported: %d bytes skipped",
                            elemStart, elemAvail), curFrame, elemStart);
                    skip(nbssRemaining);
                    return;
                }
                hdrNeed = -1;
            }
            default -> hdrNeed = -1;
        }
        if (hdrNeed > 0) {
            return;
        }
        String msg = String.format("protocol identifier %02x %02x %02x %02x at stream offset %d is not FE/FD/FF 'SMB'%s",
                hdr[0] & 0xff, hdr[1] & 0xff, hdr[2] & 0xff, hdr[3] & 0xff, elemStart,
                compoundIndex > 0 ? " (compound element " + compoundIndex + ")" : "");
        if (compoundIndex == 0) {
            bad(msg, nbssStart, (long) nbssType << 56 | (long) nbssLen << 32 | (magic & 0xffffffffL), 8);
        } else {
            listener.malformed(msg + ": rest of the message skipped", curFrame, elemStart);
            skip(nbssRemaining);
        }
    }

    private void onHeader() {
        switch (magic) {
            case MAGIC_SMB1 -> {
                confirmed = true;
                listener.smb1(hdr[4] & 0xff, elemFirstFrame, curTime);
                if ((hdr[4] & 0xff) == SMB1_COM_NEGOTIATE && elemAvail <= SMB1_NEGOTIATE_MAX) {
                    elemHeader = null; // kept whole (a few hundred bytes): its dialect strings say what the client offers
                    beginBody(elemAvail, 5, (int) elemAvail);
                } else {
                    skip(nbssRemaining);
                }
            }
            case MAGIC_TRANSFORM -> {
                confirmed = true;
                elemHeader = null;
                beginBody(elemAvail, TransformHeader.SIZE, maxKept);
            }
            default -> {
                Smb2Header h;
                try {
                    h = Smb2Header.decode(hdr, 0);
                } catch (Smb2FormatException e) {
                    String msg = e.getMessage() + " (message at stream offset " + elemStart + ")";
                    if (compoundIndex == 0 && !confirmed) {
                        bad(msg, elemStart, 0, 0);
                    } else {
                        listener.malformed(msg + ": rest of the message skipped", curFrame, elemStart);
                        skip(nbssRemaining);
                    }
                    return;
                }
                confirmed = true;
                long next = h.nextCommand();
                long len = elemAvail;
                if (next != 0) {
                    if (next < Smb2Header.SIZE || next > elemAvail) {
                        listener.malformed(String.format(
                                "Smb2Header.NextCommand 0x%x at stream offset %d points past the end of the %d-byte message: compound chain ends here",
                                next, elemStart + 20, elemAvail), curFrame, elemStart + 20);
                    } else {
                        len = next;
                    }
                }
                elemHeader = h;
                // the listener may want only the header (bulk READ/WRITE data): never less, never more than maxKept
                int keep = Math.max(Smb2Header.SIZE, Math.min(maxKept, listener.keepBytes(h, maxKept)));
                beginBody(len, Smb2Header.SIZE, keep);
            }
        }
    }

    private void beginBody(long len, int headerLen, int keep) {
        elemLen = len;
        elemBuf = new byte[(int) Math.min(len, keep)];
        System.arraycopy(hdr, 0, elemBuf, 0, headerLen);
        elemFilled = headerLen;
        elemRemaining = len - headerLen;
        state = ST_BODY;
        if (elemRemaining == 0) {
            finishElement(curFrame);
        }
    }

    // ---- element body ------------------------------------------------------------------------------

    private int bodyBytes(ByteBuffer data, int p, int end) {
        int n = (int) Math.min(elemRemaining, end - p);
        int copy = Math.min(n, elemBuf.length - elemFilled);
        if (copy > 0) {
            data.get(p, elemBuf, elemFilled, copy);
            elemFilled += copy;
        }
        elemRemaining -= n;
        nbssRemaining -= n;
        if (elemRemaining == 0) {
            finishElement(curFrame);
        }
        return p + n;
    }

    private void finishElement(long lastFrame) {
        byte[] kept = elemBuf;
        if (elemFilled < kept.length) {
            // Only after a gap inside the skipped part can fewer bytes than planned be present; cannot
            // happen (gaps in kept bytes drop the message), but never hand out unfilled bytes.
            kept = Arrays.copyOf(kept, elemFilled);
        }
        elemBuf = null;
        if (magic == MAGIC_TRANSFORM) {
            state = ST_NBSS;
            listener.encrypted(TransformHeader.of(kept, elemLen, elemFirstFrame, lastFrame, curTime, elemStart),
                    elemFirstFrame, lastFrame, curTime);
            return;
        }
        if (magic == MAGIC_SMB1) {
            state = ST_NBSS;
            compoundIndex = 0;
            java.util.List<String> dialects = smb1NegotiateDialects(kept);
            if (dialects != null) {
                listener.smb1Negotiate(dialects, elemFirstFrame, curTime);
            }
            return;
        }
        Smb2Header h = elemHeader;
        elemHeader = null;
        int index = compoundIndex;
        if (nbssRemaining > 0) {
            compoundIndex++;
            startElement();
        } else {
            compoundIndex = 0;
            state = ST_NBSS;
        }
        listener.message(new Smb2Message(h, kept, elemLen, elemFirstFrame, lastFrame, curTime, elemStart, index));
    }

    /**
     * The dialect strings of an SMB1 NEGOTIATE request (MS-CIFS 2.2.4.52.1: 32-byte header, WordCount 0, ByteCount,
     * then 0x02 + NUL-terminated OEM string per dialect); null for a response or a body that does not parse.
     */
    static java.util.List<String> smb1NegotiateDialects(byte[] m) {
        if (m.length < 35 || (m[9] & 0x80) != 0 || m[32] != 0) {
            return null; // SMB_FLAGS_REPLY set, or WordCount not 0: not a NEGOTIATE request
        }
        int end = Math.min(m.length, 35 + ((m[33] & 0xff) | (m[34] & 0xff) << 8));
        java.util.List<String> out = new java.util.ArrayList<>(8);
        int p = 35;
        while (p < end && out.size() < 32) {
            if (m[p] != 0x02) {
                return out.isEmpty() ? null : out;
            }
            int z = p + 1;
            while (z < end && m[z] != 0) {
                z++;
            }
            out.add(new String(m, p + 1, z - p - 1, java.nio.charset.StandardCharsets.ISO_8859_1));
            p = z + 1;
        }
        return out;
    }

    private void skip(long n) {
        if (n <= 0) {
            state = ST_NBSS;
            return;
        }
        skipRemaining = n;
        nbssRemaining = 0;
        state = ST_SKIP;
    }

    // ---- resynchronisation -------------------------------------------------------------------------

    /**
     * Not a plausible message. Before the stream is known to be SMB: report once, then search the
     * first {@link #START_SCAN_LIMIT} bytes. Afterwards: report and search without limit.
     * {@code seed}/{@code seedCount}: the bytes just consumed (big-endian), re-examined from their second byte.
     */
    private void bad(String msg, long offset, long seed, int seedCount) {
        if (!confirmed) {
            if (!startReported) {
                // One report per stream, whether or not an SMB message turns up later in the search.
                startReported = true;
                listener.malformed("not an SMB stream: " + msg + "; looking for an SMB message in the first "
                        + START_SCAN_LIMIT + " bytes, else ignoring the stream", curFrame, offset);
            }
        } else {
            listener.malformed(msg + ": resynchronising", curFrame, offset);
        }
        startScan(seed, seedCount, !confirmed);
    }

    private void startScan(long seed, int seedCount, boolean atStart) {
        state = ST_SCAN;
        nbssCount = 0;
        window = seed;
        windowCount = seedCount;
        for (int i = 0; i < 8; i++) {
            windowFrames[i] = curFrame;
        }
        scanningStart = atStart;
        if (atStart && expected >= START_SCAN_LIMIT) {
            reject();
        }
    }

    private void reject() {
        state = ST_REJECTED;
        if (!startReported) {
            startReported = true;
            listener.malformed("not an SMB stream: no SMB message in the first " + START_SCAN_LIMIT + " bytes",
                    curFrame, expected);
        }
    }

    private int scan(ByteBuffer data, int p, int end, long base) {
        while (p < end) {
            long off = base + p;
            window = window << 8 | (data.get(p) & 0xff);
            windowFrames[(int) (off & 7)] = curFrame;
            windowCount++;
            p++;
            if (windowCount >= 8 && plausible(window)) {
                resync(off - 7);
                return p;
            }
            if (scanningStart && off + 1 >= START_SCAN_LIMIT) {
                reject();
                return end;
            }
        }
        return p;
    }

    private static boolean plausible(long w) {
        if ((w >>> 56) != 0) {
            return false;
        }
        long len = (w >>> 32) & 0xFFFFFF;
        int m = (int) w;
        return switch (m) {
            case MAGIC_SMB2 -> len >= Smb2Header.SIZE;
            case MAGIC_TRANSFORM -> len > TransformHeader.SIZE;
            case MAGIC_SMB1 -> len >= SMB1_MIN;
            default -> false;
        };
    }

    private void resync(long nbssOffset) {
        nbssStart = nbssOffset;
        nbssFirstFrame = windowFrames[(int) (nbssOffset & 7)];
        nbssType = 0;
        nbssLen = (int) (window >>> 32) & 0xFFFFFF;
        nbssRemaining = nbssLen;
        compoundIndex = 0;
        startElement();
        nbssRemaining -= 4; // the ProtocolId, already consumed by the scan
        elemStart = nbssOffset + 4;
        elemFirstFrame = nbssFirstFrame;
        magic = (int) window;
        for (int i = 0; i < 4; i++) {
            hdr[i] = (byte) (magic >>> (24 - 8 * i));
        }
        hdrCount = 4;
        onMagic();
    }
}
