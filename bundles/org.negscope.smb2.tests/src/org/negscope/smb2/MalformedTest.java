package org.negscope.smb2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Hostile and broken input: only Smb2FormatException, naming structure, field and offset. */
class MalformedTest {

    private static Smb2Message msg(byte[] b) {
        return Smb2Message.of(b);
    }

    private static String error(Function<Smb2Message, ?> decoder, byte[] b) {
        return assertThrows(Smb2FormatException.class, () -> decoder.apply(msg(b))).getMessage();
    }

    @Test
    void truncatedHeader() {
        byte[] b = Arrays.copyOf(Logoff.encode(Smb2Header.request(Smb2Command.LOGOFF, 1, 1, 0)), 40);
        String e = assertThrows(Smb2FormatException.class, () -> Smb2Header.decode(b, 0)).getMessage();
        assertTrue(e.startsWith("Smb2Header."), e);
        assertTrue(e.contains("40"), e);
        assertThrows(Smb2FormatException.class, () -> Smb2Header.decode(b, 100));
        assertThrows(Smb2FormatException.class, () -> Smb2Header.decode(new byte[64], 0));
    }

    @Test
    void securityBufferOffsetPastEnd() {
        Smb2Message real = Real.message(Real.WIN10_WS2019, 12, Smb2Command.NEGOTIATE, true);
        byte[] b = real.bytes();
        b[120] = 0x34;
        b[121] = 0x12; // SecurityBufferOffset 0x1234
        String e = error(NegotiateResponse::decode, b);
        assertEquals("NegotiateResponse.SecurityBufferOffset 0x1234 points past the end of the " + b.length
                + "-byte message", e);
    }

    @Test
    void securityBufferLengthPastEnd() {
        byte[] b = Real.message(Real.WIN10_WS2019, 13, Smb2Command.SESSION_SETUP, false).bytes();
        b[78] = (byte) 0xff;
        b[79] = (byte) 0x7f;
        String e = error(SessionSetupRequest::decode, b);
        assertTrue(e.startsWith("SessionSetupRequest.SecurityBufferLength 32767 at SecurityBufferOffset 0x58 runs past the end"), e);
    }

    @Test
    void hugeDialectCount() {
        byte[] b = Real.message(Real.WIN10_WS2019, 11, Smb2Command.NEGOTIATE, false).bytes();
        b[66] = (byte) 0xff;
        b[67] = (byte) 0xff;
        String e = error(NegotiateRequest::decode, b);
        assertTrue(e.startsWith("NegotiateRequest.DialectCount count 65535 (131070 bytes at offset 0x64) runs past the end"), e);
    }

    @Test
    void hugeNegotiateContextCount() {
        byte[] b = Real.message(Real.WIN10_WS2019, 11, Smb2Command.NEGOTIATE, false).bytes();
        b[96] = (byte) 0xff;
        b[97] = (byte) 0xff;
        String e = error(NegotiateRequest::decode, b);
        assertTrue(e.startsWith("NegotiateRequest.NegotiateContextCount count 65535"), e);
    }

    @Test
    void contextDataLengthPastEnd() {
        byte[] b = Real.message(Real.WIN10_WS2019, 11, Smb2Command.NEGOTIATE, false).bytes();
        int ctx = 0x70; // NegotiateContextOffset (tshark)
        b[ctx + 2] = (byte) 0xf0;
        b[ctx + 3] = 0x0f;
        String e = error(NegotiateRequest::decode, b);
        assertTrue(e.contains("NegotiateContextList[0].DataLength 4080"), e);
    }

    @Test
    void hashAlgorithmCountPastContextData() {
        byte[] b = Real.message(Real.WIN10_WS2019, 11, Smb2Command.NEGOTIATE, false).bytes();
        int ctx = 0x70;
        b[ctx + 8] = 100; // HashAlgorithmCount 100 in a 38-byte Data
        String e = error(NegotiateRequest::decode, b);
        assertTrue(e.startsWith("NegotiateRequest.NegotiateContextList[0].HashAlgorithms count 100"), e);
        assertTrue(e.contains("38-byte Data of NegotiateContextList[0]"), e);
    }

    @Test
    void wrongCommandOrDirection() {
        Smb2Message q = Real.message(Real.WIN10_WS2019, 11, Smb2Command.NEGOTIATE, false);
        String e = assertThrows(Smb2FormatException.class, () -> NegotiateResponse.decode(q)).getMessage();
        assertEquals("NegotiateResponse: the message is an SMB2 NEGOTIATE request, not NEGOTIATE response", e);
        assertThrows(Smb2FormatException.class, () -> IoctlRequest.decode(q));
    }

