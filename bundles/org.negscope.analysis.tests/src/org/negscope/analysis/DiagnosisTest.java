package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.negscope.capture.Endpoint;
import org.negscope.capture.TcpConnection;
import org.negscope.smb2.Dialect;

/**
 * The verdict rules on hand-built (synthetic) connection states: the situations Samba on loopback cannot
 * produce (a 3.1.1 VALIDATE, a server that answers a mismatching request, lost bytes, a capture that starts
 * late, several VALIDATE exchanges, encryption). The real captures are covered by SambaCapturesTest.
 */
class DiagnosisTest {
    static final UUID CLIENT_GUID = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final UUID SERVER_GUID = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    static final long MS = 1_000_000L;

    /** Synthetic: client 10.0.0.2:50432 -> server 10.0.0.9:445 with NEGOTIATE in frames 4/5 on 3.0.2. */
    static ConnectionState negotiated(int dialect) {
        TcpConnection tcp = new TcpConnection(0, new Endpoint(new byte[] {10, 0, 0, 2}, 50432),
                new Endpoint(new byte[] {10, 0, 0, 9}, 445), 1, 0, true);
        ConnectionState s = new ConnectionState(0, tcp);
        s.smb2Seen = true;
        s.firstSmbFrame = 4;
        s.negotiateRequest = new NegotiateRequestFields(4, 4 * MS, 0, 0x0001, 0x7f, CLIENT_GUID,
                new int[] {0x0202, 0x0210, 0x0300, 0x0302}, null);
        s.negotiateResponse = new NegotiateResponseFields(5, 5 * MS, 0, 0x0001, dialect, SERVER_GUID, 0x2f, null);
        SessionFacts ss = s.session(0x1234, true);
        ss.status = 0;
        ss.succeeded = true;
        ss.finalResponseFrame = 9;
        s.treeConnectFrame = 11;
        s.lastFrame = 20;
        return s;
    }

    /** A VALIDATE request in frame 12 that repeats the NEGOTIATE request exactly. */
    static ValidateExchange request(ConnectionState s) {
        ValidateExchange v = new ValidateExchange();
        v.messageId = 5;
        v.sessionId = 0x1234;
        v.requestFrame = 12;
        v.requestTimeNanos = 12 * MS;
        v.maxOutputResponse = 24;
        v.requestDecoded = true;
        v.capabilities = s.negotiateRequest.capabilities();
        v.clientGuid = s.negotiateRequest.clientGuid();
        v.clientSecurityMode = s.negotiateRequest.securityMode();
        v.dialects = s.negotiateRequest.dialects().clone();
        s.validates.add(v);
        return v;
    }

    /** Its signed, successful answer in frame 13 repeating the NEGOTIATE response. */
    static void answer(ConnectionState s, ValidateExchange v) {
        v.responseFrame = 13;
        v.responseTimeNanos = 13 * MS;
        v.status = 0;
        v.responseSigned = true;
        v.responseDecoded = true;
        v.serverCapabilities = s.negotiateResponse.capabilities();
        v.serverGuid = s.negotiateResponse.serverGuid();
        v.serverSecurityMode = s.negotiateResponse.securityMode();
        v.dialect = s.negotiateResponse.dialect();
    }

