package org.negscope.smb2;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * SMB2 NEGOTIATE response (MS-SMB2 2.2.4). Offsets from the ProtocolId:
 * <pre>
 *  64 StructureSize (65)  66 SecurityMode  68 DialectRevision  70 NegotiateContextCount (3.1.1) / Reserved
 *  72 ServerGuid  88 Capabilities  92 MaxTransactSize  96 MaxReadSize  100 MaxWriteSize  104 SystemTime
 * 112 ServerStartTime  120 SecurityBufferOffset (2)  122 SecurityBufferLength (2)
 * 124 NegotiateContextOffset (3.1.1) / Reserved2   128 Buffer (security blob, then 8-aligned contexts)
 * </pre>
 */
public record NegotiateResponse(int securityMode, int dialectRevision, UUID serverGuid, int capabilities,
        long maxTransactSize, long maxReadSize, long maxWriteSize, long systemTime, long serverStartTime,
        byte[] securityBuffer, List<NegotiateContext> contexts) {
    public static final int STRUCTURE_SIZE = 65;

    public NegotiateResponse {
        Objects.requireNonNull(serverGuid, "serverGuid");
        securityBuffer = securityBuffer == null ? new byte[0] : securityBuffer.clone();
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
    }

    @Override
    public byte[] securityBuffer() {
        return securityBuffer.clone();
    }

    public String dialectName() {
        return Dialect.name(dialectRevision);
    }

    /** The SPNEGO NegTokenInit2 hint the server sends (mechanisms it accepts), or null when the buffer is empty. */
    public Spnego spnego() {
        return securityBuffer.length == 0 ? null : Spnego.decode(securityBuffer);
    }

    public <T extends NegotiateContext> T context(Class<T> type) {
        for (NegotiateContext c : contexts) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    public static NegotiateResponse decode(Smb2Message m) {
        return read(Body.reader("NegotiateResponse", m, false, Smb2Command.NEGOTIATE, true), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = Body.reader("NegotiateResponse", m, true, Smb2Command.NEGOTIATE, true);
        read(r, m);
        return r.tree("SMB2 NEGOTIATE Response", "");
    }

    private static NegotiateResponse read(MessageReader r, Smb2Message m) {
        r.open("NEGOTIATE Response", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        int securityMode = r.u16(66, "SecurityMode", v -> SecurityMode.describe((int) v));
        int dialect = r.u16(68, "DialectRevision", v -> Dialect.describe((int) v));
        boolean v311 = dialect == Dialect.SMB_3_1_1;
        int ctxCount = r.u16(70, v311 ? "NegotiateContextCount" : "Reserved", MessageReader.DEC);
        UUID guid = r.guid(72, "ServerGuid");
        int caps = (int) r.u32(88, "Capabilities", v -> Capabilities.describe((int) v));
        long maxTransact = r.u32(92, "MaxTransactSize", MessageReader.DEC);
        long maxRead = r.u32(96, "MaxReadSize", MessageReader.DEC);
        long maxWrite = r.u32(100, "MaxWriteSize", MessageReader.DEC);
        long systemTime = r.u64(104, "SystemTime", FileTime::show);
        long startTime = r.u64(112, "ServerStartTime", FileTime::show);
        int sbOff = r.u16(120, "SecurityBufferOffset");
        int sbLen = r.u16(122, "SecurityBufferLength", MessageReader.DEC);
        long ctxOff = r.u32(124, v311 ? "NegotiateContextOffset" : "Reserved2");
        byte[] sb = SecurityBlob.read(r, sbOff, sbLen);
        List<NegotiateContext> contexts = v311
                ? NegotiateContext.readList(r, ctxOff, ctxCount, "NegotiateContextOffset", "NegotiateContextCount")
                : List.of();
        r.close(m.keptLength());
        return new NegotiateResponse(securityMode, dialect, guid, caps, maxTransact, maxRead, maxWrite, systemTime,
                startTime, sb, contexts);
    }

    /** The whole message after {@code header} (Command NEGOTIATE, a response): what a test server would send. */
    public byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.NEGOTIATE || !header.isResponse()) {
            throw new IllegalArgumentException("header is not a NEGOTIATE response header");
        }
        boolean v311 = dialectRevision == Dialect.SMB_3_1_1 && !contexts.isEmpty();
        LeWriter w = new LeWriter(256);
        w.bytes(header.encode());
        w.u16(STRUCTURE_SIZE).u16(securityMode).u16(dialectRevision).u16(v311 ? contexts.size() : 0).guid(serverGuid)
                .u32(capabilities & 0xffffffffL).u32(maxTransactSize).u32(maxReadSize).u32(maxWriteSize)
                .u64(systemTime).u64(serverStartTime).u16(securityBuffer.length == 0 ? 0 : 128)
                .u16(securityBuffer.length);
        int ctxOffAt = w.position();
        w.u32(0).bytes(securityBuffer);
        if (v311) {
            w.align(0, 8);
            w.put32(ctxOffAt, w.position());
            NegotiateContext.writeList(w, contexts);
        } else if (securityBuffer.length == 0) {
            w.u8(0); // StructureSize 65 counts one byte of Buffer
        }
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NegotiateResponse n && securityMode == n.securityMode && dialectRevision == n.dialectRevision
                && serverGuid.equals(n.serverGuid) && capabilities == n.capabilities
                && maxTransactSize == n.maxTransactSize && maxReadSize == n.maxReadSize
                && maxWriteSize == n.maxWriteSize && systemTime == n.systemTime && serverStartTime == n.serverStartTime
                && Arrays.equals(securityBuffer, n.securityBuffer) && contexts.equals(n.contexts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(securityMode, dialectRevision, serverGuid, capabilities, contexts);
    }

    @Override
    public String toString() {
        return "NegotiateResponse[securityMode=" + SecurityMode.describe(securityMode) + ", dialect=" + dialectName()
                + ", serverGuid=" + serverGuid + ", capabilities=" + Capabilities.describe(capabilities)
                + ", securityBuffer=" + securityBuffer.length + " bytes, contexts=" + contexts + "]";
    }
}