    @Test
    void ioctlInputPastEnd() {
        byte[] b = IoctlRequest.validateNegotiateInfo(
                new ValidateNegotiateInfoRequest(1, UUID.randomUUID(), 1, new int[] {0x300}), 24)
                .encode(Smb2Header.request(Smb2Command.IOCTL, 1, 1, 1));
        b[92] = (byte) 0xff; // InputCount 255
        String e = error(IoctlRequest::decode, b);
        assertTrue(e.startsWith("IoctlRequest.InputCount 255 at InputOffset 0x78 runs past the end of the 146-byte message"), e);
    }

    @Test
    void validateDialectCountPastInput() {
        byte[] in = new ValidateNegotiateInfoRequest(1, UUID.randomUUID(), 1, new int[] {0x300}).encode();
        in[22] = 9;
        String e = assertThrows(Smb2FormatException.class, () -> ValidateNegotiateInfoRequest.decode(in)).getMessage();
        assertTrue(e.startsWith("ValidateNegotiateInfoRequest.DialectCount count 9"), e);
        String r = assertThrows(Smb2FormatException.class,
                () -> ValidateNegotiateInfoResponse.decode(new byte[20])).getMessage();
        assertTrue(r.startsWith("ValidateNegotiateInfoResponse.Dialect"), r);
    }

    @Test
    void ntlmsspPayloadPastEnd() {
        byte[] tok = new NtlmAuthenticate(new byte[24], new byte[50], "D", "U", "W", new byte[16],
                Ntlmssp.DEFAULT_CLIENT_FLAGS, new NtlmVersion(10, 0, 1, 15), new byte[16], 72).encode();
        tok[20] = (byte) 0xff; // NtChallengeResponseLen 0x..ff
        tok[21] = 0x7f;
        String e = assertThrows(Smb2FormatException.class, () -> Ntlmssp.decode(tok)).getMessage();
        assertTrue(e.startsWith("NTLMSSP AUTHENTICATE.NtChallengeResponseLen 32767"), e);
        assertThrows(Smb2FormatException.class, () -> Ntlmssp.decode("NTLMSSP\0".getBytes()));
        byte[] bad = Arrays.copyOf(tok, 20);
        bad[8] = 9;
        assertTrue(assertThrows(Smb2FormatException.class, () -> Ntlmssp.decode(bad)).getMessage().contains("MessageType 9"));
    }

    @Test
    void spnegoHostileLengths() {
        byte[] blob = Real.message(Real.WIN10_WS2019, 13, Smb2Command.SESSION_SETUP, false).bytes();
        byte[] sb = Arrays.copyOfRange(blob, 0x58, 0x58 + 74);
        sb[1] = (byte) 0x84; // long-form length of 4 bytes: 0x06062b06 > buffer
        assertThrows(Smb2FormatException.class, () -> Spnego.decode(sb));
        byte[] indefinite = {0x60, (byte) 0x80, 0, 0};
        assertTrue(assertThrows(Smb2FormatException.class, () -> Spnego.decode(indefinite)).getMessage()
                .contains("DER length form 0x80"));
        assertThrows(Smb2FormatException.class, () -> Spnego.decode(new byte[0]));
        assertThrows(Smb2FormatException.class, () -> Spnego.decode(new byte[] {(byte) 0xa1, 5, 0x30, 3}));
    }

    @Test
    void errorContextLengthPastByteCount() {
        Smb2Header h = new Smb2Header(1, NtStatus.BAD_NETWORK_NAME, Smb2Command.TREE_CONNECT, 1, 1, 0, 1, 0, 0, 0, 1, null);
        byte[] data = new byte[16];
        data[0] = 100; // ErrorDataLength 100
        byte[] b = ErrorResponse.encode(h, data);
        b[66] = 1; // ErrorContextCount 1
        String e = error(ErrorResponse::decode, b);
        assertTrue(e.startsWith("ErrorResponse.ErrorContext[0].ErrorDataLength 100"), e);
    }