    @Test void validatedWithoutCredentialsSaysUnverified() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        answer(s, request(s));
        s.closes.add(new TcpClose(true, false, 20, 20 * MS));
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.VALIDATED, r.verdict());
        assertFalse(r.fatal());
        assertEquals(SignatureStatus.UNVERIFIED, r.signature());
        assertTrue(r.summary().contains("not verified"), r.summary());
        assertEquals(new ConnectionReport.Frames(4, 5, 12, 13, 20), r.frames());
        assertEquals(TerminatedBy.CLIENT, r.terminatedBy());
        assertEquals("3.0.2", r.dialect());
        assertEquals("10.0.0.2:50432", r.client());
        assertEquals("MS-SMB2 3.2.5.14.12", r.spec());
    }

    @Test void responseMismatchNamesFieldBothValuesBitAndClose() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        ValidateExchange v = request(s);
        answer(s, v);
        v.serverCapabilities = 0x2b; // LARGE_MTU cleared, as a WAN optimiser might
        s.closes.add(new TcpClose(true, false, 14, 16 * MS));
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict());
        assertTrue(r.fatal());
        assertEquals(List.of(new Difference("response", "Capabilities", "0x0000002f", "0x0000002b")), r.differences());
        assertEquals("The server's VALIDATE response (frame 13) says Capabilities 0x0000002b but its NEGOTIATE response"
                + " (frame 5) said 0x0000002f (LARGE_MTU differs), so something between the server and this capture point"
                + " changed the NEGOTIATE response (the VALIDATE response is signed); a Windows client drops the connection"
                + " — here the client closed it with FIN 3 ms after frame 13.", r.summary());
        assertEquals(TerminatedBy.CLIENT, r.terminatedBy());
        assertEquals(14, r.frames().termination());
    }

    @Test void requestMismatchUnansweredServerResets() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        ValidateExchange v = request(s);
        v.clientSecurityMode = 0x0002;
        v.dialects = new int[] {0x0300, 0x0302};
        s.closes.add(new TcpClose(false, true, 13, 12 * MS + 400_000));
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.REQUEST_MISMATCH, r.verdict());
        assertTrue(r.fatal());
        assertEquals(2, r.differences().size());
        assertEquals(new Difference("request", "SecurityMode", "0x0001", "0x0002"), r.differences().get(0));
        assertEquals(new Difference("request", "Dialects", "[2.0.2, 2.1, 3.0, 3.0.2]", "[3.0, 3.0.2]"), r.differences().get(1));
        assertTrue(r.summary().contains("SecurityMode 0x0002 but its NEGOTIATE request (frame 4) said 0x0001"), r.summary());
        assertTrue(r.summary().contains("server reset it with RST 0.4 ms after frame 12"), r.summary());
        assertEquals(SignatureStatus.NONE, r.signature());
        assertEquals(TerminatedBy.SERVER, r.terminatedBy());
        assertEquals("MS-SMB2 3.3.5.15.12", r.spec());
    }

    @Test void serverTerminatedWhenRequestMatchesButServerCloses() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        request(s);
        s.closes.add(new TcpClose(false, false, 13, 13 * MS));
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.SERVER_TERMINATED, r.verdict());
        assertTrue(r.fatal());
        assertTrue(r.differences().isEmpty());
        assertTrue(r.summary().contains("capture at the server too"), r.summary());
        assertEquals(TerminatedBy.SERVER, r.terminatedBy());
    }

    @Test void validateOn311IsTerminatedForTheDialect() {
        ConnectionState s = negotiated(Dialect.SMB_3_1_1);
        request(s);
        s.closes.add(new TcpClose(false, true, 13, 13 * MS));
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.SERVER_TERMINATED, r.verdict());
        assertTrue(r.summary().contains("on dialect 3.1.1 a server must drop any VALIDATE"), r.summary());
    }

    @Test void tooSmallMaxOutputResponseExplainsTheTermination() {
        ConnectionState s = negotiated(Dialect.SMB_3_0);
        request(s).maxOutputResponse = 8;
        s.closes.add(new TcpClose(false, true, 13, 13 * MS));
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.SERVER_TERMINATED, r.verdict());
        assertTrue(r.summary().contains("MaxOutputResponse 8 is less than the 24 bytes"), r.summary());
    }

    @Test void answeredDespiteRequestMismatchIsStillRequestMismatch() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        ValidateExchange v = request(s);
        v.clientGuid = UUID.fromString("99999999-2222-3333-4444-555555555555");
        answer(s, v);
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.REQUEST_MISMATCH, r.verdict());
        assertEquals("Guid", r.differences().get(0).field());
        assertTrue(r.summary().contains("yet this one answered (frame 13)"), r.summary());
        assertEquals(TerminatedBy.NONE, r.terminatedBy());
    }

    @Test void unsignedBeatsEverythingElseInTheAnswer() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        ValidateExchange v = request(s);
        answer(s, v);
        v.responseSigned = false;
        v.serverGuid = UUID.randomUUID();
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.RESPONSE_UNSIGNED, r.verdict());
        assertEquals(SignatureStatus.UNSIGNED, r.signature());
        assertEquals(1, r.differences().size()); // the Guid difference is still shown
    }

    @Test void signatureInvalidOnlyFromAVerification() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        ValidateExchange v = request(s);
        answer(s, v);
        v.verifiedSignature = SignatureStatus.INVALID;
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.SIGNATURE_INVALID, r.verdict());
        assertTrue(r.fatal());
        assertEquals(SignatureStatus.INVALID, r.signature());
        v.verifiedSignature = SignatureStatus.VALID;
        ConnectionReport ok = Diagnosis.diagnose(s);
        assertEquals(Verdict.VALIDATED, ok.verdict());
        assertTrue(ok.summary().contains("its signature is valid"), ok.summary());
    }

    @Test void refusedStatusesDecideFatal() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        ValidateExchange v = request(s);
        answer(s, v);
        v.responseDecoded = false;
        v.status = org.negscope.smb2.NtStatus.FILE_CLOSED;
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.SERVER_REFUSED, r.verdict());
        assertFalse(r.fatal());
        assertTrue(r.summary().contains("STATUS_FILE_CLOSED"), r.summary());
        assertTrue(r.summary().contains("does not implement"), r.summary());
        v.status = org.negscope.smb2.NtStatus.ACCESS_DENIED;
        ConnectionReport denied = Diagnosis.diagnose(s);
        assertEquals(Verdict.SERVER_REFUSED, denied.verdict());
        assertTrue(denied.fatal());
    }

    @Test void firstFatalExchangeWinsOverAnEarlierGoodOne() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        answer(s, request(s));
        ValidateExchange second = request(s);
        second.messageId = 9;
        second.requestFrame = 30;
        second.requestTimeNanos = 30 * MS;
        answer(s, second);
        second.responseFrame = 31;
        second.responseTimeNanos = 31 * MS;
        second.dialect = 0x0300;
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict());
        assertEquals(30, r.frames().validateRequest());
        assertEquals(new Difference("response", "Dialect", "3.0.2", "3.0"), r.differences().get(0));
    }

    @Test void withSeveralGoodExchangesTheFirstIsReported() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        answer(s, request(s));
        ValidateExchange second = request(s);
        second.requestFrame = 30;
        answer(s, second);
        second.responseFrame = 31;
        assertEquals(12, Diagnosis.diagnose(s).frames().validateRequest());
    }

    @Test void incompleteSaysWhatIsMissing() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        request(s);
        ConnectionReport end = Diagnosis.diagnose(s);
        assertEquals(Verdict.INCOMPLETE, end.verdict());
        assertTrue(end.summary().startsWith("The capture ends before the VALIDATE response (request frame 12"), end.summary());
        assertEquals(TerminatedBy.UNKNOWN, end.terminatedBy());

        s.lastServerGapFrame = 15;
        s.firstServerGapFrame = 15;
        assertTrue(Diagnosis.diagnose(s).summary().contains("missing from the capture (gap at frame 15)"));

        ConnectionState late = negotiated(Dialect.SMB_3_0_2);
        late.negotiateRequest = null;
        late.negotiateResponse = null;
        late.firstSmbFrame = 3;
        ConnectionReport r = Diagnosis.diagnose(late);
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertTrue(r.summary().startsWith("The capture starts after the NEGOTIATE exchange (first SMB frame 3)"), r.summary());
        assertNull(r.dialect());
    }

    @Test void clientGivingUpIsNotBlamedOnTheServer() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        request(s);
        s.closes.add(new TcpClose(true, false, 40, 40 * MS));
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals(TerminatedBy.CLIENT, r.terminatedBy());
    }

    @Test void notSentOnlyAfterTheClientCarriedOn() {
        ConnectionState s = negotiated(Dialect.SMB_3_0_2);
        assertEquals(Verdict.INCOMPLETE, Diagnosis.diagnose(s).verdict()); // capture ends at the tree connect
        s.requestAfterTreeConnectFrame = 12;
        s.requestAfterTreeConnect = "CREATE";
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.NOT_SENT, r.verdict());
        assertFalse(r.fatal());
        assertTrue(r.summary().contains("RequireSecureNegotiate=0"), r.summary());
        assertTrue(r.summary().contains("CREATE (frame 12)"), r.summary());
    }

    /** The 2.x rule decides from what the client offered (docs/protocol.md "Verdict rules"). */
    @Test void twoXDependsOnWhatTheClientOffered() {
        ConnectionState smb3Client = negotiated(Dialect.SMB_2_1); // offered 2.0.2 .. 3.0.2
        smb3Client.requestAfterTreeConnectFrame = 12;
        smb3Client.requestAfterTreeConnect = "CREATE";
        ConnectionReport r = Diagnosis.diagnose(smb3Client);
        assertEquals(Verdict.NOT_SENT, r.verdict(), r.summary());
        assertTrue(r.summary().contains("offered 2.0.2, 2.1, 3.0, 3.0.2 (NEGOTIATE request frame 4), so it implements SMB 3"), r.summary());
        ConnectionState only2x = negotiated(Dialect.SMB_2_1);
        only2x.negotiateRequest = new NegotiateRequestFields(4, 4 * MS, 0, 0x0001, 0x7f, CLIENT_GUID, new int[] {0x0202, 0x0210}, null);
        only2x.requestAfterTreeConnectFrame = 12;
        only2x.requestAfterTreeConnect = "CREATE";
        ConnectionReport n = Diagnosis.diagnose(only2x);
        assertEquals(Verdict.NOT_APPLICABLE, n.verdict());
        assertTrue(n.summary().contains("does not implement SMB 3"), n.summary());
        // SMB1 multi-protocol NEGOTIATE only: "SMB 2.002" alone means a 2.0.2-only client; "SMB 2.???" does not tell
        ConnectionState smb1 = negotiated(Dialect.SMB_2_0_2);
        smb1.negotiateRequest = null;
        smb1.smb1NegotiateFrame = 3;
        smb1.smb1DialectsSeen = true;
        smb1.smb1Offers2002 = true;
        smb1.requestAfterTreeConnectFrame = 12;
        smb1.requestAfterTreeConnect = "CREATE";
        assertEquals(Verdict.NOT_APPLICABLE, Diagnosis.diagnose(smb1).verdict());
        smb1.smb1OffersWildcard = true;
        ConnectionReport u = Diagnosis.diagnose(smb1);
        assertEquals(Verdict.INCOMPLETE, u.verdict(), u.summary());
        assertTrue(u.details().missing().get(0).contains("NEGOTIATE request"), u.details().missing().toString());
    }

    @Test void notApplicableCases() {
        ConnectionState smb21 = negotiated(Dialect.SMB_2_1);
        smb21.negotiateRequest = new NegotiateRequestFields(4, 4 * MS, 0, 0x0001, 0, CLIENT_GUID, new int[] {0x0202, 0x0210}, null);
        assertEquals(Verdict.NOT_APPLICABLE, Diagnosis.diagnose(smb21).verdict());
        ConnectionState v311 = negotiated(Dialect.SMB_3_1_1);
        assertTrue(Diagnosis.diagnose(v311).summary().contains("preauthentication integrity"));
        ConnectionState guest = negotiated(Dialect.SMB_3_0_2);
        guest.sessions.get(0).sessionFlags = SessionFacts.IS_GUEST;
        ConnectionReport g = Diagnosis.diagnose(guest);
        assertEquals(Verdict.NOT_APPLICABLE, g.verdict());
        assertTrue(g.summary().contains("guest session"), g.summary());
        ConnectionState anon = negotiated(Dialect.SMB_3_0);
        anon.sessions.get(0).sessionFlags = SessionFacts.IS_NULL;
        assertTrue(Diagnosis.diagnose(anon).summary().contains("anonymous"));
        ConnectionState failed = negotiated(Dialect.SMB_3_0_2);
        failed.sessions.get(0).succeeded = false;
        failed.sessions.get(0).status = 0xC000006DL;
        ConnectionReport f = Diagnosis.diagnose(failed);
        assertEquals(Verdict.NOT_APPLICABLE, f.verdict());
        assertTrue(f.summary().contains("STATUS_LOGON_FAILURE"), f.summary());
    }

    @Test void encryptedSessionWithoutKeys() {
        ConnectionState s = negotiated(Dialect.SMB_3_0);
        s.firstEncryptedFrame = 14;
        s.encryptedMessages = 30;
        ConnectionReport r = Diagnosis.diagnose(s);
        assertEquals(Verdict.ENCRYPTED, r.verdict());
        assertTrue(r.summary().contains("encrypted from frame 14 on"), r.summary());
        assertEquals(SignatureStatus.NONE, r.signature());
    }
}
