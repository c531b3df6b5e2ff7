package org.negscope.smb2;

import java.util.Arrays;
import java.util.Objects;

/**
 * SMB2 IOCTL response (MS-SMB2 2.2.32). Offsets from the ProtocolId:
 * <pre>
 *  64 StructureSize (49)  66 Reserved  68 CtlCode  72 FileId (16)  88 InputOffset  92 InputCount
 *  96 OutputOffset  100 OutputCount  104 Flags  108 Reserved2  112 Buffer
 * </pre>
 * Failed IOCTLs are answered with an {@link ErrorResponse} instead (StructureSize 9); check
 * {@link ErrorResponse#isErrorResponse} first.
 */
public record IoctlResponse(int ctlCode, FileId fileId, byte[] input, byte[] output, int flags, int outputOffset) {
    public static final int STRUCTURE_SIZE = 49;
    static final int BUFFER_OFFSET = 112;

    public IoctlResponse {
        Objects.requireNonNull(fileId, "fileId");
        input = input == null ? new byte[0] : input.clone();
        output = output == null ? new byte[0] : output.clone();
    }

    @Override
    public byte[] input() {
        return input.clone();
    }

    @Override
    public byte[] output() {
        return output.clone();
    }

    public boolean isValidateNegotiateInfo() {
        return ctlCode == CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO;
    }

    public static IoctlResponse decode(Smb2Message m) {
        return read(Body.reader("IoctlResponse", m, false, Smb2Command.IOCTL, true), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = Body.reader("IoctlResponse", m, true, Smb2Command.IOCTL, true);
        read(r, m);
        return r.tree("SMB2 IOCTL Response", "");
    }

    private static IoctlResponse read(MessageReader r, Smb2Message m) {
        r.open("IOCTL Response", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        r.u16(66, "Reserved");
        int ctl = (int) r.u32(68, "CtlCode", v -> String.format("0x%08x (%s)", v, CtlCode.name((int) v)));
        FileId fileId = FileId.read(r, 72, "FileId");
        long inOff = r.u32(88, "InputOffset");
        long inCount = r.u32(92, "InputCount", MessageReader.DEC);
        long outOff = r.u32(96, "OutputOffset");
        long outCount = r.u32(100, "OutputCount", MessageReader.DEC);
        int flags = (int) r.u32(104, "Flags");
        r.u32(108, "Reserved2");
        r.pointer("InputOffset", inOff, "InputCount", inCount);
        r.pointer("OutputOffset", outOff, "OutputCount", outCount);
        byte[] in = inCount == 0 ? new byte[0] : r.bytes((int) inOff, (int) inCount, "Buffer (input)");
        byte[] out = IoctlRequest.readBuffer(r, ctl, (int) outOff, (int) outCount, false);
        r.close(m.keptLength());
        return new IoctlResponse(ctl, fileId, in, out, flags, outCount == 0 ? 0 : (int) outOff);
    }

    /** The whole message: {@code header} (Command IOCTL, response) + this body, the output at offset 112. */
    public byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.IOCTL || !header.isResponse()) {
            throw new IllegalArgumentException("header is not an IOCTL response header");
        }
        LeWriter w = new LeWriter(BUFFER_OFFSET + input.length + output.length);
        w.bytes(header.encode());
        w.u16(STRUCTURE_SIZE).u16(0).u32(ctlCode & 0xffffffffL).u64(fileId.persistent()).u64(fileId.volatileId());
        w.u32(input.length == 0 ? 0 : BUFFER_OFFSET).u32(input.length)
                .u32(output.length == 0 ? 0 : BUFFER_OFFSET + input.length).u32(output.length)
                .u32(flags & 0xffffffffL).u32(0).bytes(input).bytes(output);
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IoctlResponse i && ctlCode == i.ctlCode && fileId.equals(i.fileId)
                && Arrays.equals(input, i.input) && Arrays.equals(output, i.output) && flags == i.flags;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ctlCode, fileId, Arrays.hashCode(output), flags);
    }

    @Override
    public String toString() {
        return "IoctlResponse[" + CtlCode.name(ctlCode) + ", fileId=" + fileId + ", output=" + output.length + " bytes]";
    }
}