    /** Real messages cut at every length and with random bytes changed: decoders only ever throw Smb2FormatException. */
    @Test
    void fuzzRealMessages() {
        List<Smb2Message> corpus = new ArrayList<>();
        for (String f : List.of(Real.WIN10_WS2019, Real.ZEEK_CONTEXTS, Real.ZEEK_IOCTL, Real.WIN10_WS2019_DOMAIN)) {
            for (Smb2Message m : Real.decoded(f).messages) {
                int c = m.header().command();
                if (c <= Smb2Command.TREE_CONNECT || c == Smb2Command.IOCTL) {
                    corpus.add(m);
                }
            }
        }
        assertTrue(corpus.size() > 100);
        Random rnd = new Random(20261125);
        int decoded = 0;
        int rejected = 0;
        for (Smb2Message m : corpus) {
            byte[] b = m.bytes();
            for (int len = 64; len < b.length; len += Math.max(1, b.length / 40)) {
                Smb2Message t = new Smb2Message(m.header(), Arrays.copyOf(b, len), b.length, 0, 0, 0, 0, 0);
                int r = decodeAll(t);
                decoded += r > 0 ? 1 : 0;
                rejected += r < 0 ? 1 : 0;
            }
            for (int i = 0; i < 25; i++) {
                byte[] x = b.clone();
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    x[64 + rnd.nextInt(x.length - 64)] = (byte) (rnd.nextInt(4) == 0 ? 0xff : rnd.nextInt(256));
                }
                int r = decodeAll(new Smb2Message(m.header(), x, x.length, 0, 0, 0, 0, 0));
                decoded += r > 0 ? 1 : 0;
                rejected += r < 0 ? 1 : 0;
            }
        }
        assertTrue(decoded > 500, "some mutations still decode: " + decoded);
        assertTrue(rejected > 500, "many are rejected: " + rejected);
    }

    /** 1 decoded, -1 rejected with Smb2FormatException; anything else fails the test. */
    private static int decodeAll(Smb2Message m) {
        Field tree = FieldTree.describe(m); // must never throw
        assertNotNull(tree);
        try {
            Smb2Header h = m.header();
            boolean rsp = h.isResponse();
            if (ErrorResponse.isErrorResponse(m)) {
                ErrorResponse.decode(m);
                return 1;
            }
            switch (h.command()) {
                case Smb2Command.NEGOTIATE -> {
                    if (rsp) {
                        NegotiateResponse r = NegotiateResponse.decode(m);
                        if (r.securityBuffer().length > 0) {
                            r.spnego();
                        }
                    } else {
                        NegotiateRequest.decode(m);
                    }
                }
                case Smb2Command.SESSION_SETUP -> {
                    if (rsp) {
                        SessionSetupResponse.decode(m).ntlmssp();
                    } else {
                        SessionSetupRequest.decode(m).ntlmssp();
                    }
                }
                case Smb2Command.TREE_CONNECT -> {
                    if (rsp) {
                        TreeConnectResponse.decode(m);
                    } else {
                        TreeConnectRequest.decode(m);
                    }
                }
                case Smb2Command.LOGOFF -> Logoff.decode(m);
                case Smb2Command.IOCTL -> {
                    if (rsp) {
                        IoctlResponse.decode(m);
                    } else {
                        IoctlRequest.decode(m);
                    }
                }
                default -> {
                }
            }
            return 1;
        } catch (Smb2FormatException e) {
            assertNotNull(e.getMessage());
            return -1;
        } catch (RuntimeException e) {
            fail("unexpected " + e + " for " + m, e);
            return 0;
        }
    }

    /** Random mutations of a whole real stream, fed in random pieces: the decoder reports, never throws. */
    @Test
    void fuzzStreamDecoder() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (TestPcap.TcpFrame f : TestPcap.byDirection(TestPcap.read(TestData.external(Real.WIN10_WS2019)))
                .get("192.168.1.1:445>192.168.1.101:49686")) {
            out.write(f.payload());
        }
        byte[] s = out.toByteArray();
        Random rnd = new Random(7);
        for (int round = 0; round < 80; round++) {
            byte[] x = s.clone();
            for (int k = rnd.nextInt(6); k > 0; k--) {
                x[rnd.nextInt(x.length)] = (byte) rnd.nextInt(256);
            }
            Collector c = new Collector();
            Smb2StreamDecoder d = new Smb2StreamDecoder(c, 64 + rnd.nextInt(2000));
            int p = 0;
            while (p < x.length) {
                int n = Math.min(x.length - p, 1 + rnd.nextInt(300));
                if (rnd.nextInt(50) == 0) {
                    d.gap(p, n, round);
                } else {
                    d.feed(ByteBuffer.wrap(x, p, n), p, round, 0);
                }
                p += n;
            }
            for (Smb2Message m : c.messages) {
                assertTrue(m.keptLength() <= m.length());
                decodeAll(m);
            }
        }
    }
}
