package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.negscope.capture.Direction;
import org.negscope.capture.Endpoint;
import org.negscope.capture.TcpConnection;
import org.negscope.smb2.CtlCode;
import org.negscope.smb2.FileId;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtStatus;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Header;
import org.negscope.smb2.TreeConnectRequest;
import org.negscope.smb2.TreeConnectResponse;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * Synthetic streams fed straight into the {@link CaptureAnalyzer} listener: what a loopback capture cannot
 * show (a capture without the SYN whose reader guessed the roles backwards, an interim STATUS_PENDING answer,
 * messages cut into one-byte segments, a non-SMB protocol, a malformed VALIDATE payload). Messages are
 * built with the smb2 encoders; frame numbers and times are made up.
 */
class SyntheticStreamTest {
    static final UUID CLIENT_GUID = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final UUID SERVER_GUID = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    static final int[] DIALECTS = {0x0202, 0x0210, 0x0300, 0x0302};
    static final long SID = 0x0000400000000011L;

    /** One direction of a synthetic connection: NBSS-frames messages and feeds them. */
    static final class Feeder {
        final CaptureAnalyzer analyzer;
        final TcpConnection tcp;
        final long[] offsets = new long[2];
        long frame;
        int chunk = Integer.MAX_VALUE;

        Feeder(CaptureAnalyzer analyzer, TcpConnection tcp) {
            this.analyzer = analyzer;
            this.tcp = tcp;
            analyzer.connectionOpened(tcp);
        }

        /** A new connection 10.0.0.2:50000 -> 10.0.0.9:445 whose SYN was captured (the roles are certain). */
        static Feeder onNewConnection(CaptureAnalyzer analyzer) {
            return new Feeder(analyzer, new TcpConnection(0, new Endpoint(new byte[] {10, 0, 0, 2}, 50000),
                    new Endpoint(new byte[] {10, 0, 0, 9}, 445), 1, 0, true));
        }

        void send(Direction d, byte[] message) {
            byte[] framed = new byte[message.length + 4];
            framed[1] = (byte) (message.length >>> 16);
            framed[2] = (byte) (message.length >>> 8);
            framed[3] = (byte) message.length;
            System.arraycopy(message, 0, framed, 4, message.length);
            raw(d, framed);
        }

        void raw(Direction d, byte[] bytes) {
            for (int p = 0; p < bytes.length; p += chunk) {
                int n = Math.min(chunk, bytes.length - p);
                frame++;
                analyzer.data(tcp, d, ByteBuffer.wrap(bytes, p, n).slice(), offsets[d.ordinal()], frame, frame * 1_000_000L);
                offsets[d.ordinal()] += n;
            }
        }

        void close(Direction from, boolean reset) {
            frame++;
            analyzer.closed(tcp, from, reset, frame, frame * 1_000_000L);
        }
    }

    static Smb2Header req(int command, long messageId, long sessionId) {
        return Smb2Header.request(command, messageId, sessionId, 0);
    }

    static Smb2Header resp(int command, long messageId, long sessionId, long status, boolean signed) {
        return new Smb2Header(1, status, command, 1, Smb2Header.FLAGS_SERVER_TO_REDIR | (signed ? Smb2Header.FLAGS_SIGNED : 0),
                0, messageId, 0, 0, 0, sessionId, signed ? new byte[16] : null);
    }

    /** Client NEGOTIATE ... TREE_CONNECT on 3.0.2, sending each message from direction {@code c2s}. */
    static void handshake(Feeder f, Direction c2s, int sessionFlags) {
        Direction s2c = c2s.reverse();
        f.send(c2s, new NegotiateRequest(1, 0x7f, CLIENT_GUID, DIALECTS, null).encode(req(Smb2Command.NEGOTIATE, 0, 0)));
        f.send(s2c, new NegotiateResponse(1, 0x0302, SERVER_GUID, 0x2f, 65536, 65536, 65536, 0, 0, null, null)
                .encode(resp(Smb2Command.NEGOTIATE, 0, 0, 0, false)));
        f.send(c2s, new SessionSetupRequest(0, 1, 0, 0, 0, new byte[0]).encode(req(Smb2Command.SESSION_SETUP, 1, 0)));
        f.send(s2c, new SessionSetupResponse(sessionFlags, new byte[0]).encode(resp(Smb2Command.SESSION_SETUP, 1, SID, 0, true)));
        f.send(c2s, new TreeConnectRequest(0, "\\\\srv\\IPC$").encode(req(Smb2Command.TREE_CONNECT, 2, SID)));
        f.send(s2c, new TreeConnectResponse(2, 0, 0, 0x1f01ff).encode(resp(Smb2Command.TREE_CONNECT, 2, SID, 0, true)));
    }

