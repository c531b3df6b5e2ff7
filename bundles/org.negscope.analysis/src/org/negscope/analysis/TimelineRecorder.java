package org.negscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.negscope.smb2.CtlCode;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2Command;

/**
 * Records a connection's events while the capture streams by, in bounded space: the first {@link #HEAD} events,
 * a few events around every VALIDATE_NEGOTIATE_INFO exchange that falls after them, and the last {@link #TAIL}
 * (how the connection ended). Events are packed into long arrays ({@link #STRIDE} longs each) that grow to at
 * most a few kilobytes per connection; once the head is full the tail is a ring that is overwritten in place, so
 * a connection that moves gigabytes costs no allocation per message (hot path). Texts are built only when read.
 */
final class TimelineRecorder {
    static final int HEAD = 200;
    static final int TAIL = 40;
    /** Events kept on each side of a VALIDATE message that lies outside the head. */
    static final int CONTEXT = 6;
    static final int MAX_PINNED = 96;
    /** Longs per packed event: index, frame, time, MessageId, status and detail, kind/command/flags/sender. */
    static final int STRIDE = 6;

    /** Flag bits of an event. */
    static final int SIGNED = 1;
    static final int ASYNC = 2;
    static final int DECRYPTED = 4;
    static final int VALIDATE = 8;

    /** One event unpacked, for building its {@link TimelineEvent}. */
    static final class Slot {
        long index;
        long frame;
        long timeNanos;
        boolean fromClient;
        TimelineEvent.Kind kind;
        int command;
        long status;
        long messageId;
        int flags;
        /** Command-specific: NEGOTIATE response dialect, IOCTL CtlCode, SESSION_SETUP flags, gap bytes. */
        long detail;
    }

    private long[] head = new long[16 * STRIDE];
    private int headCount;
    private long[] tail;
    private long[] pinned;
    private int pinnedCount;
    private long count;
    /** Events still to pin after a VALIDATE message outside the head. */
    private int pinNext;
    /** Where the last event was written. */
    private long[] lastArray;
    private int lastOffset;

    long count() { return count; }

    /**
     * Gives back the head's spare room (it grows by doubling) once the connection has ended; later events, if
     * any, make it grow again.
     */
    void trim() {
        if (headCount > 0 && head.length > headCount * STRIDE) {
            boolean last = lastArray == head;
            head = java.util.Arrays.copyOf(head, headCount * STRIDE);
            if (last) {
                lastArray = head; // markValidate() writes through lastArray
            }
        }
    }

    /** Records an event. {@code detail}: see {@link Slot#detail}. Times are absolute here (epoch nanoseconds). */
    void add(long frame, long timeNanos, boolean fromClient, TimelineEvent.Kind kind, int command, long status, long messageId,
             int flags, long detail) {
        long[] a;
        int off;
        if (headCount < HEAD) {
            if ((headCount + 1) * STRIDE > head.length) {
                head = java.util.Arrays.copyOf(head, Math.min(HEAD, headCount * 2) * STRIDE);
            }
            a = head;
            off = headCount++ * STRIDE;
        } else {
            if (tail == null) {
                tail = new long[TAIL * STRIDE];
            }
            a = tail;
            off = (int) (count % TAIL) * STRIDE;
        }
        a[off] = count++;
        a[off + 1] = frame;
        a[off + 2] = timeNanos;
        a[off + 3] = messageId;
        a[off + 4] = (status & 0xffffffffL) << 32 | (Math.max(0, Math.min(detail, 0xffffffffL)) & 0xffffffffL);
        a[off + 5] = (long) kind.ordinal() | (long) (command & 0xffff) << 8 | (long) (flags & 0xff) << 24 | (fromClient ? 1L << 32 : 0);
        lastArray = a;
        lastOffset = off;
        if (pinNext > 0 && a == tail) {
            pinNext--;
            pin(a, off);
        }
    }

    /**
     * Marks the last event as part of a VALIDATE exchange. Outside the head it is kept with the
     * {@link #CONTEXT} events before it (still in the ring) and the {@link #CONTEXT} after it.
     */
    void markValidate() {
        if (lastArray == null) {
            return;
        }
        lastArray[lastOffset + 5] |= (long) VALIDATE << 24;
        if (lastArray == head) {
            return;
        }
        long last = lastArray[lastOffset];
        for (long i = Math.max(HEAD, last - CONTEXT); i <= last; i++) {
            pin(tail, (int) (i % TAIL) * STRIDE);
        }
        pinNext = CONTEXT;
    }

    private void pin(long[] a, int off) {
        for (int i = Math.max(0, pinnedCount - 2 * CONTEXT - 2); i < pinnedCount; i++) {
            if (pinned[i * STRIDE] == a[off]) {
                System.arraycopy(a, off, pinned, i * STRIDE, STRIDE); // already kept: VALIDATEs close together share context
                return;
            }
        }
        if (pinnedCount >= MAX_PINNED) {
            return;
        }
        if (pinned == null) {
            pinned = new long[(2 * CONTEXT + 1) * STRIDE];
        } else if ((pinnedCount + 1) * STRIDE > pinned.length) {
            pinned = java.util.Arrays.copyOf(pinned, Math.min(MAX_PINNED, pinnedCount * 2) * STRIDE);
        }
        System.arraycopy(a, off, pinned, pinnedCount++ * STRIDE, STRIDE);
    }

