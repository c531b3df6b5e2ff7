package org.negscope.smb2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Encoders the probe uses, checked against what Windows put on the wire and by encode → decode. */
class EncodeTest {

    @Test
    void headerRoundTripsForEveryRealMessage() {
        for (Smb2Message m : Real.decoded(Real.WIN10_WS2019).messages) {
            byte[] enc = m.header().encode();
            assertArrayEquals(java.util.Arrays.copyOf(m.bytes(), 64), enc, m.toString());
            assertEquals(m.header(), Smb2Header.decode(enc, 0));
        }
    }

    @Test
    void asyncHeaderRoundTrip() {
        Smb2Header h = new Smb2Header(1, NtStatus.PENDING, Smb2Command.IOCTL, 0,
                Smb2Header.FLAGS_SERVER_TO_REDIR | Smb2Header.FLAGS_ASYNC_COMMAND, 0, 77, 0, 0, 0x1234567890L, 0x99, null);
        Smb2Header back = Smb2Header.decode(h.encode(), 0);
        assertEquals(h, back);
        assertTrue(back.isAsync());
        assertEquals(0x1234567890L, back.asyncId());
        assertEquals(0, back.treeId());
    }

    @Test
    void signingHelpers() {
        byte[] msg = Logoff.encode(Smb2Header.request(Smb2Command.LOGOFF, 3, 7, 0));
        java.util.Arrays.fill(msg, 48, 64, (byte) 0x55);
        Smb2Header.prepareForSigning(msg, 0);
        Smb2Header h = Smb2Header.decode(msg, 0);
        assertTrue(h.isSigned());
        assertTrue(h.signatureIsZero());
        byte[] sig = new byte[16];
        sig[0] = 1;
        Smb2Header.putSignature(msg, 0, sig);
        assertArrayEquals(sig, Smb2Header.decode(msg, 0).signature());
    }

    /** Frame 13's SecurityBuffer: SPNEGO negTokenInit { mechTypes [NTLMSSP], mechToken NTLMSSP_NEGOTIATE }. */
    @Test
    void spnegoInitLikeWindows() {
        SessionSetupRequest r = SessionSetupRequest.decode(Real.message(Real.WIN10_WS2019, 13, Smb2Command.SESSION_SETUP, false));
        NtlmNegotiate n = (NtlmNegotiate) r.ntlmssp();
        byte[] token = n.encode();
        assertArrayEquals(r.spnego().ntlmssp(), token, "NTLMSSP NEGOTIATE re-encodes byte-identically");
        assertArrayEquals(r.securityBuffer(), Spnego.encodeInit(List.of(Spnego.OID_NTLMSSP), token));
    }

    /** Frames 14/15/16: NegTokenResp with negState, supportedMech, responseToken and mechListMIC, as Windows builds them. */
    @Test
    void spnegoRespLikeWindows() {
        SessionSetupResponse ch = SessionSetupResponse.decode(Real.message(Real.WIN10_WS2019, 14, Smb2Command.SESSION_SETUP, true));
        Spnego s = ch.spnego();
        assertArrayEquals(ch.securityBuffer(),
                Spnego.encodeResp(s.negState(), s.supportedMech(), s.mechToken(), s.mechListMic()));
        SessionSetupRequest au = SessionSetupRequest.decode(Real.message(Real.WIN10_WS2019, 15, Smb2Command.SESSION_SETUP, false));
        Spnego t = au.spnego();
        assertArrayEquals(au.securityBuffer(), Spnego.encodeResp(t.negState(), null, t.mechToken(), t.mechListMic()));
        SessionSetupResponse ok = SessionSetupResponse.decode(Real.message(Real.WIN10_WS2019, 16, Smb2Command.SESSION_SETUP, true));
        Spnego u = ok.spnego();
        assertArrayEquals(ok.securityBuffer(), Spnego.encodeResp(u.negState(), u.supportedMech(), u.mechToken(), u.mechListMic()));
    }

