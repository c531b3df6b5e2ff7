package org.negscope.smb2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SMB2 ERROR response (MS-SMB2 2.2.2): what a server sends instead of the command's response body when
 * it fails. Offsets: 64 StructureSize (9), 66 ErrorContextCount, 67 Reserved, 68 ByteCount, 72 ErrorData.
 * With 3.1.1 and ErrorContextCount &gt; 0 the ErrorData is a list of SMB2 ERROR Context (2.2.2.1):
 * ErrorDataLength (4), ErrorId (4), ErrorContextData, 8-byte aligned.
 * <p>
 * Tolerant where peers are: MS-SMB2 asks for one ErrorData byte when ByteCount is 0; some servers omit it.
 */
public record ErrorResponse(long status, int errorContextCount, long byteCount, byte[] errorData,
        List<ErrorContext> contexts) {
    public static final int STRUCTURE_SIZE = 9;

    /** One SMB2 ERROR Context. ErrorId 0 = default, 0x72727473 = SHARE_REDIRECT. */
    public record ErrorContext(long errorId, byte[] data) {
        public ErrorContext {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ErrorContext e && errorId == e.errorId && Arrays.equals(data, e.data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(errorId) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return String.format("ErrorContext[errorId=0x%08x, %d bytes]", errorId, data.length);
        }
    }

    public ErrorResponse {
        errorData = errorData == null ? new byte[0] : errorData.clone();
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
    }

    @Override
    public byte[] errorData() {
        return errorData.clone();
    }

    public String statusName() {
        return NtStatus.name(status);
    }

    /**
     * True for a response whose body is an ERROR response: status is not success and the body's
     * StructureSize is 9. (Some commands answer certain statuses with their normal body, e.g.
     * MORE_PROCESSING_REQUIRED for SESSION_SETUP, BUFFER_OVERFLOW for IOCTL/READ — those have another StructureSize.)
     */
    public static boolean isErrorResponse(Smb2Message m) {
        Smb2Header h = m.header();
        if (!h.isResponse() || h.status() == NtStatus.SUCCESS || m.keptLength() < Smb2Header.SIZE + 2) {
            return false;
        }
        // SESSION_SETUP's own response also has StructureSize 9; with MORE_PROCESSING_REQUIRED it is that one.
        if (h.command() == Smb2Command.SESSION_SETUP && h.status() == NtStatus.MORE_PROCESSING_REQUIRED) {
            return false;
        }
        return MessageReader.le16(m.bytesInternal(), Smb2Header.SIZE) == STRUCTURE_SIZE;
    }

    public static ErrorResponse decode(Smb2Message m) {
        return read(reader(m, false), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = reader(m, true);
        read(r, m);
        return r.tree("SMB2 " + m.header().commandName() + " Response (ERROR)", m.header().statusName());
    }

    private static MessageReader reader(Smb2Message m, boolean record) {
        if (!m.header().isResponse()) {
            throw new Smb2FormatException("ErrorResponse: the message is " + Body.what(m.header()));
        }
        MessageReader r = MessageReader.of("ErrorResponse", m, record);
        if (record) {
            Smb2Header.read(r, 0);
        }
        return r;
    }

    private static ErrorResponse read(MessageReader r, Smb2Message m) {
        r.open("ERROR Response", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, null);
        int ctxCount = r.u8(66, "ErrorContextCount");
        r.u8(67, "Reserved");
        long byteCount = r.u32(68, "ByteCount", MessageReader.DEC);
        int dataOff = 72;
        byte[] data;
        List<ErrorContext> contexts = new ArrayList<>();
        if (byteCount == 0) {
            data = new byte[0];
            if (r.size() > dataOff) {
                r.field("ErrorData", dataOff, 1, "(1 padding byte)");
            }
        } else {
            r.pointer("ErrorData", dataOff, "ByteCount", byteCount);
            data = r.bytes(dataOff, (int) byteCount, "ErrorData");
            if (ctxCount > 0) {
                int off = dataOff;
                int end = dataOff + (int) byteCount;
                r.array(off, ctxCount, 8, "ErrorContextCount");
                for (int i = 0; i < ctxCount; i++) {
                    off = i == 0 ? off : Body.align8(off);
                    String name = "ErrorContext[" + i + "]";
                    r.need(off, 8, name);
                    r.open(name, off, "");
                    long len = r.u32(off, "ErrorDataLength", MessageReader.DEC);
                    long id = r.u32(off + 4, "ErrorId");
                    if (off + 8 + len > end) {
                        throw r.error(name + ".ErrorDataLength", len + " at offset 0x" + Integer.toHexString(off)
                                + " runs past ByteCount " + byteCount);
                    }
                    byte[] cd = r.bytes(off + 8, (int) len, "ErrorContextData");
                    contexts.add(new ErrorContext(id, cd));
                    off += 8 + (int) len;
                    r.close(off);
                }
            }
        }
        r.close(m.keptLength());
        return new ErrorResponse(m.header().status(), ctxCount, byteCount, data, contexts);
    }

    /** The whole message: {@code header} (a response, its Status the error) + an ERROR body without contexts. */
    public static byte[] encode(Smb2Header header, byte[] errorData) {
        LeWriter w = new LeWriter(Smb2Header.SIZE + 9 + errorData.length);
        w.bytes(header.encode()).u16(STRUCTURE_SIZE).u8(0).u8(0).u32(errorData.length);
        if (errorData.length == 0) {
            w.u8(0);
        } else {
            w.bytes(errorData);
        }
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorResponse e && status == e.status && errorContextCount == e.errorContextCount
                && byteCount == e.byteCount && Arrays.equals(errorData, e.errorData) && contexts.equals(e.contexts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(status) * 31 + Arrays.hashCode(errorData);
    }

    @Override
    public String toString() {
        return "ErrorResponse[" + statusName() + ", byteCount=" + byteCount + ", contexts=" + contexts + "]";
    }
}
