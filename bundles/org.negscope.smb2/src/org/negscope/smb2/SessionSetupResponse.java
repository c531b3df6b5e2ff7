package org.negscope.smb2;

import java.util.Arrays;

/**
 * SMB2 SESSION_SETUP response (MS-SMB2 2.2.6): 64 StructureSize (9), 66 SessionFlags, 68
 * SecurityBufferOffset, 70 SecurityBufferLength, 72 Buffer. Sent with STATUS_MORE_PROCESSING_REQUIRED
 * (more legs to come) or STATUS_SUCCESS; other statuses carry an {@link ErrorResponse}.
 */
public record SessionSetupResponse(int sessionFlags, byte[] securityBuffer) {
    public static final int STRUCTURE_SIZE = 9;
    public static final int IS_GUEST = 0x0001;
    public static final int IS_NULL = 0x0002;
    public static final int ENCRYPT_DATA = 0x0004;
    static final int BUFFER_OFFSET = 72;

    private static final String[] NAMES = {"IS_GUEST", "IS_NULL", "ENCRYPT_DATA"};

    public SessionSetupResponse {
        securityBuffer = securityBuffer == null ? new byte[0] : securityBuffer.clone();
    }

    @Override
    public byte[] securityBuffer() {
        return securityBuffer.clone();
    }

    public boolean isGuest() {
        return (sessionFlags & IS_GUEST) != 0;
    }

    public boolean isNull() {
        return (sessionFlags & IS_NULL) != 0;
    }

    public boolean encryptData() {
        return (sessionFlags & ENCRYPT_DATA) != 0;
    }

    public static String describeFlags(int flags) {
        return Flags.describe(flags & 0xffffL, 4, NAMES);
    }

    /** The SPNEGO token in the SecurityBuffer, or null when it is empty. */
    public Spnego spnego() {
        return securityBuffer.length == 0 ? null : Spnego.decode(securityBuffer);
    }

    /** The NTLMSSP message (CHALLENGE) inside, or null. */
    public NtlmMessage ntlmssp() {
        return SecurityBlob.ntlmssp(securityBuffer);
    }

    public static SessionSetupResponse decode(Smb2Message m) {
        return read(Body.reader("SessionSetupResponse", m, false, Smb2Command.SESSION_SETUP, true), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = Body.reader("SessionSetupResponse", m, true, Smb2Command.SESSION_SETUP, true);
        read(r, m);
        return r.tree("SMB2 SESSION_SETUP Response", m.header().statusName());
    }

    private static SessionSetupResponse read(MessageReader r, Smb2Message m) {
        r.open("SESSION_SETUP Response", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        int flags = r.u16(66, "SessionFlags", v -> describeFlags((int) v));
        int sbOff = r.u16(68, "SecurityBufferOffset");
        int sbLen = r.u16(70, "SecurityBufferLength", MessageReader.DEC);
        byte[] sb = SecurityBlob.read(r, sbOff, sbLen);
        r.close(m.keptLength());
        return new SessionSetupResponse(flags, sb);
    }

    public byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.SESSION_SETUP || !header.isResponse()) {
            throw new IllegalArgumentException("header is not a SESSION_SETUP response header");
        }
        LeWriter w = new LeWriter(BUFFER_OFFSET + securityBuffer.length);
        w.bytes(header.encode()).u16(STRUCTURE_SIZE).u16(sessionFlags)
                .u16(securityBuffer.length == 0 ? 0 : BUFFER_OFFSET).u16(securityBuffer.length).bytes(securityBuffer);
        if (securityBuffer.length == 0) {
            w.u8(0);
        }
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionSetupResponse s && sessionFlags == s.sessionFlags
                && Arrays.equals(securityBuffer, s.securityBuffer);
    }

    @Override
    public int hashCode() {
        return sessionFlags * 31 + Arrays.hashCode(securityBuffer);
    }

    @Override
    public String toString() {
        return "SessionSetupResponse[sessionFlags=" + describeFlags(sessionFlags) + ", securityBuffer="
                + securityBuffer.length + " bytes]";
    }
}
