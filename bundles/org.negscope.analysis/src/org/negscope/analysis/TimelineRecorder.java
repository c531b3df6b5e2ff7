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
 * (how the connection ended). A connection that moves gigabytes keeps the same few hundred small slots: the tail
 * is a ring of reused slots, so recording costs no allocation per message once the head is full (hot path).
 * Event texts are only built when a report asks for them.
 */
final class TimelineRecorder {
    static final int HEAD = 200;
    static final int TAIL = 40;
    /** Events kept on each side of a VALIDATE message that lies outside the head. */
    static final int CONTEXT = 6;
    static final int MAX_PINNED = 96;

    /** Flag bits of a slot. */
    static final int SIGNED = 1;
    static final int ASYNC = 2;
    static final int DECRYPTED = 4;
    static final int VALIDATE = 8;

    /** One recorded event; mutable so that the tail ring can reuse it. */
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
        /** Command-specific: NEGOTIATE response dialect, IOCTL CtlCode, SESSION_SETUP SessionFlags, gap bytes. */
        long detail;

        void copyFrom(Slot o) {
            index = o.index; frame = o.frame; timeNanos = o.timeNanos; fromClient = o.fromClient; kind = o.kind;
            command = o.command; status = o.status; messageId = o.messageId; flags = o.flags; detail = o.detail;
        }
    }

    private final List<Slot> head = new ArrayList<>(16);
    private final Slot[] tail = new Slot[TAIL];
    private final List<Slot> pinned = new ArrayList<>(0);
    private long count;
    /** Events still to pin after a VALIDATE message outside the head. */
    private int pinNext;
    /** The slot the last add() filled. */
    private Slot last;

    long count() { return count; }

    /** Records an event. {@code detail}: see {@link Slot#detail}. */
    void add(long frame, long timeNanos, boolean fromClient, TimelineEvent.Kind kind, int command, long status, long messageId,
             int flags, long detail) {
        Slot s;
        if (head.size() < HEAD) {
            s = new Slot();
            head.add(s);
        } else {
            int i = (int) (count % TAIL);
            s = tail[i];
            if (s == null) {
                s = tail[i] = new Slot();
            }
        }
        s.index = count++;
        s.frame = frame;
        s.timeNanos = timeNanos;
        s.fromClient = fromClient;
        s.kind = kind;
        s.command = command;
        s.status = status;
        s.messageId = messageId;
        s.flags = flags;
        s.detail = detail;
        last = s;
        if (pinNext > 0 && s.index >= HEAD) {
            pinNext--;
            pin(s);
        }
    }

    /**
     * Marks the last event as part of a VALIDATE exchange. Outside the head it is kept with the
     * {@link #CONTEXT} events before it (still in the ring) and the {@link #CONTEXT} after it.
     */
    void markValidate() {
        if (last == null) {
            return;
        }
        last.flags |= VALIDATE;
        if (last.index < HEAD) {
            return;
        }
        long from = Math.max(HEAD, last.index - CONTEXT);
        for (long i = from; i <= last.index; i++) {
            pin(tail[(int) (i % TAIL)]);
        }
        pinNext = CONTEXT;
    }

    private void pin(Slot s) {
        if (s == null || pinned.size() >= MAX_PINNED) {
            return;
        }
        for (int i = pinned.size() - 1; i >= 0 && i >= pinned.size() - 2 * CONTEXT - 2; i--) {
            if (pinned.get(i).index == s.index) {
                pinned.get(i).copyFrom(s); // already pinned (VALIDATE messages close together share their context)
                return;
            }
        }
        Slot copy = new Slot();
        copy.copyFrom(s);
        pinned.add(copy);
    }

    /** Kept events in order, with texts; {@code startNanos} is the connection's first frame time. */
    List<TimelineEvent> events(long startNanos) {
        List<Slot> all = new ArrayList<>(head.size() + pinned.size() + TAIL);
        all.addAll(head);
        all.addAll(pinned);
        for (long i = Math.max(HEAD, count - TAIL); i < count; i++) {
            Slot s = tail[(int) (i % TAIL)];
            if (s != null && s.index == i) {
                all.add(s);
            }
        }
        all.sort((a, b) -> Long.compare(a.index, b.index));
        List<TimelineEvent> out = new ArrayList<>(all.size());
        long prev = -1;
        for (Slot s : all) {
            if (s.index == prev) {
                continue;
            }
            prev = s.index;
            out.add(event(s, startNanos));
        }
        return out;
    }

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
                command = String.format("SMB1 0x%02x", s.command);
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
                if (response) {
                    status = NtStatus.name(s.status);
                    t.append(' ').append(status);
                    if (s.command == Smb2Command.NEGOTIATE && s.status == NtStatus.SUCCESS && s.detail != 0) {
                        t.append(", dialect ").append(Dialect.name((int) s.detail));
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
