package org.negscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;
import org.negscope.smb2.Smb2Message;

class SideBySideTest {

    private static SideBySide.Row row(SideBySide.Section s, String field) {
        return s.rows().stream().filter(r -> r.field().equals(field)).findFirst().orElseThrow();
    }

    @Test
    void decodedMessagesGiveEveryValueWithNamedFlags() {
        SideBySide t = SideBySide.of(Fixtures.responseMismatchDecoded());
        SideBySide.Section req = t.request();
        assertEquals(List.of("Capabilities", "Guid", "SecurityMode", "Dialects"), req.rows().stream().map(SideBySide.Row::field).toList());
        assertEquals(4, req.negotiateFrame());
        assertEquals(12, req.validateFrame());
        for (SideBySide.Row r : req.rows()) {
            assertEquals(SideBySide.State.SAME, r.state(), r.field());
        }
        assertEquals("0x0000007f (DFS, LEASING, LARGE_MTU, MULTI_CHANNEL, PERSISTENT_HANDLES, DIRECTORY_LEASING, ENCRYPTION)",
                row(req, "Capabilities").negotiate());
        assertEquals(Fixtures.CLIENT_GUID.toString(), row(req, "Guid").validate());
        assertEquals("2.0.2, 2.1, 3.0, 3.0.2", row(req, "Dialects").negotiate());

        SideBySide.Section resp = t.response();
        SideBySide.Row caps = row(resp, "Capabilities");
        assertEquals(SideBySide.State.DIFFERS, caps.state());
        assertEquals("0x00000007 (DFS, LEASING, LARGE_MTU)", caps.negotiate());
        assertEquals("0x0000004f (DFS, LEASING, LARGE_MTU, MULTI_CHANNEL, ENCRYPTION)", caps.validate());
        SideBySide.Row mode = row(resp, "SecurityMode");
        assertEquals(SideBySide.State.DIFFERS, mode.state());
        assertEquals("0x0001 (SIGNING_ENABLED)", mode.negotiate());
        assertEquals("0x0003 (SIGNING_ENABLED, SIGNING_REQUIRED)", mode.validate());
        assertEquals(SideBySide.State.SAME, row(resp, "Guid").state());
        assertEquals("3.0.2", row(resp, "Dialect").validate());
        assertEquals("", resp.note());
    }

    @Test
    void withoutMessagesTheDifferencesStillFillTheirRows() {
        SideBySide t = SideBySide.of(Fixtures.responseMismatchDifferencesOnly());
        SideBySide.Row mode = row(t.response(), "SecurityMode");
        assertEquals(SideBySide.State.DIFFERS, mode.state());
        assertEquals("0x0001 (SIGNING_ENABLED)", mode.negotiate());
        SideBySide.Row caps = row(t.response(), "Capabilities");
        assertEquals(SideBySide.State.SAME, caps.state(), "the analysis compared this side and listed no Capabilities difference");
        assertNull(caps.negotiate(), "no value is invented");
        assertEquals(SideBySide.State.NOT_COMPARED, row(t.request(), "Guid").state(), "the request side was not reported on");
    }

    @Test
    void dialectListsAreShownAsLists() {
        SideBySide t = SideBySide.of(Fixtures.requestMismatchDialects());
        SideBySide.Row d = row(t.request(), "Dialects");
        assertEquals(SideBySide.State.DIFFERS, d.state());
        assertEquals("2.0.2, 2.1", d.negotiate());
        assertEquals("2.0.2, 2.1, 3.0, 3.0.2", d.validate());
        assertTrue(t.response().note().contains("no VALIDATE response in the capture"), t.response().note());
    }

    @Test
    void anErrorAnswerIsNamedInsteadOfDecodedAsABody() {
        SideBySide t = SideBySide.of(Fixtures.refusedNotSupported());
        assertEquals("VALIDATE response is STATUS_NOT_SUPPORTED (signed)", t.response().note());
        assertNull(row(t.response(), "Capabilities").validate());
        assertEquals("0x00000007 (DFS, LEASING, LARGE_MTU)", row(t.response(), "Capabilities").negotiate());
    }

    @Test
    void aMalformedMessageBecomesANoteNotAnException() {
        Smb2Message good = Fixtures.negotiateRequest(1, 0x7f, Fixtures.DIALECTS);
        byte[] cut = java.util.Arrays.copyOf(good.bytes(), 70); // header + 6 body bytes: the body is cut short
        ConnectionReport r = new ConnectionReport(0, "a:1", "b:445", "3.0.2", Verdict.INCOMPLETE, false, "cut", List.of(),
                SignatureStatus.NONE, TerminatedBy.UNKNOWN, new ConnectionReport.Frames(1, 0, 0, 0, 0), "MS-SMB2 2.2.3",
                Smb2Message.of(cut), null, null, null);
        SideBySide t = SideBySide.of(r);
        assertTrue(t.request().note().startsWith("NEGOTIATE request could not be decoded: "), t.request().note());
        assertEquals(SideBySide.State.NOT_COMPARED, row(t.request(), "Capabilities").state());
    }

    @Test
    void validatedMeansEveryRowSame() {
        SideBySide t = SideBySide.of(Fixtures.validatedDecoded());
        for (SideBySide.Section s : t.sections()) {
            for (SideBySide.Row r : s.rows()) {
                assertEquals(SideBySide.State.SAME, r.state(), s.side() + " " + r.field());
                assertTrue(r.negotiate() != null && r.negotiate().equals(r.validate()), r.field());
            }
        }
    }
}
