package org.negscope.smb2;

import java.util.Arrays;
import java.util.Objects;

/**
 * The 64-byte SMB2 packet header (MS-SMB2 2.2.1.1 ASYNC, 2.2.1.2 SYNC). Immutable; {@link #signature()}
 * returns a copy.
 * <pre>
 *  0 ProtocolId (FE 'S' 'M' 'B')   4 StructureSize (64)   6 CreditCharge
 *  8 Status (responses) / ChannelSequence+Reserved (requests, 3.x)
 * 12 Command   14 CreditRequest/CreditResponse   16 Flags   20 NextCommand   24 MessageId
 * 32 AsyncId (8, when SMB2_FLAGS_ASYNC_COMMAND) | Reserved (4, "ProcessId") + TreeId (4)
 * 40 SessionId   48 Signature (16)
 * </pre>
 */
public final class Smb2Header {
    public static final int SIZE = 64;
    public static final int PROTOCOL_ID = 0x424D53FE; // FE 'S' 'M' 'B' read little-endian

    public static final int FLAGS_SERVER_TO_REDIR = 0x00000001;
    public static final int FLAGS_ASYNC_COMMAND = 0x00000002;
    public static final int FLAGS_RELATED_OPERATIONS = 0x00000004;
    public static final int FLAGS_SIGNED = 0x00000008;
    public static final int FLAGS_PRIORITY_MASK = 0x00000070;
    public static final int FLAGS_DFS_OPERATIONS = 0x10000000;
    public static final int FLAGS_REPLAY_OPERATION = 0x20000000;

    /** Offset of the Signature field: signing zeroes these 16 bytes, computes, and writes them back. */
    public static final int SIGNATURE_OFFSET = 48;
    public static final int FLAGS_OFFSET = 16;

    private static final String[] FLAG_NAMES = {"SERVER_TO_REDIR", "ASYNC_COMMAND", "RELATED_OPERATIONS", "SIGNED",
            "PRIORITY_1", "PRIORITY_2", "PRIORITY_4", null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, "DFS_OPERATIONS", "REPLAY_OPERATION"};

    private final int creditCharge;
    private final long status;
    private final int command;
    private final int credits;
    private final int flags;
    private final long nextCommand;
    private final long messageId;
    private final long reserved;
    private final long treeId;
    private final long asyncId;
    private final long sessionId;
    private final byte[] signature;

    /**
     * For sync headers pass {@code asyncId} 0; for async ones (flags has ASYNC_COMMAND) {@code reserved}
     * and {@code treeId} are ignored — they share bytes 32..39 with AsyncId.
     */
    public Smb2Header(int creditCharge, long status, int command, int credits, int flags, long nextCommand,
            long messageId, long reserved, long treeId, long asyncId, long sessionId, byte[] signature) {
        this.creditCharge = creditCharge & 0xffff;
        this.status = status & 0xffffffffL;
        this.command = command & 0xffff;
        this.credits = credits & 0xffff;
        this.flags = flags;
        this.nextCommand = nextCommand & 0xffffffffL;
        this.messageId = messageId;
        boolean async = (flags & FLAGS_ASYNC_COMMAND) != 0;
        this.reserved = async ? 0 : reserved & 0xffffffffL;
        this.treeId = async ? 0 : treeId & 0xffffffffL;
        this.asyncId = async ? asyncId : 0;
        this.sessionId = sessionId;
        if (signature != null && signature.length != 16) {
            throw new IllegalArgumentException("Signature must be 16 bytes, not " + signature.length);
        }
        this.signature = signature == null ? new byte[16] : signature.clone();
    }

    /** A sync request header with one credit charged and requested, no signature. */
    public static Smb2Header request(int command, long messageId, long sessionId, long treeId) {
        return new Smb2Header(1, 0, command, 1, 0, 0, messageId, 0, treeId, 0, sessionId, null);
    }

    /** Decodes the header at {@code off}; the 64 bytes must be present. */
    public static Smb2Header decode(byte[] b, int off) {
        if (off < 0 || off > b.length) {
            throw new Smb2FormatException("Smb2Header at offset " + off + " lies outside the " + b.length + "-byte buffer");
        }
        int end = (int) Math.min(b.length, (long) off + SIZE);
        return read(new MessageReader("Smb2Header", b, off, end, end - off, null, false), off);
    }

