package org.negscope.ui.twopoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionPair;
import org.negscope.analysis.TwoPointMatcher;
import org.negscope.analysis.TwoPointResult;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.Ui;

/**
 * The two-point view on real pairs of captures taken on both sides of the rewriting proxy: the banner names
 * the change and the middlebox, the message is shown as sent and as received with the changed fields and bytes marked.
 */
class TwoPointTest {
    private Shell shell;
    private TwoPointComposite view;

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout());
            view = new TwoPointComposite(shell);
            shell.setSize(1300, 900);
            shell.open();
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> shell.dispose());
    }

    static TwoPointResult match(String mode) {
        return TwoPointMatcher.match(Reports.analyze(TestData.capture("samba-3.0.2-" + mode + ".client-side.pcap")),
                Reports.analyze(TestData.capture("samba-3.0.2-" + mode + ".server-side.pcap")));
    }

    static TableItem row(Table t, String field) {
        for (TableItem it : t.getItems()) {
            if (it.getText(0).trim().equals(field)) {
                return it;
            }
        }
        throw new AssertionError("no row " + field);
    }

    static boolean marked(TableItem it) {
        return it.getImage(0) != null && (it.getFont().getFontData()[0].getStyle() & SWT.BOLD) != 0;
    }

    @Test
    void strippedResponseCapabilityIsShownAsSentAndAsReceived() {
        TwoPointResult r = match("strip-resp-caps");
        Path a = TestData.capture("samba-3.0.2-strip-resp-caps.client-side.pcap");
        Path b = TestData.capture("samba-3.0.2-strip-resp-caps.server-side.pcap");
        Ui.run(() -> {
            view.setResult(r, a, b);
            ConnectionPair p = view.pair();
            assertNotNull(p);
            assertEquals(1, view.pairsTable().getItemCount());
            String banner = view.bannerText();
            assertTrue(banner.contains("middlebox changed the NEGOTIATE response"), banner);
            assertTrue(banner.contains("Capabilities 0x0000004f \u2192 0x0000004b"), banner);
            assertTrue(view.middleboxText().contains(p.middlebox().replaceFirst("^the middlebox between ", "")), "the middlebox is named");
            assertEquals(p.changes().size(), view.changesTable().getItemCount());

            // The NEGOTIATE response is chosen: sent by the server (server-side capture), received by the client.
            assertTrue(view.sentTitle().startsWith("As sent by the server (server-side capture, frame "), view.sentTitle());
            assertTrue(view.receivedTitle().startsWith("As received by the client (client-side capture, frame "), view.receivedTitle());
            TableItem sentCaps = row(view.sentFieldsTable(), "Capabilities");
            TableItem receivedCaps = row(view.receivedFieldsTable(), "Capabilities");
            assertTrue(sentCaps.getText(1).startsWith("0x0000004f"), sentCaps.getText(1));
            assertTrue(receivedCaps.getText(1).startsWith("0x0000004b"), receivedCaps.getText(1));
            assertTrue(marked(sentCaps) && marked(receivedCaps), "the changed field is marked on both sides");
            for (String same : List.of("ServerGuid", "SecurityMode", "DialectRevision", "MaxReadSize")) {
                assertTrue(!marked(row(view.sentFieldsTable(), same)), same + " is not marked");
            }
            // The changed byte (offset 88, 0x4f -> 0x4b) is marked in both hex dumps, its neighbours are not.
            int offset = p.bytes().get(0).offset();
            assertEquals(88, offset);
            assertEquals(view.sentHex().markColor().getRGB(), view.sentHex().backgroundOf(offset).getRGB());
            assertEquals(view.receivedHex().markColor().getRGB(), view.receivedHex().backgroundOf(offset).getRGB());
            // The changed field is selected on both sides: its other bytes lit, the changed one still marked within it.
            assertEquals("Capabilities", view.sentFieldsTable().getSelection()[0].getText(0).trim());
            assertEquals("Capabilities", view.receivedFieldsTable().getSelection()[0].getText(0).trim());
            assertEquals(view.sentHex().highlightColor().getRGB(), view.sentHex().backgroundOf(offset + 1).getRGB());
            assertNull(view.sentHex().backgroundOf(offset + 4), "the field after Capabilities");
            assertNull(view.sentHex().backgroundOf(offset - 1), "the field before Capabilities");
            // Selecting a field lights up its bytes.
            Table t = view.sentFieldsTable();
            t.setSelection(t.indexOf(sentCaps));
            t.notifyListeners(SWT.Selection, new Event());
            assertEquals(88, view.sentHex().highlighted().get(0)[0]);
            assertEquals(4, view.sentHex().highlighted().get(0)[1]);

            // The NEGOTIATE request went through unchanged: nothing marked.
            view.chooseMessage(0);
            assertTrue(view.rows().stream().noneMatch(MessageDiff.Row::differs), "request unchanged");
        });
    }

    @Test
    void shortenedDialectListLinesUpElementByElement() {
        TwoPointResult r = match("req-dialects");
        Ui.run(() -> {
            view.setResult(r, Path.of("client.pcap"), Path.of("server.pcap"));
            assertTrue(view.bannerText().contains("NEGOTIATE request"), view.bannerText());
            assertTrue(view.sentTitle().startsWith("As sent by the client (client-side capture"), view.sentTitle());
            assertTrue(row(view.sentFieldsTable(), "DialectCount").getText(1).equals("4"));
            assertTrue(row(view.receivedFieldsTable(), "DialectCount").getText(1).equals("3"));
            assertTrue(marked(row(view.sentFieldsTable(), "DialectCount")));
            long missing = view.rows().stream().filter(x -> x.received() == null).count();
            assertEquals(1, missing, "one dialect fewer arrived");
            assertEquals(3, view.changesTable().getItemCount(), "DialectCount, Dialects and the length");
        });
    }

    @Test
    void unchangedPathSaysSo() {
        // The same capture on both sides: every connection matches itself and nothing changed.
        TwoPointResult r = TwoPointMatcher.match(Reports.analyze(TestData.capture("samba-3.0.2-clean.pcap")),
                Reports.analyze(TestData.capture("samba-3.0.2-clean.pcap")));
        Ui.run(() -> {
            view.setResult(r, Path.of("a.pcap"), Path.of("a.pcap"));
            assertTrue(view.bannerText().startsWith("= The path changed nothing"), view.bannerText());
            assertEquals(0, view.changesTable().getItemCount());
        });
    }
}