    static byte[] validateRequest(long messageId) {
        return IoctlRequest.validateNegotiateInfo(new ValidateNegotiateInfoRequest(0x7f, CLIENT_GUID, 1, DIALECTS), 24)
                .encode(req(Smb2Command.IOCTL, messageId, SID));
    }

    static byte[] validateResponse(long messageId, int capabilities) {
        byte[] out = new ValidateNegotiateInfoResponse(capabilities, SERVER_GUID, 1, 0x0302).encode();
        return new IoctlResponse(CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.ALL_ONES, new byte[0], out, 0, 0)
                .encode(resp(Smb2Command.IOCTL, messageId, SID, 0, true));
    }

    /** Synthetic: no SYN in the capture, the reader took the server (port 8445) for the client. */
    @Test void rolesFromContentInterimAnswerAndProgressiveReports() {
        List<ConnectionReport> updates = new ArrayList<>();
        CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), new AnalysisListener() {
            @Override public void connectionUpdated(ConnectionReport r) { updates.add(r); }
        });
        Endpoint server = new Endpoint(new byte[] {10, 0, 0, 9}, 8445);
        Endpoint client = new Endpoint(new byte[] {10, 0, 0, 2}, 50432);
        TcpConnection tcp = new TcpConnection(0, server, client, 1, 0, false); // roles guessed backwards
        Feeder f = new Feeder(a, tcp);
        Direction c2s = Direction.SERVER_TO_CLIENT; // as the reader names it
        handshake(f, c2s, 0);                        // frames 1-6
        f.send(c2s, validateRequest(3));            // frame 7
        byte[] interim = new byte[] {9, 0, 0, 0, 0, 0, 0, 0}; // SMB2 ERROR body, StructureSize 9
        Smb2Header pending = new Smb2Header(1, NtStatus.PENDING, Smb2Command.IOCTL, 1,
                Smb2Header.FLAGS_SERVER_TO_REDIR | Smb2Header.FLAGS_ASYNC_COMMAND, 0, 3, 0, 0, 77, SID, null);
        byte[] interimMsg = new byte[64 + interim.length];
        System.arraycopy(pending.encode(), 0, interimMsg, 0, 64);
        System.arraycopy(interim, 0, interimMsg, 64, interim.length);
        f.send(c2s.reverse(), interimMsg);          // frame 8: interim, not the answer
        f.send(c2s.reverse(), validateResponse(3, 0x2b)); // frame 9: LARGE_MTU cleared
        f.close(c2s, true);                          // frame 10: the client resets
        List<ConnectionReport> done = a.finish();

        assertEquals(1, done.size());
        ConnectionReport r = done.get(0);
        assertEquals("10.0.0.2:50432", r.client());
        assertEquals("10.0.0.9:8445", r.server());
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict());
        assertEquals(new ConnectionReport.Frames(1, 2, 7, 9, 10), r.frames());
        assertEquals(List.of(new Difference("response", "Capabilities", "0x0000002f", "0x0000002b")), r.differences());
        assertEquals(TerminatedBy.CLIENT, r.terminatedBy());
        assertTrue(r.summary().contains("the client reset it with RST 1 ms after frame 9"), r.summary());
        assertEquals(SignatureStatus.UNVERIFIED, r.signature());
        // Progressive: never an INCOMPLETE "not yet", and the last update is the final report.
        assertFalse(updates.isEmpty());
        assertTrue(updates.stream().noneMatch(u -> u.verdict() == Verdict.INCOMPLETE));
        assertSame(r, updates.get(updates.size() - 1));
        assertTrue(updates.size() >= 2, "expected an early verdict before the final one: " + updates.size());
    }

    /** Synthetic: every message cut into 1-byte segments still decodes, and a good exchange is VALIDATED. */
    @Test void oneByteSegments() {
        CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), null);
        Feeder f = Feeder.onNewConnection(a);
        f.chunk = 1;
        handshake(f, Direction.CLIENT_TO_SERVER, 0);
        f.send(Direction.CLIENT_TO_SERVER, validateRequest(3));
        long requestFrame = f.frame;
        f.send(Direction.SERVER_TO_CLIENT, validateResponse(3, 0x2f));
        ConnectionReport r = a.finish().get(0);
        assertEquals(Verdict.VALIDATED, r.verdict());
        assertEquals(requestFrame, r.frames().validateRequest());
        assertEquals(f.frame, r.frames().validateResponse());
        assertEquals(TerminatedBy.NONE, r.terminatedBy());
    }

    /**
     * Synthetic: a connection that has ended gives up its decoders (memory per finished connection: releng/bench/README.md), yet
     * a VALIDATE response the capture shows after the client's RST (in flight when it was sent) is still read.
     */
    @Test void endedConnectionReleasesDecodersAndStillReadsLateMessages() {
        CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), null);
        Feeder f = Feeder.onNewConnection(a);
        TcpConnection tcp = f.tcp;
        handshake(f, Direction.CLIENT_TO_SERVER, 0);
        f.send(Direction.CLIENT_TO_SERVER, validateRequest(3));
        ConnectionTracker t = (ConnectionTracker) tcp.attachment;
        assertTrue(t.streaming());
        f.close(Direction.CLIENT_TO_SERVER, true);
        assertFalse(t.streaming(), "decoders must be released once the connection was reset");
        f.send(Direction.SERVER_TO_CLIENT, validateResponse(3, 0x2b));
        ConnectionReport r = a.finish().get(0);
        assertEquals(f.frame, r.frames().validateResponse());
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict());
        assertEquals(List.of(new Difference("response", "Capabilities", "0x0000002f", "0x0000002b")), r.differences());
        List<TimelineEvent> events = r.timelineEvents(); // SYN, 7 messages, the RST, the late response
        assertEquals(10, events.size(), events.toString());
        assertEquals(TimelineEvent.Kind.SMB2_RESPONSE, events.get(9).kind());
    }

    /** Synthetic: FIN from one side only keeps the decoders (the other side may still send); FIN from both releases them. */
    @Test void finBothWaysReleasesDecoders() {
        CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), null);
        Feeder f = Feeder.onNewConnection(a);
        TcpConnection tcp = f.tcp;
        handshake(f, Direction.CLIENT_TO_SERVER, 0);
        f.send(Direction.CLIENT_TO_SERVER, validateRequest(3));
        f.send(Direction.SERVER_TO_CLIENT, validateResponse(3, 0x2f));
        ConnectionTracker t = (ConnectionTracker) tcp.attachment;
        f.close(Direction.CLIENT_TO_SERVER, false);
        assertTrue(t.streaming(), "one FIN: the server may still send");
        f.close(Direction.SERVER_TO_CLIENT, false);
        assertFalse(t.streaming());
        ConnectionReport r = a.finish().get(0);
        assertEquals(Verdict.VALIDATED, r.verdict());
        assertEquals(11, r.timelineEvents().size(), r.timelineEvents().toString()); // SYN, 8 messages, 2 FINs
    }

    /** Synthetic: an HTTP connection on port 445 with its SYN is dropped at its first bytes, never reported. */
    @Test void nonSmbIsForgottenAtOnce() {
        CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), null);
        Feeder f = Feeder.onNewConnection(a);
        TcpConnection tcp = f.tcp;
        f.raw(Direction.CLIENT_TO_SERVER, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertFalse(tcp.attachment instanceof ConnectionTracker, "state must be released");
        f.raw(Direction.SERVER_TO_CLIENT, "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(a.finish().isEmpty());
        assertTrue(a.warnings(List.of()).isEmpty(), "no SMB warnings for a non-SMB connection");
    }

    /** Synthetic: guest session on 3.0.2 with a later request and no VALIDATE. */
    @Test void guestSession() {
        CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), null);
        Feeder f = Feeder.onNewConnection(a);
        handshake(f, Direction.CLIENT_TO_SERVER, SessionFacts.IS_GUEST);
        ConnectionReport r = a.finish().get(0);
        assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
        assertTrue(r.summary().contains("guest"), r.summary());
    }

    /** Synthetic: a 3.0.2 session that goes on with CREATE after its tree connect without VALIDATE. */
    @Test void notSent() {
        CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), null);
        Feeder f = Feeder.onNewConnection(a);
        handshake(f, Direction.CLIENT_TO_SERVER, 0);
        byte[] create = new byte[64 + 57];
        System.arraycopy(req(Smb2Command.CREATE, 3, SID).encode(), 0, create, 0, 64);
        f.send(Direction.CLIENT_TO_SERVER, create);
        ConnectionReport r = a.finish().get(0);
        assertEquals(Verdict.NOT_SENT, r.verdict());
        assertTrue(r.summary().contains("CREATE (frame 7)"), r.summary());
    }

    /** Synthetic: a VALIDATE request whose payload is cut short is reported as unreadable, with a warning naming the frame. */
    @Test void malformedValidatePayload() {
        CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), null);
        Feeder f = Feeder.onNewConnection(a);
        handshake(f, Direction.CLIENT_TO_SERVER, 0);
        byte[] bad = IoctlRequest.fsctl(CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.ALL_ONES, new byte[10], 24)
                .encode(req(Smb2Command.IOCTL, 3, SID));
        f.send(Direction.CLIENT_TO_SERVER, bad);
        ConnectionReport r = a.finish().get(0);
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertTrue(r.summary().startsWith("The client's VALIDATE request (frame 7) cannot be read"), r.summary());
        assertTrue(a.warnings(List.of()).stream().anyMatch(w -> w.frame() == 7), a.warnings(List.of()).toString());
    }
}
