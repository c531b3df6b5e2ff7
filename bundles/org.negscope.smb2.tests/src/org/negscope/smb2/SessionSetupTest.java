package org.negscope.smb2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The NTLM session setup of msod ex1 (Windows 10 2004 → Server 2019, workgroup), frames 13–16; values from tshark -V. */
class SessionSetupTest {

    /**
     * Frame 13: Session Setup Request, Security mode 0x01, Capabilities 0x01, Blob Offset 0x58, Length 74,
     * SPNEGO negTokenInit (mechTypes NTLMSSP) with mechToken = NTLMSSP_NEGOTIATE, flags 0xe2088297,
     * Version 10.0 (Build 19041) NTLM Current Revision 15.
     */
    @Test
    void negotiateLeg() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 13, Smb2Command.SESSION_SETUP, false);
        SessionSetupRequest r = SessionSetupRequest.decode(m);
        assertEquals(0x01, r.securityMode());
        assertEquals(0x01, r.capabilities());
        assertEquals(0, r.previousSessionId());
        assertEquals(74, r.securityBuffer().length);
        Spnego s = r.spnego();
        assertEquals(Spnego.Kind.NEG_TOKEN_INIT, s.kind());
        assertEquals(List.of(Spnego.OID_NTLMSSP), s.mechTypes());
        NtlmNegotiate n = assertInstanceOf(NtlmNegotiate.class, r.ntlmssp());
        assertEquals(0xe2088297, n.flags());
        assertEquals(new NtlmVersion(10, 0, 19041, 15), n.version());
        assertEquals("Windows 10 / Server 2016 or later (build 19041)", n.version().windowsName());
        assertTrue(n.version().isWindows10OrLater());
        assertArrayEquals(m.bytes(), r.encode(m.header()), "Windows lays SESSION_SETUP out as MS-SMB2 says");
    }

    /**
     * Frame 14: STATUS_MORE_PROCESSING_REQUIRED, SessionFlags 0, NTLMSSP_CHALLENGE flags 0xe28a8215,
     * Target Name SUT01, Server Challenge ff7d07fedd2bca6d, Target Info: NetBIOS domain SUT01, NetBIOS
     * computer SUT01, DNS domain SUT01, DNS computer SUT01, Timestamp May 3, 2020 08:30:51.035367500 UTC,
     * End of list; Version 10.0 (Build 19041) revision 15.
     */
    @Test
    void challengeLeg() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 14, Smb2Command.SESSION_SETUP, true);
        assertEquals(NtStatus.MORE_PROCESSING_REQUIRED, m.header().status());
        assertFalse(ErrorResponse.isErrorResponse(m));
        SessionSetupResponse r = SessionSetupResponse.decode(m);
        assertEquals(0, r.sessionFlags());
        assertEquals(Spnego.Kind.NEG_TOKEN_RESP, r.spnego().kind());
        assertEquals(Spnego.ACCEPT_INCOMPLETE, r.spnego().negState());
        assertEquals(Spnego.OID_NTLMSSP, r.spnego().supportedMech());
        NtlmChallenge c = assertInstanceOf(NtlmChallenge.class, r.ntlmssp());
        assertEquals(0xe28a8215, c.flags());
        assertEquals("SUT01", c.targetName());
        assertEquals("ff7d07fedd2bca6d", Smb2StreamDecoderTest.hex(c.serverChallenge()));
        assertEquals(List.of(2, 1, 4, 3, 7, 0), c.targetInfo().stream().map(AvPair::id).toList());
        assertEquals("SUT01", c.avPair(AvPair.MSV_AV_DNS_COMPUTER_NAME).text());
        assertEquals("MsvAvDnsComputerName", c.avPair(AvPair.MSV_AV_DNS_COMPUTER_NAME).name());
        assertEquals(Instant.parse("2020-05-03T08:30:51.035367500Z"), c.timestamp());
        assertEquals(new NtlmVersion(10, 0, 19041, 15), c.version());
        assertTrue(Ntlmssp.flagNames(c.flags()).contains("TARGET_TYPE_SERVER"));
        // re-encoding the CHALLENGE gives the server's bytes
        assertArrayEquals(r.spnego().ntlmssp(), c.encode());
        assertArrayEquals(m.bytes(), r.encode(m.header()));
    }

    /**
     * Frame 15: NTLMSSP_AUTH, LM response 24 bytes at 174, NT response 236 bytes at 198 (NTLMv2, NTProofStr
     * 0f590f8a…0086, AV pairs incl. Flags 0x2, Target Name cifs/192.168.1.1), Domain DESKTOP-OJ9BIN2 (at 88),
     * User Administrator, Host WIN-0PUB9M0F051, Session Key 16 bytes at 434, flags 0xe2888215, Version
     * 10.0.19041 rev 15, MIC d64473e2f85d0d8a39c0e3a36d936d9f, mechListMIC 010000009300056ad0b4118000000000.
     */
    @Test
    void authenticateLeg() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 15, Smb2Command.SESSION_SETUP, false);
        SessionSetupRequest r = SessionSetupRequest.decode(m);
        Spnego s = r.spnego();
        assertEquals(Spnego.Kind.NEG_TOKEN_RESP, s.kind());
        assertEquals(Spnego.ACCEPT_INCOMPLETE, s.negState());
        assertEquals("010000009300056ad0b4118000000000", Smb2StreamDecoderTest.hex(s.mechListMic()));
        NtlmAuthenticate a = assertInstanceOf(NtlmAuthenticate.class, r.ntlmssp());
        assertEquals("DESKTOP-OJ9BIN2", a.domainName());
        assertEquals("Administrator", a.userName());
        assertEquals("WIN-0PUB9M0F051", a.workstation());
        assertEquals(24, a.lmChallengeResponse().length);
        assertEquals(236, a.ntChallengeResponse().length);
        assertTrue(a.isNtlmV2());
        assertFalse(a.isAnonymous());
        assertEquals("0f590f8a0eec4022d3161ce8f31c0086",
                Smb2StreamDecoderTest.hex(java.util.Arrays.copyOf(a.ntChallengeResponse(), 16)));
        assertEquals(16, a.encryptedRandomSessionKey().length);
        assertEquals(0xe2888215, a.flags());
        assertEquals(new NtlmVersion(10, 0, 19041, 15), a.version());
        assertEquals("d64473e2f85d0d8a39c0e3a36d936d9f", Smb2StreamDecoderTest.hex(a.mic()));
        assertEquals(72, a.micOffset());
        List<AvPair> v2 = a.ntlmV2AvPairs();
        assertEquals(List.of(2, 1, 4, 3, 7, 6, 8, 10, 9, 0), v2.stream().map(AvPair::id).toList());
        assertEquals(2, v2.get(5).flags());
        assertEquals("cifs/192.168.1.1", v2.get(8).text());
        // Windows's payload order is ours: the AUTHENTICATE re-encodes byte-identically
        assertArrayEquals(s.ntlmssp(), a.encode());
        // secrets never printed
        assertFalse(a.toString().contains("0f590f8a"));
        assertFalse(a.toString().toLowerCase().contains("70af457d"));
        Field tree = SessionSetupRequest.describe(m);
        Field nt = tree.find("NtChallengeResponse");
        assertEquals("236 bytes", nt.value());
        // SecurityBuffer at 0x58; SPNEGO headers a1 82.. 30 82.. a0 03 0a 01 01 a2 82.. 04 82.. = 21 bytes; NT at 198
        assertEquals(0x58 + 21 + 198, nt.offset());
        assertEquals(236, nt.length());
        assertNotNull(tree.find("MIC"));
    }

    /** Frame 16: STATUS_SUCCESS, SessionFlags 0x0000, signed (tshark smb2.session_flags, smb2.flags.signature). */
    @Test
    void successLeg() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 16, Smb2Command.SESSION_SETUP, true);
        SessionSetupResponse r = SessionSetupResponse.decode(m);
        assertEquals(0, r.sessionFlags());
        assertFalse(r.isGuest());
        assertFalse(r.encryptData());
        assertTrue(m.header().isSigned());
        assertEquals(Spnego.ACCEPT_COMPLETED, r.spnego().negState());
        assertNull(r.ntlmssp());
    }

    /** Frame 210: a SESSION_SETUP answered STATUS_ACCESS_DENIED carries an ERROR body (StructureSize 9 too). */
    @Test
    void accessDeniedIsAnErrorResponse() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 210, Smb2Command.SESSION_SETUP, true);
        assertEquals(NtStatus.ACCESS_DENIED, m.header().status());
        assertTrue(ErrorResponse.isErrorResponse(m));
        assertEquals("STATUS_ACCESS_DENIED", ErrorResponse.decode(m).statusName());
    }

    /** Domain capture (msod ex2): Kerberos inside SPNEGO — no NTLMSSP, but the token is recognised. */
    @Test
    void kerberosSessionSetup() {
        Smb2Message m = Real.message(Real.WIN10_WS2019_DOMAIN, 46, Smb2Command.SESSION_SETUP, false);
        SessionSetupRequest r = SessionSetupRequest.decode(m);
        Spnego s = r.spnego();
        assertEquals(Spnego.Kind.NEG_TOKEN_INIT, s.kind());
        assertTrue(s.mechTypes().contains(Spnego.OID_MS_KERBEROS), s.mechTypes().toString());
        assertTrue(s.isKerberos());
        assertNull(s.ntlmssp());
        assertNull(r.ntlmssp());
    }

    /**
     * Tree connect, frames 17/18: path \\192.168.1.1\FASODShare (Blob Offset 0x48, Length 48); response
     * Share Type 0x01, Share flags 0x00000800, Share Capabilities 0, Access Mask 0x001f01ff, TreeId 1.
     */
    @Test
    void treeConnect() {
        Smb2Message q = Real.message(Real.WIN10_WS2019, 17, Smb2Command.TREE_CONNECT, false);
        TreeConnectRequest t = TreeConnectRequest.decode(q);
        assertEquals("\\\\192.168.1.1\\FASODShare", t.path());
        assertEquals("FASODShare", t.shareName());
        assertArrayEquals(q.bytes(), t.encode(q.header()));
        Smb2Message a = Real.message(Real.WIN10_WS2019, 18, Smb2Command.TREE_CONNECT, true);
        TreeConnectResponse r = TreeConnectResponse.decode(a);
        assertEquals(TreeConnectResponse.SHARE_TYPE_DISK, r.shareType());
        assertEquals(0x800, r.shareFlags());
        assertEquals(0, r.capabilities());
        assertEquals(0x001f01ff, r.maximalAccess());
        assertFalse(r.encryptData());
        assertEquals(1, a.header().treeId());
        assertArrayEquals(a.bytes(), r.encode(a.header()));
    }

    @Test
    void logoff() {
        Smb2Message m = Real.decoded(Real.WIN10_WS2019).messages.stream()
                .filter(x -> x.header().command() == Smb2Command.LOGOFF && x.header().isResponse()).findFirst()
                .orElseThrow();
        assertEquals(0, Logoff.decode(m));
        Smb2Message q = Smb2Message.of(Logoff.encode(Smb2Header.request(Smb2Command.LOGOFF, 9, 5, 0)));
        assertEquals(0, Logoff.decode(q));
        assertEquals("SMB2 LOGOFF Request", Logoff.describe(q).name());
    }

    @Test
    void versionNames() {
        assertEquals("Windows 8.1 / Server 2012 R2 (build 9600)", new NtlmVersion(6, 3, 9600, 15).windowsName());
        assertEquals("Windows 8 / Server 2012 (build 9200)", new NtlmVersion(6, 2, 9200, 15).windowsName());
        assertEquals("Windows 7 / Server 2008 R2 (build 7601)", new NtlmVersion(6, 1, 7601, 15).windowsName());
        assertEquals("Windows 5.0 (build 2195)", new NtlmVersion(5, 0, 2195, 15).windowsName());
        assertFalse(new NtlmVersion(6, 3, 9600, 15).isWindows10OrLater());
    }
}
