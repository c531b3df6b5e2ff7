package org.negscope.smb2;

import java.util.Arrays;
import java.util.Objects;

/**
 * SMB2 IOCTL request (MS-SMB2 2.2.31). Offsets from the ProtocolId:
 * <pre>
 *  64 StructureSize (57)  66 Reserved  68 CtlCode  72 FileId (16)  88 InputOffset  92 InputCount
 *  96 MaxInputResponse  100 OutputOffset  104 OutputCount  108 MaxOutputResponse  112 Flags
 * 116 Reserved2  120 Buffer
 * </pre>
 * {@code inputOffset} is where the input lies in the message (for linking to the hex view); it is not
 * part of equality.
 */
public record IoctlRequest(int ctlCode, FileId fileId, byte[] input, long maxInputResponse, byte[] output,
        long maxOutputResponse, int flags, int inputOffset) {
    public static final int STRUCTURE_SIZE = 57;
    /** SMB2_0_IOCTL_IS_FSCTL */
    public static final int FLAG_IS_FSCTL = 0x00000001;
    static final int BUFFER_OFFSET = 120;

    public IoctlRequest {
        Objects.requireNonNull(fileId, "fileId");
        input = input == null ? new byte[0] : input.clone();
        output = output == null ? new byte[0] : output.clone();
    }

    /** An FSCTL with input only, as clients send them. */
    public static IoctlRequest fsctl(int ctlCode, FileId fileId, byte[] input, long maxOutputResponse) {
        return new IoctlRequest(ctlCode, fileId, input, 0, null, maxOutputResponse, FLAG_IS_FSCTL, BUFFER_OFFSET);
    }

    /** FSCTL_VALIDATE_NEGOTIATE_INFO with FileId all 0xFF (MS-SMB2 3.2.4.20.13 / 3.3.5.15.12: MaxOutputResponse at least 24). */
    public static IoctlRequest validateNegotiateInfo(ValidateNegotiateInfoRequest vni, long maxOutputResponse) {
        return fsctl(CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.ALL_ONES, vni.encode(), maxOutputResponse);
    }

    @Override
    public byte[] input() {
        return input.clone();
    }

    @Override
    public byte[] output() {
        return output.clone();
    }

    public boolean isFsctl() {
        return (flags & FLAG_IS_FSCTL) != 0;
    }

    public boolean isValidateNegotiateInfo() {
        return ctlCode == CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO;
    }

    public static IoctlRequest decode(Smb2Message m) {
        return read(Body.reader("IoctlRequest", m, false, Smb2Command.IOCTL, false), m);
    }

    public static Field describe(Smb2Message m) {
        MessageReader r = Body.reader("IoctlRequest", m, true, Smb2Command.IOCTL, false);
        read(r, m);
        return r.tree("SMB2 IOCTL Request", "");
    }

    private static IoctlRequest read(MessageReader r, Smb2Message m) {
        r.open("IOCTL Request", 64, "");
        Body.structureSize(r, STRUCTURE_SIZE, m);
        r.u16(66, "Reserved");
        int ctl = (int) r.u32(68, "CtlCode", v -> String.format("0x%08x (%s)", v, CtlCode.name((int) v)));
        FileId fileId = FileId.read(r, 72, "FileId");
        long inOff = r.u32(88, "InputOffset");
        long inCount = r.u32(92, "InputCount", MessageReader.DEC);
        long maxIn = r.u32(96, "MaxInputResponse", MessageReader.DEC);
        long outOff = r.u32(100, "OutputOffset");
        long outCount = r.u32(104, "OutputCount", MessageReader.DEC);
        long maxOut = r.u32(108, "MaxOutputResponse", MessageReader.DEC);
        int flags = (int) r.u32(112, "Flags", v -> v == 1 ? "0x00000001 (IS_FSCTL)" : String.format("0x%08x", v));
        r.u32(116, "Reserved2");
        r.pointer("InputOffset", inOff, "InputCount", inCount);
        r.pointer("OutputOffset", outOff, "OutputCount", outCount);
        byte[] in = readBuffer(r, ctl, (int) inOff, (int) inCount, true);
        byte[] out = outCount == 0 ? new byte[0] : r.bytes((int) outOff, (int) outCount, "Buffer (output)");
        r.close(m.keptLength());
        return new IoctlRequest(ctl, fileId, in, maxIn, out, maxOut, flags, inCount == 0 ? 0 : (int) inOff);
    }

    static byte[] readBuffer(MessageReader r, int ctl, int off, int count, boolean request) {
        if (count == 0) {
            return new byte[0];
        }
        if (r.recording() && ctl == CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO) {
            r.open(request ? "Buffer (VALIDATE_NEGOTIATE_INFO Request)" : "Buffer (VALIDATE_NEGOTIATE_INFO Response)",
                    off, "");
            int mark = r.mark();
            try {
                MessageReader sub = r.sub(r.type, off, off + count, "input at offset 0x" + Integer.toHexString(off));
                if (request) {
                    ValidateNegotiateInfoRequest.read(sub, off);
                } else {
                    ValidateNegotiateInfoResponse.read(sub, off);
                }
            } catch (Smb2FormatException e) {
                r.reset(mark, off + count);
                r.field("(malformed)", off, count, e.getMessage());
            }
            r.close(off + count);
            byte[] v = new byte[count];
            System.arraycopy(r.b, off, v, 0, count);
            return v;
        }
        return r.bytes(off, count, request ? "Buffer (input)" : "Buffer (output)");
    }

    /** The whole message: {@code header} (Command IOCTL) + this body, the input at offset 120. */
    public byte[] encode(Smb2Header header) {
        if (header.command() != Smb2Command.IOCTL || header.isResponse()) {
            throw new IllegalArgumentException("header is not an IOCTL request header");
        }
        LeWriter w = new LeWriter(BUFFER_OFFSET + input.length + output.length);
        w.bytes(header.encode());
        int outOff = BUFFER_OFFSET + input.length;
        w.u16(STRUCTURE_SIZE).u16(0).u32(ctlCode & 0xffffffffL);
        w.u64(fileId.persistent()).u64(fileId.volatileId());
        w.u32(input.length == 0 ? 0 : BUFFER_OFFSET).u32(input.length).u32(maxInputResponse)
                .u32(output.length == 0 ? 0 : outOff).u32(output.length).u32(maxOutputResponse)
                .u32(flags & 0xffffffffL).u32(0);
        w.bytes(input).bytes(output);
        if (input.length == 0 && output.length == 0) {
            w.u8(0); // StructureSize 57 counts one byte of Buffer
        }
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IoctlRequest i && ctlCode == i.ctlCode && fileId.equals(i.fileId)
                && Arrays.equals(input, i.input) && maxInputResponse == i.maxInputResponse
                && Arrays.equals(output, i.output) && maxOutputResponse == i.maxOutputResponse && flags == i.flags;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ctlCode, fileId, Arrays.hashCode(input), maxOutputResponse, flags);
    }

    @Override
    public String toString() {
        return "IoctlRequest[" + CtlCode.name(ctlCode) + ", fileId=" + fileId + ", input=" + input.length
                + " bytes, maxOutputResponse=" + maxOutputResponse + ", flags=" + flags + "]";
    }
}
