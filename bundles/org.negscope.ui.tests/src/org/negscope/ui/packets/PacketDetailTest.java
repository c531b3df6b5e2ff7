package org.negscope.ui.packets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.TimelineEvent;
import org.negscope.capture.Progress;
import org.negscope.smb2.Field;
import org.negscope.smb2.Smb2Message;
import org.negscope.ui.credentials.Credentials;
import org.negscope.ui.sidebyside.SideBySideComposite;
import org.negscope.ui.sidebyside.SideBySideModel;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.Ui;

/**
 * The packet-detail tree + hex view on real Samba captures: every message of the connection read
 * again, the field tree linked with the hex dump both ways, and the side-by-side view's link into it.
 */
public class PacketDetailTest {
    static final String CLEAN = "samba-3.0.2-clean.pcap";
    private Shell shell;
    private PacketDetailComposite view;

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout());
            view = new PacketDetailComposite(shell);
            shell.setSize(1200, 800);
            shell.open();
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> shell.dispose());
    }

    public static MessageSource source(Path capture, ConnectionReport r, Credentials credentials) {
        return new MessageSource() {
            @Override public ConnectionMessages load(Progress p) throws Exception {
                return ConnectionMessages.read(capture, r, p, credentials);
            }
            @Override public String name() { return capture.getFileName().toString(); }
        };
    }

    /** Shows the connection with all its messages and waits for the reading job. */
    void showAll(Path capture, ConnectionReport r) {
        Ui.run(() -> view.setConnection(r, source(capture, r, null)));
        Ui.waitUntil("all messages read", 60, () -> !view.isLoading());
    }

    @Test
    void hexDumpMapsEveryByteBothWays() {
        ConnectionReport r = Reports.withValidate(Reports.analyze(TestData.capture(CLEAN)));
        byte[] b = r.negotiateResponse().bytes();
        HexDump d = new HexDump(b);
        String text = d.text();
        assertEquals((b.length + 15) / 16, text.split("\n").length);
        assertTrue(text.startsWith("0000  fe 53 4d 42 40 00 "), text.substring(0, 40));
        for (int i = 0; i < b.length; i++) {
            int h = d.hexOffset(i);
            assertEquals(String.format("%02x", b[i] & 0xff), text.substring(h, h + 2), "hex of byte " + i);
            assertEquals(i, d.byteAt(h), "first digit of byte " + i);
            assertEquals(i, d.byteAt(h + 1), "second digit of byte " + i);
            char c = text.charAt(d.asciiOffset(i));
            int v = b[i] & 0xff;
            assertEquals(v >= 0x20 && v < 0x7f ? (char) v : '.', c, "ASCII of byte " + i);
            assertEquals(i, d.byteAt(d.asciiOffset(i)), "ASCII column of byte " + i);
        }
        assertEquals(-1, d.byteAt(0), "the offset column is no byte");
        assertEquals(-1, d.byteAt(d.lineLength() - 1), "the line end is no byte");
        // A field crossing a line: one hex run and one ASCII run per line.
        List<HexDump.Span> spans = d.spans(14, 4);
        assertEquals(4, spans.size());
        assertEquals(d.hexOffset(14), spans.get(0).start());
        assertEquals(d.hexOffset(15) + 2, spans.get(0).start() + spans.get(0).length());
        assertEquals(d.hexOffset(16), spans.get(2).start());
        assertEquals(d.asciiOffset(16), spans.get(3).start());
        assertEquals(2, spans.get(3).length());
        assertTrue(d.spans(b.length - 1, 100).size() == 2, "clipped at the end of the data");
    }

    @Test
    void deepestFieldHoldingAByte() {
        ConnectionReport r = Reports.withValidate(Reports.analyze(TestData.capture(CLEAN)));
        Field root = org.negscope.smb2.FieldTree.describe(r.validateResponse());
        Field caps = FieldPaths.forRow(root, SideBySideModel.CAPABILITIES).get(0);
        List<Field> path = FieldPaths.deepestAt(root, caps.offset() + 2);
        assertEquals(caps, path.get(path.size() - 1));
        assertEquals(root, path.get(0));
        assertTrue(path.size() >= 4, "root > IOCTL Response > Buffer > Capabilities: " + path);
        assertEquals("Signature", last(FieldPaths.deepestAt(root, 50)).name());
        assertEquals("ProtocolId", last(FieldPaths.deepestAt(root, 0)).name());
        assertTrue(FieldPaths.deepestAt(root, 100_000).isEmpty());
        // The side-by-side rows name the same value differently in each message.
        Field nq = org.negscope.smb2.FieldTree.describe(r.negotiateRequest());
        assertEquals("ClientGuid", FieldPaths.forRow(nq, SideBySideModel.GUID).get(0).name());
        Field ns = org.negscope.smb2.FieldTree.describe(r.negotiateResponse());
        assertEquals("ServerGuid", FieldPaths.forRow(ns, SideBySideModel.GUID).get(0).name());
        assertEquals("DialectRevision", FieldPaths.forRow(ns, SideBySideModel.DIALECT).get(0).name());
        Field vq = org.negscope.smb2.FieldTree.describe(r.validateRequest());
        List<Field> dialects = FieldPaths.forRow(vq, SideBySideModel.DIALECTS);
        assertEquals("DialectCount", dialects.get(0).name());
        assertEquals(5, dialects.size(), "DialectCount and the four Dialects[i] of Samba's request: " + dialects);
        // In an IOCTL the fields come from the VALIDATE_NEGOTIATE_INFO buffer (offset 120 on), not the IOCTL itself.
        assertTrue(FieldPaths.forRow(vq, SideBySideModel.SECURITY_MODE).get(0).offset() >= 120);
    }

    private static Field last(List<Field> path) {
        return path.get(path.size() - 1);
    }

    @Test
    void listsEveryMessageOfTheConnection() throws Exception {
        Path capture = TestData.capture(CLEAN);
        ConnectionReport r = Reports.withValidate(Reports.analyze(capture));
        ConnectionMessages all = ConnectionMessages.read(capture, r, Progress.NONE);
        List<Long> smbFrames = new ArrayList<>();
        for (TimelineEvent e : r.timelineEvents()) {
            if (e.kind() == TimelineEvent.Kind.SMB2_REQUEST || e.kind() == TimelineEvent.Kind.SMB2_RESPONSE) {
                smbFrames.add(e.frame());
            }
        }
        List<Long> frames = all.entries().stream().map(MessageEntry::frame).toList();
        assertEquals(smbFrames, frames, "the same SMB2 messages as the analysis' timeline");
        assertTrue(all.complete());
        List<String> titles = all.entries().stream().map(MessageEntry::title).toList();
        for (String t : List.of("NEGOTIATE request", "NEGOTIATE response", "SESSION_SETUP request", "SESSION_SETUP response",
                "TREE_CONNECT request", "TREE_CONNECT response", "IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO request",
                "IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO response")) {
            assertTrue(titles.contains(t), t + " in " + titles);
        }
        assertEquals(4, all.entries().stream().filter(MessageEntry::isValidate).count(), "two VALIDATE exchanges");
        // The report's messages are found in the re-read list.
        for (Smb2Message m : new Smb2Message[] {r.negotiateRequest(), r.negotiateResponse(), r.validateRequest(), r.validateResponse()}) {
            assertEquals(1, all.entries().stream().filter(e -> e.sameAs(m)).count(), m.toString());
        }
        // Without reading the capture: only what the verdict rests on.
        ConnectionMessages quick = ConnectionMessages.fromReport(r);
        assertFalse(quick.complete());
        assertEquals(r.frames().negotiateRequest(), quick.entries().get(0).frame());
    }

    @Test
    void errorAnswerIsNamedAfterItsRequest() throws Exception {
        Path capture = TestData.capture("samba-3.0.2-validate-not-supported.pcap");
        ConnectionReport r = Reports.withValidate(Reports.analyze(capture));
        ConnectionMessages all = ConnectionMessages.read(capture, r, Progress.NONE);
        MessageEntry answer = all.entries().stream().filter(e -> e.sameAs(r.validateResponse())).findFirst().orElseThrow();
        assertEquals("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO response", answer.title());
        assertEquals("STATUS_NOT_SUPPORTED", answer.status());
        assertTrue(answer.describe().toTreeString().contains("ERROR"), answer.describe().toTreeString());
    }

    @Test
    void selectingAFieldHighlightsItsBytesAndClickingAByteSelectsTheField() {
        Path capture = TestData.capture(CLEAN);
        ConnectionReport r = Reports.withValidate(Reports.analyze(capture));
        showAll(capture, r);
        Ui.run(() -> {
            assertTrue(view.statusText().startsWith(view.entries().size() + " message(s)"), view.statusText());
            assertTrue(view.entries().size() > 30, "all messages, not only the report's: " + view.entries().size());

            view.showMessage(r.validateResponse(), SideBySideModel.CAPABILITIES);
            assertTrue(view.currentEntry().sameAs(r.validateResponse()));
            assertEquals(view.entries().indexOf(view.currentEntry()), view.messagesTable().getSelectionIndex());
            List<Field> sel = view.selectedFields();
            assertEquals(1, sel.size());
            Field caps = sel.get(0);
            assertEquals("Capabilities", caps.name());
            assertEquals(4, caps.length());
            assertTrue(caps.value().startsWith("0x0000004f"), caps.value());
            List<int[]> lit = view.hexView().highlighted();
            assertEquals(1, lit.size());
            assertArrayEquals(new int[] {caps.offset(), 4}, lit.get(0));
            HexView hex = view.hexView();
            assertEquals(hex.highlightColor().getRGB(), hex.backgroundOf(caps.offset()).getRGB());
            assertEquals(hex.highlightColor().getRGB(), hex.backgroundOf(caps.offset() + 3).getRGB());
            assertNull(hex.backgroundOf(caps.offset() + 4), "the byte after the field");
            assertNull(hex.backgroundOf(caps.offset() - 1), "the byte before the field");
            assertTrue(view.messageLineText().contains("Frame " + r.frames().validateResponse()), view.messageLineText());

            // Clicking bytes selects the deepest field holding them.
            view.clickByte(50);
            assertEquals("Signature", only(view.selectedFields()).name());
            assertArrayEquals(new int[] {48, 16}, view.hexView().highlighted().get(0));
            view.clickByte(69);
            assertEquals("CtlCode", only(view.selectedFields()).name());
            assertTrue(only(view.selectedFields()).value().contains("FSCTL_VALIDATE_NEGOTIATE_INFO"));

            // Another message from the list.
            int negotiate = -1;
            for (int i = 0; i < view.entries().size(); i++) {
                if (view.entries().get(i).title().equals("NEGOTIATE request")) {
                    negotiate = i;
                }
            }
            Table t = view.messagesTable();
            t.setSelection(negotiate);
            t.notifyListeners(SWT.Selection, new Event());
            assertEquals("NEGOTIATE request", view.currentEntry().title());
            view.clickByte(100);
            List<Field> d = view.selectedFields();
            assertEquals("Dialect", only(d).name());
            assertEquals("2.0.2", only(d).value());
        });
    }

    private static Field only(List<Field> l) {
        assertEquals(1, l.size(), l.toString());
        return l.get(0);
    }

    @Test
    void sideBySideDoubleClickOpensTheClickedMessageWithTheRowsField() {
        Path capture = TestData.capture(TestData.STRIP_RESP_CAPS);
        ConnectionReport r = Reports.withValidate(Reports.analyze(capture));
        AtomicReference<Object[]> opened = new AtomicReference<>();
        Ui.run(() -> {
            Shell s2 = new Shell(Ui.display());
            s2.setLayout(new FillLayout());
            SideBySideComposite sbs = new SideBySideComposite(s2);
            s2.setSize(1200, 600);
            s2.open();
            try {
                sbs.setOpener((c, m, row) -> opened.set(new Object[] {c, m, row}));
                sbs.setConnection(r);
                Table resp = sbs.responseTable();
                int caps = -1;
                for (int i = 0; i < resp.getItemCount(); i++) {
                    if (resp.getItem(i).getText(0).equals("Capabilities")) {
                        caps = i;
                    }
                }
                // A real double-click on the NEGOTIATE cell of the Capabilities row.
                Rectangle cell = resp.getItem(caps).getBounds(1);
                Event e = new Event();
                e.x = cell.x + cell.width / 2;
                e.y = cell.y + cell.height / 2;
                e.button = 1;
                resp.notifyListeners(SWT.MouseDoubleClick, e);
                assertNotNull(opened.get(), "double-click opened nothing");
                assertEquals(r, opened.get()[0]);
                assertEquals(r.negotiateResponse(), opened.get()[1]);
                assertEquals("Capabilities", opened.get()[2]);
                // ... on the VALIDATE cell: the VALIDATE response.
                cell = resp.getItem(caps).getBounds(2);
                e.x = cell.x + cell.width / 2;
                e.y = cell.y + cell.height / 2;
                resp.notifyListeners(SWT.MouseDoubleClick, e);
                assertEquals(r.validateResponse(), opened.get()[1]);
                // A frame header opens the whole message.
                sbs.requestTable().getColumn(1).notifyListeners(SWT.Selection, new Event());
                assertEquals(r.negotiateRequest(), opened.get()[1]);
                assertNull(opened.get()[2]);
            } finally {
                s2.dispose();
            }
        });
        // What the opener does in the workbench: the detail view shows that message with the field selected.
        showAll(capture, r);
        Ui.run(() -> {
            view.showMessage(r.negotiateResponse(), "Capabilities");
            Field f = only(view.selectedFields());
            assertEquals("Capabilities", f.name());
            assertTrue(f.value().startsWith("0x0000004b"), "the stripped value as the client received it: " + f.value());
            assertNotEquals(view.currentEntry().message(), r.validateResponse());
        });
    }
}