    static Smb2Header read(MessageReader r, int off) {
        r.open("SMB2 Header", off, "");
        r.need(off, SIZE, "StructureSize");
        long proto = r.u32(off, "ProtocolId", v -> "FE 'SMB'");
        if (proto != (PROTOCOL_ID & 0xffffffffL)) {
            throw r.error("ProtocolId", String.format("0x%08x at offset 0x%x is not FE 'SMB'", Integer.reverseBytes((int) proto), off));
        }
        int structureSize = r.u16(off + 4, "StructureSize", MessageReader.DEC);
        if (structureSize != SIZE) {
            throw r.error("StructureSize", structureSize + " at offset 0x" + Integer.toHexString(off + 4) + " is not 64");
        }
        int creditCharge = r.u16(off + 6, "CreditCharge", MessageReader.DEC);
        int flags = (int) MessageReader.le32(r.b, off + 16);
        boolean response = (flags & FLAGS_SERVER_TO_REDIR) != 0;
        long status = r.u32(off + 8, response ? "Status" : "ChannelSequence/Reserved",
                response ? v -> NtStatus.name(v) : MessageReader.HEX8);
        int command = r.u16(off + 12, "Command", v -> Smb2Command.name((int) v));
        int credits = r.u16(off + 14, response ? "CreditResponse" : "CreditRequest", MessageReader.DEC);
        r.u32(off + 16, "Flags", v -> Flags.describe(v, 8, FLAG_NAMES));
        long next = r.u32(off + 20, "NextCommand");
        long messageId = r.u64(off + 24, "MessageId", MessageReader.DEC);
        long reserved = 0;
        long treeId = 0;
        long asyncId = 0;
        if ((flags & FLAGS_ASYNC_COMMAND) != 0) {
            asyncId = r.u64(off + 32, "AsyncId");
        } else {
            reserved = r.u32(off + 32, "Reserved");
            treeId = r.u32(off + 36, "TreeId");
        }
        long sessionId = r.u64(off + 40, "SessionId");
        byte[] sig = r.bytes(off + 48, 16, "Signature");
        r.close(off + SIZE);
        return new Smb2Header(creditCharge, status, command, credits, flags, next, messageId, reserved, treeId, asyncId,
                sessionId, sig);
    }

    /** Field tree of the header at offset 0 of {@code bytes}. */
    public static Field describe(byte[] bytes) {
        MessageReader r = new MessageReader("Smb2Header", bytes, 0, Math.min(bytes.length, SIZE), SIZE, null, true);
        read(r, 0);
        return r.tree().children().get(0);
    }

    /** The 64 header bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encodeInto(b, 0);
        return b;
    }

    public void encodeInto(byte[] b, int off) {
        LeWriter w = new LeWriter(SIZE);
        w.u32(PROTOCOL_ID).u16(SIZE).u16(creditCharge).u32(status).u16(command).u16(credits).u32(flags)
                .u32(nextCommand).u64(messageId);
        if (isAsync()) {
            w.u64(asyncId);
        } else {
            w.u32(reserved).u32(treeId);
        }
        w.u64(sessionId).bytes(signature);
        System.arraycopy(w.toByteArray(), 0, b, off, SIZE);
    }

    /** Writes NextCommand into an encoded header (compound chains). */
    public static void putNextCommand(byte[] msg, int headerOff, long nextCommand) {
        put32(msg, headerOff + 20, nextCommand);
    }

    /** Sets SMB2_FLAGS_SIGNED and zeroes the Signature field of an encoded header: the state signing computes over. */
    public static void prepareForSigning(byte[] msg, int headerOff) {
        long f = MessageReader.le32(msg, headerOff + FLAGS_OFFSET) | FLAGS_SIGNED;
        put32(msg, headerOff + FLAGS_OFFSET, f);
        Arrays.fill(msg, headerOff + SIGNATURE_OFFSET, headerOff + SIGNATURE_OFFSET + 16, (byte) 0);
    }

    public static void putSignature(byte[] msg, int headerOff, byte[] signature16) {
        System.arraycopy(signature16, 0, msg, headerOff + SIGNATURE_OFFSET, 16);
    }

    private static void put32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    public int creditCharge() {
        return creditCharge;
    }

    /** NTSTATUS of a response; in a request this is ChannelSequence/Reserved (3.x) and usually 0. */
    public long status() {
        return status;
    }

    public String statusName() {
        return NtStatus.name(status);
    }

    public int command() {
        return command;
    }

    public String commandName() {
        return Smb2Command.name(command);
    }

    /** CreditRequest (request) or CreditResponse (response). */
    public int credits() {
        return credits;
    }

    public int flags() {
        return flags;
    }

    public boolean isResponse() {
        return (flags & FLAGS_SERVER_TO_REDIR) != 0;
    }

    public boolean isAsync() {
        return (flags & FLAGS_ASYNC_COMMAND) != 0;
    }

    public boolean isRelated() {
        return (flags & FLAGS_RELATED_OPERATIONS) != 0;
    }

    public boolean isSigned() {
        return (flags & FLAGS_SIGNED) != 0;
    }

    public long nextCommand() {
        return nextCommand;
    }

    public long messageId() {
        return messageId;
    }

    /** The sync header's Reserved field (Windows calls it ProcessId, 0xFEFF); 0 in async headers. */
    public long reserved() {
        return reserved;
    }

    /** 0 in async headers. */
    public long treeId() {
        return treeId;
    }

    /** 0 in sync headers. */
    public long asyncId() {
        return asyncId;
    }

    public long sessionId() {
        return sessionId;
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** True when all 16 Signature bytes are zero (what unsigned messages carry). */
    public boolean signatureIsZero() {
        for (byte x : signature) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Smb2Header h && creditCharge == h.creditCharge && status == h.status && command == h.command
                && credits == h.credits && flags == h.flags && nextCommand == h.nextCommand && messageId == h.messageId
                && reserved == h.reserved && treeId == h.treeId && asyncId == h.asyncId && sessionId == h.sessionId
                && Arrays.equals(signature, h.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, flags, messageId, sessionId, treeId, asyncId, status);
    }

    @Override
    public String toString() {
        return "SMB2 " + commandName() + (isResponse() ? " response " + statusName() : " request") + " mid=" + messageId
                + (isAsync() ? String.format(" async=0x%x", asyncId) : String.format(" tid=0x%x", treeId))
                + String.format(" sid=0x%x flags=0x%08x", sessionId, flags);
    }
}
