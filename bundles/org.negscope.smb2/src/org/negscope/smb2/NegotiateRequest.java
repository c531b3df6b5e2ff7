package org.negscope.smb2;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * SMB2 NEGOTIATE request (MS-SMB2 2.2.3). Offsets from the ProtocolId:
 * <pre>
 *  64 StructureSize (36)  66 DialectCount  68 SecurityMode  70 Reserved  72 Capabilities  76 ClientGuid
 *  92 NegotiateContextOffset (4) + NegotiateContextCount (2) + Reserved2 (2) when Dialects holds 0x0311,
 *     else ClientStartTime (8)
 * 100 Dialects[DialectCount]   then, 8-aligned, the NegotiateContextList (3.1.1)
 * </pre>
 * Arrays returned by accessors are copies.
 */
public record NegotiateRequest(int securityMode, int capabilities, UUID clientGuid, int[] dialects,
        List<NegotiateContext> contexts) {
    public static final int STRUCTURE_SIZE = 36;

    public NegotiateRequest {
        Objects.requireNonNull(clientGuid, "clientGuid");
        dialects = dialects.clone();
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
    }

    @Override
    public int[] dialects() {
        return dialects.clone();
    }

    public boolean offers(int dialect) {
        for (int d : dialects) {
            if (d == dialect) {
                return true;
            }
        }
        return false;
    }

    public List<String> dialectNames() {
        return Dialect.names(dialects);
    }

    /** The first context of the given class, or null. */
    public <T extends NegotiateContext> T context(Class<T> type) {
        for (NegotiateContext c : contexts) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    public static NegotiateRequest decode(Smb2Message m) {
        return read(Body.reader("NegotiateRequest", m, false, Smb2Command.NEGOTIATE, false), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = Body.reader("NegotiateRequest", m, true, Smb2Command.NEGOTIATE, false);
        read(r, m);
        return r.tree("SMB2 NEGOTIATE Request", "");
    }

    private static NegotiateRequest read(MessageReader r, Smb2Message m) {
        r.open("NEGOTIATE Request", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        int count = r.u16(66, "DialectCount", MessageReader.DEC);
        int securityMode = r.u16(68, "SecurityMode", v -> SecurityMode.describe((int) v));
        r.u16(70, "Reserved");
        int caps = (int) r.u32(72, "Capabilities", v -> Capabilities.describe((int) v));
        UUID guid = r.guid(76, "ClientGuid");
        r.array(100, count, 2, "DialectCount");
        int[] dialects = new int[count];
        boolean has311 = false;
        for (int i = 0; i < count; i++) {
            dialects[i] = MessageReader.le16(r.b, 100 + 2 * i);
            has311 |= dialects[i] == Dialect.SMB_3_1_1;
        }
        List<NegotiateContext> contexts = List.of();
        if (has311) {
            long ctxOff = r.u32(92, "NegotiateContextOffset");
            int ctxCount = r.u16(96, "NegotiateContextCount", MessageReader.DEC);
            r.u16(98, "Reserved2");
            r.open("Dialects", 100, Dialect.names(dialects).toString());
            for (int i = 0; i < count; i++) {
                r.u16(100 + 2 * i, "Dialect", v -> Dialect.name((int) v));
            }
            r.close(100 + 2 * count);
            contexts = NegotiateContext.readList(r, ctxOff, ctxCount, "NegotiateContextOffset", "NegotiateContextCount");
        } else {
            r.u64(92, "ClientStartTime");
            r.open("Dialects", 100, Dialect.names(dialects).toString());
            for (int i = 0; i < count; i++) {
                r.u16(100 + 2 * i, "Dialect", v -> Dialect.name((int) v));
            }
            r.close(100 + 2 * count);
        }
        r.close(m.keptLength());
        return new NegotiateRequest(securityMode, caps, guid, dialects, contexts);
    }

    /**
     * The whole message: {@code header} (its Command must be NEGOTIATE) followed by this body; the
     * contexts are written only when the dialects include 3.1.1 (MS-SMB2 2.2.3).
     */
    public byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.NEGOTIATE || header.isResponse()) {
            throw new IllegalArgumentException("header is not a NEGOTIATE request header");
        }
        LeWriter w = new LeWriter(256);
        w.bytes(header.encode());
        w.u16(STRUCTURE_SIZE).u16(dialects.length).u16(securityMode).u16(0).u32(caps()).guid(clientGuid);
        boolean withContexts = offers(Dialect.SMB_3_1_1) && !contexts.isEmpty();
        int ctxOffsetAt = w.position();
        w.u32(0).u16(withContexts ? contexts.size() : 0).u16(0);
        for (int d : dialects) {
            w.u16(d);
        }
        if (withContexts) {
            w.align(0, 8);
            w.put32(ctxOffsetAt, w.position());
            NegotiateContext.writeList(w, contexts);
        }
        return w.toByteArray();
    }

    private long caps() {
        return capabilities & 0xffffffffL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NegotiateRequest n && securityMode == n.securityMode && capabilities == n.capabilities
                && clientGuid.equals(n.clientGuid) && Arrays.equals(dialects, n.dialects) && contexts.equals(n.contexts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(securityMode, capabilities, clientGuid, Arrays.hashCode(dialects), contexts);
    }

    @Override
    public String toString() {
        return "NegotiateRequest[securityMode=" + SecurityMode.describe(securityMode) + ", capabilities="
                + Capabilities.describe(capabilities) + ", clientGuid=" + clientGuid + ", dialects=" + dialectNames()
                + ", contexts=" + contexts + "]";
    }
}
