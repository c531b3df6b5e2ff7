package org.negscope.report;

import java.util.List;
import java.util.UUID;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureReport;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.capture.CaptureWarning;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.FileId;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.CtlCode;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * Synthetic analysis results for the renderers' unit tests (the renderers only read the model; end-to-end
 * tests on real captures belong with the analysis). Messages are built with the smb2 bundle's encoders.
 */
final class Fixtures {
    private Fixtures() {}

    static final UUID CLIENT_GUID = UUID.fromString("6c1b3a5e-0f7d-4d0e-9a4b-2f1e8c7d6b5a");
    static final UUID SERVER_GUID = UUID.fromString("a1b2c3d4-e5f6-4711-8899-aabbccddeeff");
    static final int[] DIALECTS = {Dialect.SMB_2_0_2, Dialect.SMB_2_1, Dialect.SMB_3_0, Dialect.SMB_3_0_2};

    static Smb2Message negotiateRequest(int securityMode, int caps, int[] dialects) {
        byte[] b = new NegotiateRequest(securityMode, caps, CLIENT_GUID, dialects, List.of())
                .encode(Smb2Header.request(Smb2Command.NEGOTIATE, 0, 0, 0));
        return Smb2Message.of(b);
    }

    static Smb2Message negotiateResponse(int securityMode, int caps, int dialect) {
        Smb2Header h = new Smb2Header(1, 0, Smb2Command.NEGOTIATE, 1, Smb2Header.FLAGS_SERVER_TO_REDIR, 0, 0, 0, 0, 0, 0, null);
        byte[] b = new NegotiateResponse(securityMode, dialect, SERVER_GUID, caps, 8388608, 8388608, 8388608, 0, 0, null, List.of())
                .encode(h);
        return Smb2Message.of(b);
    }

    static Smb2Message validateRequest(int securityMode, int caps, int[] dialects) {
        Smb2Header h = new Smb2Header(1, 0, Smb2Command.IOCTL, 1, Smb2Header.FLAGS_SIGNED, 0, 5, 0, 1, 0, 0x1234, new byte[16]);
        byte[] b = IoctlRequest.validateNegotiateInfo(new ValidateNegotiateInfoRequest(caps, CLIENT_GUID, securityMode, dialects), 24)
                .encode(h);
        return Smb2Message.of(b);
    }

    static Smb2Message validateResponse(int securityMode, int caps, int dialect) {
        Smb2Header h = new Smb2Header(1, 0, Smb2Command.IOCTL, 1, Smb2Header.FLAGS_SERVER_TO_REDIR | Smb2Header.FLAGS_SIGNED, 0, 5, 0,
                1, 0, 0x1234, new byte[16]);
        byte[] out = new ValidateNegotiateInfoResponse(caps, SERVER_GUID, securityMode, dialect).encode();
        byte[] b = new IoctlResponse(CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.ALL_ONES, null, out, 0, 0).encode(h);
        return Smb2Message.of(b);
    }

    /** An error answer (e.g. STATUS_NOT_SUPPORTED), signed: SMB2 ERROR body. */
    static Smb2Message validateError(long status) {
        Smb2Header h = new Smb2Header(1, status, Smb2Command.IOCTL, 1, Smb2Header.FLAGS_SERVER_TO_REDIR | Smb2Header.FLAGS_SIGNED, 0,
                5, 0, 1, 0, 0x1234, new byte[16]);
        byte[] hb = h.encode();
        byte[] b = new byte[hb.length + 9];
        System.arraycopy(hb, 0, b, 0, hb.length);
        b[hb.length] = 9; // ERROR StructureSize 9, ByteCount 0, one byte of ErrorData
        return Smb2Message.of(b);
    }

    /** A client-side capture of a WAN device that strips SIGNING_REQUIRED and two capability bits from the NEGOTIATE response. */
    static ConnectionReport responseMismatchDecoded() {
        return new ConnectionReport(0, "10.0.0.2:50432", "10.0.0.9:445", "3.0.2", Verdict.RESPONSE_MISMATCH, true,
                "The server's VALIDATE response differs from the NEGOTIATE response in SecurityMode and Capabilities.",
                List.of(new Difference("response", "Capabilities", "0x00000007", "0x0000004f"),
                        new Difference("response", "SecurityMode", "0x0001", "0x0003")),
                SignatureStatus.VALID, TerminatedBy.CLIENT, new ConnectionReport.Frames(4, 5, 12, 13, 14), "MS-SMB2 3.2.5.14.12",
                negotiateRequest(0x01, 0x7f, DIALECTS), negotiateResponse(0x01, 0x07, Dialect.SMB_3_0_2),
                validateRequest(0x01, 0x7f, DIALECTS), validateResponse(0x03, 0x4f, Dialect.SMB_3_0_2));
    }