    /** Synthetic: the probe's own messages, encoded and decoded back. */
    @Test
    void syntheticProbeSessionSetup() {
        NtlmNegotiate neg = new NtlmNegotiate(Ntlmssp.DEFAULT_CLIENT_FLAGS, null, null, new NtlmVersion(10, 0, 1, 15));
        byte[] spnego = Spnego.encodeInit(List.of(Spnego.OID_NTLMSSP), neg.encode());
        SessionSetupRequest req = new SessionSetupRequest(0, SecurityMode.SIGNING_ENABLED, Capabilities.DFS, 0, 0, spnego);
        Smb2Message m = Smb2Message.of(req.encode(Smb2Header.request(Smb2Command.SESSION_SETUP, 1, 0, 0)));
        SessionSetupRequest back = SessionSetupRequest.decode(m);
        assertEquals(req, back);
        assertEquals(neg, back.ntlmssp());

        NtlmAuthenticate auth = new NtlmAuthenticate(new byte[24], new byte[60], "WORKGROUP", "tester", "PROBE",
                new byte[16], Ntlmssp.DEFAULT_CLIENT_FLAGS, new NtlmVersion(10, 0, 1, 15), new byte[16], 72);
        byte[] tok = auth.encode();
        NtlmAuthenticate.putMic(tok, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        NtlmAuthenticate decoded = assertInstanceOf(NtlmAuthenticate.class, Ntlmssp.decode(tok));
        assertEquals("tester", decoded.userName());
        assertEquals(16, decoded.mic()[15]);
        assertEquals(72, decoded.micOffset());
        byte[] resp = Spnego.encodeResp(-1, null, tok, null);
        Spnego s = Spnego.decode(resp);
        assertEquals(-1, s.negState());
        assertArrayEquals(tok, s.ntlmssp());

        // without Version and MIC: 64-byte fixed part
        NtlmAuthenticate plain = new NtlmAuthenticate(null, null, "", "", "", null, Ntlmssp.NEGOTIATE_UNICODE, null, null, -1);
        byte[] p = plain.encode();
        assertEquals(64, p.length);
        NtlmAuthenticate pb = (NtlmAuthenticate) Ntlmssp.decode(p);
        assertEquals(plain, pb);
        assertTrue(pb.isAnonymous());
    }

    @Test
    void syntheticChallengeRoundTrip() {
        NtlmChallenge c = new NtlmChallenge(Ntlmssp.NEGOTIATE_UNICODE | Ntlmssp.NEGOTIATE_TARGET_INFO, "SRV",
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                List.of(AvPair.text(AvPair.MSV_AV_NB_DOMAIN_NAME, "SRV"), new AvPair(AvPair.MSV_AV_TIMESTAMP, new byte[8]),
                        new AvPair(AvPair.MSV_AV_EOL, new byte[0])),
                new NtlmVersion(6, 3, 9600, 15));
        NtlmChallenge back = (NtlmChallenge) Ntlmssp.decode(c.encode());
        assertEquals(c, back);
        assertEquals("Windows 8.1 / Server 2012 R2 (build 9600)", back.version().windowsName());
    }

    @Test
    void syntheticTreeConnectIpc() {
        TreeConnectRequest t = new TreeConnectRequest(0, "\\\\server\\IPC$");
        Smb2Message m = Smb2Message.of(t.encode(Smb2Header.request(Smb2Command.TREE_CONNECT, 3, 9, 0)));
        assertEquals(t, TreeConnectRequest.decode(m));
        assertEquals("IPC$", TreeConnectRequest.decode(m).shareName());
        TreeConnectResponse r = new TreeConnectResponse(2, TreeConnectResponse.SHAREFLAG_ENCRYPT_DATA, 0, 0x1f01ff);
        Smb2Header h = new Smb2Header(1, 0, Smb2Command.TREE_CONNECT, 1, 1, 0, 3, 0, 5, 0, 9, null);
        TreeConnectResponse rb = TreeConnectResponse.decode(Smb2Message.of(r.encode(h)));
        assertEquals(r, rb);
        assertTrue(rb.encryptData());
        assertFalse(new TreeConnectResponse(1, 0, 0, 0).encryptData());
    }

    @Test
    void compoundChainEncodeAndSplit() {
        // what the probe would send: TREE_CONNECT + IOCTL related, NextCommand set, 8-aligned
        byte[] a = new TreeConnectRequest(0, "\\\\s\\IPC$").encode(Smb2Header.request(Smb2Command.TREE_CONNECT, 3, 9, 0));
        int aLen = (a.length + 7) & ~7;
        byte[] chain = java.util.Arrays.copyOf(a, aLen);
        Smb2Header.putNextCommand(chain, 0, aLen);
        byte[] b = Logoff.encode(new Smb2Header(1, 0, Smb2Command.LOGOFF, 1, Smb2Header.FLAGS_RELATED_OPERATIONS, 0, 4,
                0, -1, 0, -1, null));
        byte[] all = new byte[aLen + b.length];
        System.arraycopy(chain, 0, all, 0, aLen);
        System.arraycopy(b, 0, all, aLen, b.length);
        List<Smb2Message> l = Smb2Message.splitCompound(all, 1, 1, 0, 0);
        assertEquals(2, l.size());
        assertEquals("\\\\s\\IPC$", TreeConnectRequest.decode(l.get(0)).path());
        assertTrue(l.get(1).header().isRelated());
        assertEquals(0xffffffffL, l.get(1).header().treeId());
    }
}
