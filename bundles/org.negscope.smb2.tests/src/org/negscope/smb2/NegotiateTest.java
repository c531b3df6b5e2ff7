package org.negscope.smb2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Expected values from TShark 4.0: {@code tshark -r F -Y frame.number==N -O smb2} (quoted per test). */
class NegotiateTest {

    /**
     * msod ex1 frame 11 (Windows 10 2004 client): Dialect count 5 (0x0202,0x0210,0x0300,0x0302,0x0311),
     * Security mode 0x01, Capabilities 0x0000007f, Client Guid 72e780ba-8aac-11ea-923b-00155d51715a,
     * NegotiateContextOffset 0x70, NegotiateContextCount 5: PREAUTH (SHA-512, salt 4664d159…d8e8),
     * ENCRYPTION (AES-128-GCM, AES-128-CCM), COMPRESSION (flags 0x1 chained; Pattern_V1, LZ77,
     * LZ77+Huffman, LZNT1), NETNAME "192.168.1.1", TRANSPORT (flags 0). Header: credits requested 33,
     * flags 0x10, Process Id 0xfeff.
     */
    @Test
    void windows10Request() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 11, Smb2Command.NEGOTIATE, false);
        Smb2Header h = m.header();
        assertEquals(33, h.credits());
        assertEquals(0x10, h.flags());
        assertEquals(0xfeff, h.reserved());
        assertEquals(0, h.messageId());
        NegotiateRequest r = NegotiateRequest.decode(m);
        assertArrayEquals(new int[] {0x0202, 0x0210, 0x0300, 0x0302, 0x0311}, r.dialects());
        assertEquals(List.of("2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"), r.dialectNames());
        assertEquals(0x01, r.securityMode());
        assertEquals(0x7f, r.capabilities());
        assertEquals(List.of("DFS", "LEASING", "LARGE_MTU", "MULTI_CHANNEL", "PERSISTENT_HANDLES", "DIRECTORY_LEASING",
                "ENCRYPTION"), Capabilities.names(r.capabilities()));
        assertEquals(UUID.fromString("72e780ba-8aac-11ea-923b-00155d51715a"), r.clientGuid());
        assertEquals(5, r.contexts().size());
        NegotiateContext.PreauthIntegrity p = r.context(NegotiateContext.PreauthIntegrity.class);
        assertEquals(List.of(NegotiateContext.PreauthIntegrity.SHA_512), p.hashAlgorithms());
        assertEquals("4664d159427e7fb30037f44d9f82a01adf580fafc12bca041306679372a1d8e8",
                Smb2StreamDecoderTest.hex(p.salt()));
        assertEquals(List.of(2, 1), r.context(NegotiateContext.Encryption.class).ciphers());
        NegotiateContext.Compression c = r.context(NegotiateContext.Compression.class);
        assertEquals(1, c.flags());
        assertEquals(List.of(4, 2, 3, 1), c.algorithms());
        assertEquals("192.168.1.1", r.context(NegotiateContext.NetName.class).netName());
        assertEquals(0, r.context(NegotiateContext.Transport.class).flags());
        assertNull(r.context(NegotiateContext.Signing.class));
    }

    /**
     * msod ex1 frame 12 (Windows Server 2019): Security mode 0x01, Dialect 0x0311, NegotiateContextCount 3,
     * Server Guid 43dac220-0c24-4893-8e98-9fd62518e58a, Capabilities 0x0000002f, Max Transaction/Read/Write
     * 8388608, Current Time May 3, 2020 08:30:51.035367500 UTC, Boot Time 0, Blob Offset 0x80, Blob Length 42
     * (SPNEGO negTokenInit mechTypes NEGOEX, NTLMSSP), NegotiateContextOffset 0xb0: PREAUTH (SHA-512, salt
     * d36f9e7f…2c75), ENCRYPTION (AES-128-GCM), COMPRESSION (chained; LZ77, Pattern_V1).
     */
    @Test
    void server2019Response() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 12, Smb2Command.NEGOTIATE, true);
        NegotiateResponse r = NegotiateResponse.decode(m);
        assertEquals(0x01, r.securityMode());
        assertEquals(0x0311, r.dialectRevision());
        assertEquals("3.1.1", r.dialectName());
        assertEquals(UUID.fromString("43dac220-0c24-4893-8e98-9fd62518e58a"), r.serverGuid());
        assertEquals(0x2f, r.capabilities());
        assertEquals(8388608, r.maxTransactSize());
        assertEquals(8388608, r.maxReadSize());
        assertEquals(8388608, r.maxWriteSize());
        assertEquals(Instant.parse("2020-05-03T08:30:51.035367500Z"), FileTime.toInstant(r.systemTime()));
        assertEquals(0, r.serverStartTime());
        assertEquals(42, r.securityBuffer().length);
        Spnego s = r.spnego();
        assertEquals(Spnego.Kind.NEG_TOKEN_INIT, s.kind());
        assertEquals(List.of(Spnego.OID_NEGOEX, Spnego.OID_NTLMSSP), s.mechTypes());
        assertEquals(3, r.contexts().size());
        assertEquals("d36f9e7f4d6be20e4d8dd470aa180a7a722efdc6d86ac0cbd8b1f85881382c75",
                Smb2StreamDecoderTest.hex(r.context(NegotiateContext.PreauthIntegrity.class).salt()));
        assertEquals(List.of(2), r.context(NegotiateContext.Encryption.class).ciphers());
        assertEquals(List.of(2, 4), r.context(NegotiateContext.Compression.class).algorithms());
    }

    /**
     * zeek-smb3_negotiate_context.pcap frame 12: Dialect count 8 (0x0202,0x0210,0x0222,0x0224,0x0300,0x0302,
     * 0x0310,0x0311), Capabilities 0x7f, Client Guid d94fab16-5662-4876-8cd1-707d08e52b58,
     * NegotiateContextOffset 0x78, count 2: PREAUTH (SHA-512, salt 67e5f669…5a96), ENCRYPTION (CCM, GCM).
     */
    @Test
    void eightDialectsWithPreReleaseOnes() {
        NegotiateRequest r = NegotiateRequest.decode(Real.message(Real.ZEEK_CONTEXTS, 12, Smb2Command.NEGOTIATE, false));
        assertArrayEquals(new int[] {0x0202, 0x0210, 0x0222, 0x0224, 0x0300, 0x0302, 0x0310, 0x0311}, r.dialects());
        assertEquals(List.of("2.0.2", "2.1", "0x0222", "0x0224", "3.0", "3.0.2", "0x0310", "3.1.1"), r.dialectNames());
        assertEquals(0x7f, r.capabilities());
        assertEquals(0x01, r.securityMode());
        assertEquals(UUID.fromString("d94fab16-5662-4876-8cd1-707d08e52b58"), r.clientGuid());
        assertEquals(2, r.contexts().size());
        assertEquals("67e5f669ff3e0ad12e89ad84ceb1d35dfee53ede3e4858a6d1a9099ac1635a96",
                Smb2StreamDecoderTest.hex(r.context(NegotiateContext.PreauthIntegrity.class).salt()));
        assertEquals(List.of(1, 2), r.context(NegotiateContext.Encryption.class).ciphers());
    }

    /**
     * zeek-smb3_negotiate_context.pcap frame 13: Dialect 0x0311, Security mode 0x01, Server Guid
     * 7377656e-6f74-6172-6765-000000000000 (Samba's "swenotarge"), Capabilities 0x00000005, Blob Length 74
     * (negTokenInit, mechTypes NTLMSSP, negHints), NegotiateContextOffset 0xd0, 2 contexts.
     */
    @Test
    void sambaResponseWithNegHints() {
        NegotiateResponse r = NegotiateResponse.decode(Real.message(Real.ZEEK_CONTEXTS, 13, Smb2Command.NEGOTIATE, true));
        assertEquals(0x0311, r.dialectRevision());
        assertEquals(UUID.fromString("7377656e-6f74-6172-6765-000000000000"), r.serverGuid());
        assertEquals(0x05, r.capabilities());
        assertEquals(List.of("DFS", "LARGE_MTU"), Capabilities.names(r.capabilities()));
        assertEquals(74, r.securityBuffer().length);
        assertEquals(List.of(Spnego.OID_NTLMSSP), r.spnego().mechTypes());
        assertNull(r.spnego().mechToken());
        assertEquals(2, r.contexts().size());
    }

    /** tshark frame 10 of the same file: SMB2 answer to the SMB1 multi-protocol negotiate, Dialect 0x02ff, caps 0x05, no contexts. */
    @Test
    void wildcardResponseHasNoContexts() {
        NegotiateResponse r = NegotiateResponse.decode(Real.message(Real.ZEEK_CONTEXTS, 10, Smb2Command.NEGOTIATE, true));
        assertEquals(0x02ff, r.dialectRevision());
        assertEquals(List.of(), r.contexts());
        assertEquals(74, r.securityBuffer().length);
    }

    /** zeek-smb3.pcap: dialect 0x0300 only, caps request 0x57 / response 0x47, server SecurityMode 0x03 (external README, checked with tshark smb2.capabilities / smb2.sec_mode). */
    @Test
    void smb30Capture() {
        Collector c = Real.decoded(Real.ZEEK_SMB3);
        Smb2Message req = c.messages.stream().filter(m -> m.header().command() == 0 && !m.header().isResponse())
                .findFirst().orElseThrow();
        Smb2Message rsp = c.messages.stream().filter(m -> m.header().command() == 0 && m.header().isResponse())
                .findFirst().orElseThrow();
        NegotiateRequest q = NegotiateRequest.decode(req);
        NegotiateResponse r = NegotiateResponse.decode(rsp);
        assertArrayEquals(new int[] {0x0300}, q.dialects());
        assertEquals(List.of(), q.contexts());
        assertEquals(0x57, q.capabilities());
        assertEquals(0x47, r.capabilities());
        assertEquals(0x03, r.securityMode());
        assertEquals(List.of("SIGNING_ENABLED", "SIGNING_REQUIRED"), SecurityMode.names(r.securityMode()));
        assertEquals("3.0", r.dialectName());
    }

    @Test
    void requestRoundTripsThroughEncode() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 11, Smb2Command.NEGOTIATE, false);
        NegotiateRequest r = NegotiateRequest.decode(m);
        byte[] enc = r.encode(m.header());
        // Windows lays the message out exactly as MS-SMB2 says: our encoding is byte-identical.
        assertArrayEquals(m.bytes(), enc);
        assertEquals(r, NegotiateRequest.decode(Smb2Message.of(enc)));
    }

    @Test
    void responseRoundTripsThroughEncode() {
        for (long frame : new long[] {12, 91}) {
            Smb2Message m = Real.message(Real.WIN10_WS2019, frame, Smb2Command.NEGOTIATE, true);
            NegotiateResponse r = NegotiateResponse.decode(m);
            byte[] enc = r.encode(m.header());
            byte[] expected = m.bytes();
            if (frame == 12) {
                // Server 2019 puts 0x8000 in the COMPRESSION context's Padding (bytes 250-251), which MS-SMB2
                // says is ignored; we encode zeros. Everything else is byte-identical.
                assertEquals(0x80, expected[251] & 0xff);
                expected[251] = 0;
            }
            assertArrayEquals(expected, enc, "frame " + frame);
            assertEquals(r, NegotiateResponse.decode(Smb2Message.of(enc)));
        }
    }

    /** Synthetic: a probe-style 3.1.1 request with every context kind, including SIGNING and RDMA and an unknown one. */
    @Test
    void syntheticAllContextsRoundTrip() {
        UUID guid = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
        List<NegotiateContext> ctx = List.of(
                new NegotiateContext.PreauthIntegrity(List.of(1), new byte[32]),
                new NegotiateContext.Encryption(List.of(4, 3, 2, 1)),
                new NegotiateContext.Compression(0, List.of(3)),
                new NegotiateContext.NetName("fileserver.example"),
                new NegotiateContext.Transport(1),
                new NegotiateContext.RdmaTransform(List.of(1, 2)),
                new NegotiateContext.Signing(List.of(2, 1, 0)),
                new NegotiateContext.Unknown(0x0999, new byte[] {1, 2, 3}));
        NegotiateRequest r = new NegotiateRequest(SecurityMode.SIGNING_ENABLED, 0x7f, guid,
                new int[] {0x0202, 0x0210, 0x0300, 0x0302, 0x0311}, ctx);
        byte[] enc = r.encode(Smb2Header.request(Smb2Command.NEGOTIATE, 0, 0, 0));
        NegotiateRequest back = NegotiateRequest.decode(Smb2Message.of(enc));
        assertEquals(r, back);
        assertEquals(List.of(2, 1, 0), back.context(NegotiateContext.Signing.class).algorithms());
        // every context starts 8-aligned from the ProtocolId
        Field tree = NegotiateRequest.describe(Smb2Message.of(enc));
        int n = 0;
        for (Field f : tree.children().get(1).children()) {
            if (f.name().startsWith("NegotiateContextList[")) {
                assertEquals(0, f.offset() % 8, f.name());
                n++;
            }
        }
        assertEquals(8, n);
    }

    /** Without 3.1.1 in the list, offset 92 is ClientStartTime and contexts are not written or read. */
    @Test
    void syntheticNo311NoContexts() {
        NegotiateRequest r = new NegotiateRequest(1, 0, UUID.randomUUID(), new int[] {0x0202, 0x0300},
                List.of(new NegotiateContext.Encryption(List.of(1))));
        byte[] enc = r.encode(Smb2Header.request(Smb2Command.NEGOTIATE, 0, 0, 0));
        assertEquals(64 + 36 + 4, enc.length);
        assertEquals(List.of(), NegotiateRequest.decode(Smb2Message.of(enc)).contexts());
    }

    @Test
    void namesOfConstants() {
        assertEquals("2.0.2", Dialect.name(0x0202));
        assertEquals("0x0222", Dialect.name(0x0222));
        assertEquals("0x0000007f (DFS|LEASING|LARGE_MTU|MULTI_CHANNEL|PERSISTENT_HANDLES|DIRECTORY_LEASING|ENCRYPTION)",
                Capabilities.describe(0x7f));
        assertEquals(List.of("NOTIFICATIONS", "0x80000000"), Capabilities.names(0x80000080));
        assertEquals("0x0001 (SIGNING_ENABLED)", SecurityMode.describe(1));
        assertEquals("STATUS_ACCESS_DENIED", NtStatus.name(0xC0000022L));
        assertEquals("STATUS_FS_DRIVER_REQUIRED", NtStatus.name(NtStatus.FS_DRIVER_REQUIRED));
        assertEquals("STATUS_INVALID_DEVICE_REQUEST", NtStatus.name(0xC0000010L));
        assertEquals("STATUS_NOT_SUPPORTED", NtStatus.name(0xC00000BBL));
        assertEquals("STATUS_FILE_CLOSED", NtStatus.name(0xC0000128L));
        assertEquals("STATUS_PENDING", NtStatus.name(0x103));
        assertEquals("0x12345678", NtStatus.name(0x12345678L));
        assertEquals("STATUS_USER_SESSION_DELETED", NtStatus.name(0xC0000203L));
        assertEquals("IOCTL", Smb2Command.name(0x0B));
        assertEquals("0x0099", Smb2Command.name(0x99));
        assertEquals("FSCTL_VALIDATE_NEGOTIATE_INFO", CtlCode.name(0x00140204));
    }

    @Test
    void guidByteOrder() {
        byte[] b = {0x20, (byte) 0xc2, (byte) 0xda, 0x43, 0x24, 0x0c, (byte) 0x93, 0x48, (byte) 0x8e, (byte) 0x98,
                (byte) 0x9f, (byte) 0xd6, 0x25, 0x18, (byte) 0xe5, (byte) 0x8a};
        UUID g = Guids.fromLittleEndian(b, 0);
        assertEquals("43dac220-0c24-4893-8e98-9fd62518e58a", g.toString());
        assertArrayEquals(b, Guids.toLittleEndian(g));
        assertThrows(Smb2FormatException.class, () -> Guids.fromLittleEndian(b, 1));
    }
}