    /** Kept events in order, compact (texts are built when read); times become offsets from {@code startNanos}. */
    List<TimelineEvent> events(long startNanos) {
        int tailCount = (int) Math.min(TAIL, Math.max(0, count - HEAD));
        long[] all = new long[(headCount + pinnedCount + tailCount) * STRIDE];
        int n = 0;
        System.arraycopy(head, 0, all, 0, headCount * STRIDE);
        n += headCount;
        if (pinnedCount > 0) {
            System.arraycopy(pinned, 0, all, n * STRIDE, pinnedCount * STRIDE);
            n += pinnedCount;
        }
        for (long i = count - tailCount; i < count; i++) {
            System.arraycopy(tail, (int) (i % TAIL) * STRIDE, all, n++ * STRIDE, STRIDE);
        }
        // Sort by index, drop duplicates (pinned copies of head or tail events), turn times into offsets. The sort key
        // is index << 10 | position (n <= HEAD + MAX_PINNED + TAIL < 1024): a primitive sort, no boxing, and equal
        // indices stay in position order, so the first copy is the one kept.
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = all[i * STRIDE] << 10 | i;
        }
        java.util.Arrays.sort(order);
        long[] out = new long[n * STRIDE];
        int m = 0;
        long prev = -1;
        for (int k = 0; k < n; k++) {
            int o = (int) (order[k] & 0x3ff) * STRIDE;
            if (all[o] == prev) {
                continue;
            }
            prev = all[o];
            System.arraycopy(all, o, out, m * STRIDE, STRIDE);
            out[m * STRIDE + 2] = Math.max(0, all[o + 2] - startNanos);
            m++;
        }
        return new TimelineList(java.util.Arrays.copyOf(out, m * STRIDE));
    }

    /** Unpacks one event (times as stored). */
    static Slot unpack(long[] d, int i) {
        Slot s = new Slot();
        s.index = d[i];
        s.frame = d[i + 1];
        s.timeNanos = d[i + 2];
        s.messageId = d[i + 3];
        s.status = d[i + 4] >>> 32;
        s.detail = d[i + 4] & 0xffffffffL;
        long small = d[i + 5];
        s.kind = KINDS[(int) (small & 0xff)];
        s.command = (int) (small >>> 8 & 0xffff);
        s.flags = (int) (small >>> 24 & 0xff);
        s.fromClient = (small >>> 32 & 1) != 0;
        return s;
    }

    private static final TimelineEvent.Kind[] KINDS = TimelineEvent.Kind.values();

    static TimelineEvent event(Slot s, long startNanos) {
        String command = "";
        String status = "";
        long messageId = -1;
        String text;
        String who = s.fromClient ? "client" : "server";
        switch (s.kind) {
            case TCP_SYN -> text = "TCP SYN: the client opens the connection";
            case TCP_FIN -> text = "TCP FIN from the " + who;
            case TCP_RST -> text = "TCP RST from the " + who;
            case TCP_GAP -> text = s.detail + " bytes from the " + who + " missing from the capture";
            case SMB3_ENCRYPTED -> text = "SMB3 encrypted message (TRANSFORM_HEADER), not decrypted";
            case SMB1 -> {
                command = "SMB1 " + FieldFormat.hex(s.command, 2); // as String.format("SMB1 0x%02x"), without a Formatter
                text = s.command == 0x72 ? "SMB1 NEGOTIATE (multi-protocol) from the " + who : "SMB1 command " + command + " from the " + who;
            }
            default -> {
                boolean response = s.kind == TimelineEvent.Kind.SMB2_RESPONSE;
                command = Smb2Command.name(s.command);
                messageId = s.messageId;
                StringBuilder t = new StringBuilder(48).append(command);
                if (s.command == Smb2Command.IOCTL && s.detail != 0) {
                    t.append(' ').append(CtlCode.name((int) s.detail));
                }
                t.append(response ? " response" : " request");
                if (!response && s.command == Smb2Command.SESSION_SETUP && (s.detail & 0x01) != 0) {
                    t.append(" binding an existing session (multichannel)");
                }
                if (response) {
                    status = NtStatus.name(s.status);
                    t.append(' ').append(status);
                    if (s.command == Smb2Command.NEGOTIATE && s.status == NtStatus.SUCCESS && s.detail != 0) {
                        t.append(", dialect ").append(Dialect.describe((int) s.detail));
                    }
                    if (s.command == Smb2Command.SESSION_SETUP && s.status == NtStatus.SUCCESS) {
                        t.append(sessionFlags((int) s.detail));
                    }
                }
                t.append(" (MessageId ").append(s.messageId);
                if ((s.flags & SIGNED) != 0) {
                    t.append(", signed");
                }
                if ((s.flags & ASYNC) != 0) {
                    t.append(", async");
                }
                if ((s.flags & DECRYPTED) != 0) {
                    t.append(", decrypted");
                }
                text = t.append(')').toString();
            }
        }
        return new TimelineEvent(s.index, s.frame, Math.max(0, s.timeNanos - startNanos), s.fromClient, s.kind, command,
                status, messageId, text);
    }

    private static String sessionFlags(int f) {
        List<String> n = new ArrayList<>(3);
        if ((f & SessionFacts.IS_GUEST) != 0) n.add("IS_GUEST");
        if ((f & SessionFacts.IS_NULL) != 0) n.add("IS_NULL");
        if ((f & SessionFacts.ENCRYPT_DATA) != 0) n.add("ENCRYPT_DATA");
        return n.isEmpty() ? "" : ", SessionFlags " + String.join("|", n);
    }
}