    /** The same verdict with no decoded messages: only the differences are known. */
    static ConnectionReport responseMismatchDifferencesOnly() {
        return new ConnectionReport(0, "10.0.0.2:50432", "10.0.0.9:445", "3.0.2", Verdict.RESPONSE_MISMATCH, true,
                "The server's VALIDATE response differs from the NEGOTIATE response in SecurityMode.",
                List.of(new Difference("response", "SecurityMode", "0x0001", "0x0003")), SignatureStatus.UNVERIFIED, TerminatedBy.CLIENT,
                new ConnectionReport.Frames(4, 5, 12, 13, 14), "MS-SMB2 3.2.5.14.12", null, null, null, null);
    }

    static ConnectionReport requestMismatchDialects() {
        return new ConnectionReport(0, "10.0.0.2:50433", "10.0.0.9:445", "2.1", Verdict.REQUEST_MISMATCH, true,
                "The client's VALIDATE request lists dialects its NEGOTIATE request did not carry.",
                List.of(new Difference("request", "Dialects", "[2.0.2, 2.1]", "[2.0.2, 2.1, 3.0, 3.0.2]")), SignatureStatus.NONE,
                TerminatedBy.SERVER, new ConnectionReport.Frames(20, 21, 30, 0, 31), "MS-SMB2 3.3.5.15.12", null, null, null, null);
    }

    static ConnectionReport notSent() {
        return new ConnectionReport(1, "[fe80::2]:50500", "[fe80::9]:445", "3.0", Verdict.NOT_SENT, false,
                "Signed SMB 3.0 session with a tree connect but no VALIDATE.", List.of(), SignatureStatus.NONE, TerminatedBy.NONE,
                new ConnectionReport.Frames(3, 4, 0, 0, 0), "MS-SMB2 3.2.5.5", null, null, null, null);
    }

    static ConnectionReport validatedDecoded() {
        return new ConnectionReport(0, "10.0.0.3:50000", "10.0.0.9:445", "3.0.2", Verdict.VALIDATED, false,
                "VALIDATE values equal the NEGOTIATE values; response signed.", List.of(), SignatureStatus.UNVERIFIED, TerminatedBy.NONE,
                new ConnectionReport.Frames(40, 41, 50, 51, 0), "MS-SMB2 3.2.5.14.12",
                negotiateRequest(0x01, 0x7f, DIALECTS), negotiateResponse(0x01, 0x4f, Dialect.SMB_3_0_2),
                validateRequest(0x01, 0x7f, DIALECTS), validateResponse(0x01, 0x4f, Dialect.SMB_3_0_2));
    }

    static ConnectionReport refusedNotSupported() {
        return new ConnectionReport(0, "10.0.0.4:50001", "10.0.0.10:445", "3.0", Verdict.SERVER_REFUSED, false,
                "The server answered STATUS_NOT_SUPPORTED (signed).", List.of(), SignatureStatus.VALID, TerminatedBy.NONE,
                new ConnectionReport.Frames(60, 61, 70, 71, 0), "MS-SMB2 3.2.5.14.12",
                negotiateRequest(0x01, 0x7f, DIALECTS), negotiateResponse(0x01, 0x07, Dialect.SMB_3_0),
                validateRequest(0x01, 0x7f, DIALECTS), validateError(NtStatus.NOT_SUPPORTED));
    }

    static AnalysisResult result(ConnectionReport... connections) {
        return new AnalysisResult(List.of(
                new CaptureReport("captures/client-side.pcapng", "pcapng", 123,
                        List.of(new CaptureWarning("captures/client-side.pcapng", 7, 4096, "IPv4 fragment not reassembled"))),
                new CaptureReport("captures/server-side.pcap", "pcap", 45, List.of())), List.of(connections));
    }
}
