package org.negscope.smb2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The packet-detail tree: names from MS-SMB2, offsets from the ProtocolId, so the hex view can follow. */
class FieldTreeTest {

    @Test
    void negotiateRequestTree() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 11, Smb2Command.NEGOTIATE, false);
        Field t = FieldTree.describe(m);
        assertEquals("SMB2 NEGOTIATE Request", t.name());
        assertEquals(0, t.offset());
        assertEquals(m.length(), t.length());
        Field header = t.children().get(0);
        assertEquals("SMB2 Header", header.name());
        assertEquals(64, header.length());
        assertField(t, "Command", 12, 2, "NEGOTIATE");
        assertField(t, "MessageId", 24, 8, "0");
        assertField(t, "DialectCount", 66, 2, "5");
        assertField(t, "SecurityMode", 68, 2, "0x0001 (SIGNING_ENABLED)");
        assertField(t, "ClientGuid", 76, 16, "72e780ba-8aac-11ea-923b-00155d51715a");
        assertField(t, "NegotiateContextOffset", 92, 4, "0x00000070");
        Field dialects = t.find("Dialects");
        assertEquals(100, dialects.offset());
        assertEquals(10, dialects.length());
        assertEquals("[2.0.2, 2.1, 3.0, 3.0.2, 3.1.1]", dialects.value());
        Field ctx0 = t.find("NegotiateContextList[0]");
        assertEquals(0x70, ctx0.offset());
        assertEquals(8 + 38, ctx0.length());
        assertEquals("SMB2_PREAUTH_INTEGRITY_CAPABILITIES", ctx0.value());
        assertField(t, "HashAlgorithms[0]", 0x70 + 12, 2, "SHA-512");
        assertField(t, "NetName", -1, 22, "\"192.168.1.1\"");
        assertValuesMatchBytes(t, m);
    }

    @Test
    void sessionSetupTreeReachesNtlmssp() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 13, Smb2Command.SESSION_SETUP, false);
        Field t = FieldTree.describe(m);
        assertNotNull(t.find("SPNEGO negTokenInit"));
        assertEquals("NTLMSSP", t.find("mechTypes").value());
        Field v = t.find("Version");
        assertTrue(v.value().contains("10.0.19041"), v.value());
        assertField(t, "ProductBuild", -1, 2, "19041");
        // SecurityBuffer at 0x58; SPNEGO 60 48 | 06 06 oid | a0 3e | 30 3c | a0 0e | 30 0c | 06 0a oid | a2 2a | 04 28
        // = 34 bytes before the NTLMSSP NEGOTIATE, whose Version is at +32
        assertEquals(0x58 + 34 + 32, v.offset());
        assertEquals(10, m.bytes()[v.offset()]);
    }

    @Test
    void responsesAndErrors() {
        Smb2Message rsp = Real.message(Real.WIN10_WS2019, 12, Smb2Command.NEGOTIATE, true);
        Field t = FieldTree.describe(rsp);
        assertField(t, "DialectRevision", 68, 2, "3.1.1");
        assertField(t, "Capabilities", 88, 4, "0x0000002f (DFS|LEASING|LARGE_MTU|MULTI_CHANNEL|DIRECTORY_LEASING)");
        assertField(t, "SecurityBufferOffset", 120, 2, "0x0080");
        assertEquals("NEGOEX, NTLMSSP", t.find("mechTypes").value());
        assertField(t, "Status", 8, 4, "STATUS_SUCCESS");
        Smb2Message tc = Real.message(Real.WIN10_WS2019, 18, Smb2Command.TREE_CONNECT, true);
        assertField(FieldTree.describe(tc), "ShareType", 66, 1, "DISK");
    }

    @Test
    void otherCommandsGetHeaderAndStructureSize() {
        Smb2Message create = Real.decoded(Real.ZEEK_IOCTL).messages.stream()
                .filter(x -> x.firstFrame() == 180 && x.header().command() == Smb2Command.CREATE).findFirst().orElseThrow();
        Field t = FieldTree.describe(create);
        assertEquals("SMB2 CREATE Response", t.name());
        Field body = t.children().get(1);
        assertEquals("CREATE Response", body.name());
        assertField(body, "StructureSize", 64, 2, "89");
        assertField(t.children().get(0), "StructureSize", 4, 2, "64");
        assertEquals(0x98 - 66, t.find("Body").length());
    }

    @Test
    void malformedBodyStillShowsHeader() {
        byte[] b = Real.message(Real.WIN10_WS2019, 12, Smb2Command.NEGOTIATE, true).bytes();
        b[120] = 0x34;
        b[121] = 0x12;
        Field t = FieldTree.describe(Smb2Message.of(b));
        assertNotNull(t.find("SMB2 Header"));
        Field bad = t.find("(malformed)");
        assertTrue(bad.value().contains("SecurityBufferOffset 0x1234"), bad.value());
    }

    /** A broken NTLMSSP inside a good SPNEGO: one "(malformed NTLMSSP)" node, and later fields are not nested under it. */
    @Test
    void malformedInnerTokenIsContained() {
        byte[] b = Real.message(Real.WIN10_WS2019, 15, Smb2Command.SESSION_SETUP, false).bytes();
        int ntlm = 0x58 + 21; // start of the NTLMSSP AUTHENTICATE (see SessionSetupTest)
        b[ntlm + 20] = (byte) 0xff; // NtChallengeResponseLen
        b[ntlm + 21] = (byte) 0x7f;
        Field t = FieldTree.describe(Smb2Message.of(b));
        Field bad = t.find("(malformed NTLMSSP)");
        assertNotNull(bad, t.toTreeString());
        assertTrue(bad.value().contains("NtChallengeResponseLen 32767"), bad.value());
        Field token = t.find("responseToken");
        assertTrue(token.children().contains(bad), t.toTreeString());
        Field spnego = t.find("SPNEGO negTokenResp");
        assertEquals("mechListMIC", spnego.children().get(spnego.children().size() - 1).name(), t.toTreeString());
    }

    @Test
    void truncatedMessageTree() {
        Smb2Message m = Real.message(Real.WIN10_WS2019, 12, Smb2Command.NEGOTIATE, true);
        byte[] b = m.bytes();
        Smb2Message t = new Smb2Message(m.header(), Arrays.copyOf(b, 100), b.length, 1, 1, 0, 0, 0);
        Field f = FieldTree.describe(t);
        assertTrue(f.find("(malformed)").value().contains("truncated"), f.toTreeString());
        assertTrue(f.find("Body").value().contains("(34 kept)"), f.toTreeString());
    }

    @Test
    void transformTree() {
        TransformHeader th = Real.decoded(Real.ZEEK_SMB3).encrypted.get(0).t();
        Field f = FieldTree.describe(th);
        assertField(f, "OriginalMessageSize", 36, 4, "146");
        assertField(f, "SessionId", 44, 8, "0x000048009400003d");
        assertEquals(146, f.find("Encrypted message").length());
    }

    /** Every leaf lies inside the message and every child inside its parent. */
    private static void assertValuesMatchBytes(Field f, Smb2Message m) {
        for (Field c : f.children()) {
            assertTrue(c.offset() >= f.offset() && c.offset() + c.length() <= f.offset() + f.length(),
                    c.name() + " [" + c.offset() + "+" + c.length() + "] outside " + f.name());
            assertValuesMatchBytes(c, m);
        }
    }

    private static void assertField(Field tree, String name, int offset, int length, String value) {
        Field f = tree.find(name);
        assertNotNull(f, name + " in\n" + tree.toTreeString());
        if (offset >= 0) {
            assertEquals(offset, f.offset(), name + " offset");
        }
        assertEquals(length, f.length(), name + " length");
        assertEquals(value, f.value(), name + " value");
    }
}
