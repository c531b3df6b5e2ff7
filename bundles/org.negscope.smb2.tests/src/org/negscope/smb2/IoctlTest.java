package org.negscope.smb2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class IoctlTest {

    /**
     * zeek-smb2-zero-byte-error-ioctl.pcapng frame 180, compound element 1: NT Status STATUS_INTERNAL_ERROR
     * (0xc00000e5), Ioctl Response StructureSize 0x0009, Error Context Count 0, Byte Count 0, Error Data 00
     * (tshark -O smb2); the element is 0x50 bytes (padding to the next 8-byte boundary).
     */
    @Test
    void zeroByteIoctlErrorResponse() {
        Smb2Message m = Real.decoded(Real.ZEEK_IOCTL).messages.stream()
                .filter(x -> x.firstFrame() == 180 && x.header().command() == Smb2Command.IOCTL).findFirst().orElseThrow();
        assertTrue(ErrorResponse.isErrorResponse(m));
        ErrorResponse e = ErrorResponse.decode(m);
        assertEquals(NtStatus.INTERNAL_ERROR, e.status());
        assertEquals("STATUS_INTERNAL_ERROR", e.statusName());
        assertEquals(0, e.errorContextCount());
        assertEquals(0, e.byteCount());
        assertEquals(0, e.errorData().length);
        Smb2FormatException x = assertThrows(Smb2FormatException.class, () -> IoctlResponse.decode(m));
        assertTrue(x.getMessage().contains("ERROR response"), x.getMessage());
        Field f = FieldTree.describe(m);
        assertEquals("SMB2 IOCTL Response (ERROR)", f.name());
        assertEquals("0", f.find("ByteCount").value());
    }

    /** tshark: frame 60 is an interim response, status 0x00000103 (PENDING), StructureSize 9, tcp.len 77. */
    @Test
    void interimPendingResponseIsAnErrorBody() {
        Smb2Message m = Real.decoded(Real.ZEEK_IOCTL).messages.stream().filter(x -> x.firstFrame() == 60).findFirst()
                .orElseThrow();
        assertTrue(m.header().isAsync());
        assertEquals(NtStatus.PENDING, m.header().status());
        assertTrue(ErrorResponse.isErrorResponse(m));
        assertEquals(73, m.length());
        assertEquals(0, ErrorResponse.decode(m).byteCount());
    }

    /**
     * zeek-smb2-zero-byte-error-ioctl.pcapng frames 53/54: FSCTL_PIPE_TRANSCEIVE (0x0011c017) request,
     * StructureSize 0x39, and its success response (0x31); tshark -O smb2: request "Max Ioctl Out Size: 65536",
     * in-data Blob Offset 0x78 Length 72 (a DCE/RPC Bind), File Id 7758afec-0000-0000-0faa-f55300000000;
     * response out-data Blob Offset 0x70 Length 68 (Bind_ack).
     */
    @Test
    void pipeTransceiveRequestAndResponse() {
        Smb2Message q = Real.message(Real.ZEEK_IOCTL, 53, Smb2Command.IOCTL, false);
        IoctlRequest r = IoctlRequest.decode(q);
        assertEquals(CtlCode.FSCTL_PIPE_TRANSCEIVE, r.ctlCode());
        assertTrue(r.isFsctl());
        assertFalse(r.isValidateNegotiateInfo());
        assertEquals(72, r.input().length);
        assertEquals(0x78, r.inputOffset());
        assertEquals(0x05, r.input()[0], "DCE/RPC version 5");
        assertEquals(0x0b, r.input()[2], "DCE/RPC Bind");
        assertEquals(65536, r.maxOutputResponse());
        assertArrayEquals(q.bytes(), r.encode(q.header()), "client lays IOCTL out as MS-SMB2 says");
        IoctlResponse s = IoctlResponse.decode(Real.message(Real.ZEEK_IOCTL, 54, Smb2Command.IOCTL, true));
        assertEquals(CtlCode.FSCTL_PIPE_TRANSCEIVE, s.ctlCode());
        assertEquals(r.fileId(), s.fileId());
        assertEquals(68, s.output().length);
    }

    /** Synthetic (no capture has a cleartext VALIDATE): what the probe sends, encoded and decoded back. */
    @Test
    void syntheticValidateNegotiateInfoRoundTrip() {
        UUID guid = UUID.fromString("72e780ba-8aac-11ea-923b-00155d51715a");
        ValidateNegotiateInfoRequest v = new ValidateNegotiateInfoRequest(0x7f, guid, 1,
                new int[] {0x0202, 0x0210, 0x0300, 0x0302});
        assertEquals(24 + 8, v.encode().length);
        IoctlRequest io = IoctlRequest.validateNegotiateInfo(v, 24);
        Smb2Header h = new Smb2Header(1, 0, Smb2Command.IOCTL, 1, Smb2Header.FLAGS_SIGNED, 0, 5, 0xfeff, 1, 0, 0x1234,
                null);
        byte[] msg = io.encode(h);
        Smb2Message m = Smb2Message.of(msg);
        IoctlRequest back = IoctlRequest.decode(m);
        assertEquals(io, back);
        assertTrue(back.fileId().isAllOnes());
        assertEquals(0x00140204, back.ctlCode());
        assertEquals(120, back.inputOffset());
        assertEquals(v, ValidateNegotiateInfoRequest.decode(m));
        assertEquals(v, ValidateNegotiateInfoRequest.decode(back.input()));
        assertEquals(List.of("2.0.2", "2.1", "3.0", "3.0.2"), v.dialectNames());
        Field tree = IoctlRequest.describe(m);
        Field dialects1 = tree.find("Dialects[1]");
        assertEquals(120 + 24 + 2, dialects1.offset());
        assertEquals("2.1", dialects1.value());

        ValidateNegotiateInfoResponse out = new ValidateNegotiateInfoResponse(0x2f,
                UUID.fromString("43dac220-0c24-4893-8e98-9fd62518e58a"), 1, 0x0302);
        IoctlResponse rsp = new IoctlResponse(CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.ALL_ONES, null, out.encode(),
                0, 0);
        Smb2Header rh = new Smb2Header(1, 0, Smb2Command.IOCTL, 1, 9, 0, 5, 0xfeff, 1, 0, 0x1234, null);
        Smb2Message rm = Smb2Message.of(rsp.encode(rh));
        assertEquals(out, ValidateNegotiateInfoResponse.decode(rm));
        assertEquals(112, IoctlResponse.decode(rm).outputOffset());
        assertEquals("3.0.2", IoctlResponse.describe(rm).find("Dialect").value());
    }

    @Test
    void syntheticValidateOnOtherCtlCodeIsRejected() {
        Smb2Message q = Real.message(Real.ZEEK_IOCTL, 53, Smb2Command.IOCTL, false);
        Smb2FormatException e = assertThrows(Smb2FormatException.class, () -> ValidateNegotiateInfoRequest.decode(q));
        assertTrue(e.getMessage().contains("FSCTL_PIPE_TRANSCEIVE"), e.getMessage());
    }

    @Test
    void syntheticSignedErrorAnswersAsOldServersSend() {
        for (long status : new long[] {NtStatus.NOT_SUPPORTED, NtStatus.INVALID_DEVICE_REQUEST, NtStatus.FILE_CLOSED,
                NtStatus.FS_DRIVER_REQUIRED, NtStatus.INVALID_PARAMETER, NtStatus.ACCESS_DENIED}) {
            Smb2Header h = new Smb2Header(1, status, Smb2Command.IOCTL, 1, 9, 0, 5, 0xfeff, 1, 0, 0x1234, new byte[16]);
            Smb2Message m = Smb2Message.of(ErrorResponse.encode(h, new byte[0]));
            assertTrue(ErrorResponse.isErrorResponse(m));
            assertTrue(m.header().isSigned());
            assertEquals(status, ErrorResponse.decode(m).status());
        }
    }
}
