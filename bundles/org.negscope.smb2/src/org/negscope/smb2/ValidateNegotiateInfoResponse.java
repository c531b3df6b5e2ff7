package org.negscope.smb2;

import java.util.Objects;
import java.util.UUID;

/**
 * VALIDATE_NEGOTIATE_INFO response (MS-SMB2 2.2.32.6), the output of a successful IOCTL
 * FSCTL_VALIDATE_NEGOTIATE_INFO: Capabilities (4), Guid (16, the ServerGuid), SecurityMode (2),
 * Dialect (2) = 24 bytes. The client compares each with the NEGOTIATE response (3.2.5.14.12).
 */
public record ValidateNegotiateInfoResponse(int capabilities, UUID guid, int securityMode, int dialect) {
    public static final int SIZE = 24;

    public ValidateNegotiateInfoResponse {
        Objects.requireNonNull(guid, "guid");
    }

    public String dialectName() {
        return Dialect.name(dialect);
    }

    /** From the output bytes of an IOCTL response; extra bytes after the 24 are ignored. */
    public static ValidateNegotiateInfoResponse decode(byte[] output) {
        return read(new MessageReader("ValidateNegotiateInfoResponse", output, 0, output.length, output.length,
                "IOCTL output", false), 0);
    }

    /** From an IOCTL response message; its CtlCode must be FSCTL_VALIDATE_NEGOTIATE_INFO. */
    public static ValidateNegotiateInfoResponse decode(Smb2Message m) {
        IoctlResponse io = IoctlResponse.decode(m);
        if (!io.isValidateNegotiateInfo()) {
            throw new Smb2FormatException("ValidateNegotiateInfoResponse: IOCTL CtlCode is "
                    + CtlCode.name(io.ctlCode()) + ", not FSCTL_VALIDATE_NEGOTIATE_INFO");
        }
        int off = io.outputOffset();
        int len = io.output().length;
        return read(new MessageReader("ValidateNegotiateInfoResponse", m.bytesInternal(), off, off + len, len,
                "IOCTL output at offset 0x" + Integer.toHexString(off), false), off);
    }

    static ValidateNegotiateInfoResponse read(MessageReader r, int off) {
        r.need(off, SIZE, "Dialect");
        int caps = (int) r.u32(off, "Capabilities", v -> Capabilities.describe((int) v));
        UUID guid = r.guid(off + 4, "Guid");
        int mode = r.u16(off + 20, "SecurityMode", v -> SecurityMode.describe((int) v));
        int dialect = r.u16(off + 22, "Dialect", v -> Dialect.name((int) v));
        return new ValidateNegotiateInfoResponse(caps, guid, mode, dialect);
    }

    /** The IOCTL output bytes. */
    public byte[] encode() {
        return new LeWriter(SIZE).u32(capabilities & 0xffffffffL).guid(guid).u16(securityMode).u16(dialect)
                .toByteArray();
    }

    @Override
    public String toString() {
        return "ValidateNegotiateInfoResponse[capabilities=" + Capabilities.describe(capabilities) + ", guid=" + guid
                + ", securityMode=" + SecurityMode.describe(securityMode) + ", dialect=" + dialectName() + "]";
    }
}
