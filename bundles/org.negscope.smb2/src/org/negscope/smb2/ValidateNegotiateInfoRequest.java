package org.negscope.smb2;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * VALIDATE_NEGOTIATE_INFO request (MS-SMB2 2.2.31.4), the input of IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO:
 * Capabilities (4), Guid (16, the ClientGuid), SecurityMode (2), DialectCount (2), Dialects[].
 * The server compares each field with what the NEGOTIATE request carried (3.3.5.15.12).
 */
public record ValidateNegotiateInfoRequest(int capabilities, UUID guid, int securityMode, int[] dialects) {
    public ValidateNegotiateInfoRequest {
        Objects.requireNonNull(guid, "guid");
        dialects = dialects.clone();
    }

    @Override
    public int[] dialects() {
        return dialects.clone();
    }

    public List<String> dialectNames() {
        return Dialect.names(dialects);
    }

    /** From the input bytes of an IOCTL request. */
    public static ValidateNegotiateInfoRequest decode(byte[] input) {
        return read(new MessageReader("ValidateNegotiateInfoRequest", input, 0, input.length, input.length,
                "IOCTL input", false), 0);
    }

    /** From an IOCTL request message; its CtlCode must be FSCTL_VALIDATE_NEGOTIATE_INFO. */
    public static ValidateNegotiateInfoRequest decode(Smb2Message m) {
        IoctlRequest io = IoctlRequest.decode(m);
        if (!io.isValidateNegotiateInfo()) {
            throw new Smb2FormatException("ValidateNegotiateInfoRequest: IOCTL CtlCode is " + CtlCode.name(io.ctlCode())
                    + ", not FSCTL_VALIDATE_NEGOTIATE_INFO");
        }
        byte[] b = m.bytesInternal();
        int off = io.inputOffset();
        int len = io.input().length;
        return read(new MessageReader("ValidateNegotiateInfoRequest", b, off, off + len, len,
                "IOCTL input at offset 0x" + Integer.toHexString(off), false), off);
    }

    static ValidateNegotiateInfoRequest read(MessageReader r, int off) {
        int caps = (int) r.u32(off, "Capabilities", v -> Capabilities.describe((int) v));
        UUID guid = r.guid(off + 4, "Guid");
        int mode = r.u16(off + 20, "SecurityMode", v -> SecurityMode.describe((int) v));
        int count = r.u16(off + 22, "DialectCount", MessageReader.DEC);
        r.array(off + 24, count, 2, "DialectCount");
        int[] dialects = new int[count];
        for (int i = 0; i < count; i++) {
            dialects[i] = r.u16(off + 24 + 2 * i, "Dialects[" + i + "]", v -> Dialect.name((int) v));
        }
        return new ValidateNegotiateInfoRequest(caps, guid, mode, dialects);
    }

    /** The IOCTL input bytes. */
    public byte[] encode() {
        LeWriter w = new LeWriter(24 + 2 * dialects.length);
        w.u32(capabilities & 0xffffffffL).guid(guid).u16(securityMode).u16(dialects.length);
        for (int d : dialects) {
            w.u16(d);
        }
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidateNegotiateInfoRequest v && capabilities == v.capabilities && guid.equals(v.guid)
                && securityMode == v.securityMode && Arrays.equals(dialects, v.dialects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(capabilities, guid, securityMode, Arrays.hashCode(dialects));
    }

    @Override
    public String toString() {
        return "ValidateNegotiateInfoRequest[capabilities=" + Capabilities.describe(capabilities) + ", guid=" + guid
                + ", securityMode=" + SecurityMode.describe(securityMode) + ", dialects=" + dialectNames() + "]";
    }
}
