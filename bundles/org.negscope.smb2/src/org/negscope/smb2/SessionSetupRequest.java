package org.negscope.smb2;

import java.util.Arrays;
import java.util.Objects;

/**
 * SMB2 SESSION_SETUP request (MS-SMB2 2.2.5). Offsets from the ProtocolId:
 * <pre>
 * 64 StructureSize (25)  66 Flags (1)  67 SecurityMode (1)  68 Capabilities  72 Channel
 * 76 SecurityBufferOffset (2)  78 SecurityBufferLength (2)  80 PreviousSessionId  88 Buffer
 * </pre>
 */
public record SessionSetupRequest(int flags, int securityMode, int capabilities, long channel,
        long previousSessionId, byte[] securityBuffer) {
    public static final int STRUCTURE_SIZE = 25;
    /** SMB2_SESSION_FLAG_BINDING: bind an existing session to a new channel (3.x multichannel). */
    public static final int FLAG_BINDING = 0x01;
    static final int BUFFER_OFFSET = 88;

    public SessionSetupRequest {
        securityBuffer = securityBuffer == null ? new byte[0] : securityBuffer.clone();
    }

    @Override
    public byte[] securityBuffer() {
        return securityBuffer.clone();
    }

    /** The SPNEGO token (or raw NTLMSSP) in the SecurityBuffer. */
    public Spnego spnego() {
        return Spnego.decode(securityBuffer);
    }

    /** The NTLMSSP message (NEGOTIATE or AUTHENTICATE) inside, or null (Kerberos, empty). */
    public NtlmMessage ntlmssp() {
        return SecurityBlob.ntlmssp(securityBuffer);
    }

    public static SessionSetupRequest decode(Smb2Message m) {
        return read(Body.reader("SessionSetupRequest", m, false, Smb2Command.SESSION_SETUP, false), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = Body.reader("SessionSetupRequest", m, true, Smb2Command.SESSION_SETUP, false);
        read(r, m);
        return r.tree("SMB2 SESSION_SETUP Request", "");
    }

    private static SessionSetupRequest read(MessageReader r, Smb2Message m) {
        r.open("SESSION_SETUP Request", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        int flags = r.u8(66, "Flags", v -> v == 1 ? "0x01 (BINDING)" : String.format("0x%02x", v));
        int mode = r.u8(67, "SecurityMode", v -> SecurityMode.describe((int) v));
        int caps = (int) r.u32(68, "Capabilities", v -> Capabilities.describe((int) v));
        long channel = r.u32(72, "Channel");
        int sbOff = r.u16(76, "SecurityBufferOffset");
        int sbLen = r.u16(78, "SecurityBufferLength", MessageReader.DEC);
        long prev = r.u64(80, "PreviousSessionId");
        byte[] sb = SecurityBlob.read(r, sbOff, sbLen);
        r.close(m.keptLength());
        return new SessionSetupRequest(flags, mode, caps, channel, prev, sb);
    }

    /** The whole message: {@code header} (Command SESSION_SETUP) + this body, the security buffer at offset 88. */
    public byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.SESSION_SETUP || header.isResponse()) {
            throw new IllegalArgumentException("header is not a SESSION_SETUP request header");
        }
        LeWriter w = new LeWriter(BUFFER_OFFSET + securityBuffer.length);
        w.bytes(header.encode()).u16(STRUCTURE_SIZE).u8(flags).u8(securityMode).u32(capabilities & 0xffffffffL)
                .u32(channel).u16(securityBuffer.length == 0 ? 0 : BUFFER_OFFSET).u16(securityBuffer.length)
                .u64(previousSessionId).bytes(securityBuffer);
        if (securityBuffer.length == 0) {
            w.u8(0);
        }
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionSetupRequest s && flags == s.flags && securityMode == s.securityMode
                && capabilities == s.capabilities && channel == s.channel && previousSessionId == s.previousSessionId
                && Arrays.equals(securityBuffer, s.securityBuffer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, securityMode, capabilities, channel, previousSessionId);
    }

    @Override
    public String toString() {
        return "SessionSetupRequest[flags=" + flags + ", securityMode=" + SecurityMode.describe(securityMode)
                + ", capabilities=" + Capabilities.describe(capabilities) + ", securityBuffer=" + securityBuffer.length
                + " bytes]";
    }
}
