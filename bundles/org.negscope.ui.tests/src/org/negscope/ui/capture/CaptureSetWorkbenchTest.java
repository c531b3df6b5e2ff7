package org.negscope.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.diagnosis.DiagnosisView;
import org.negscope.ui.packets.ConnectionMessages;
import org.negscope.ui.packets.MessageEntry;
import org.negscope.ui.tests.Screenshots;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;

/**
 * File > Open Capture Set… as the workbench does it ({@link Captures#openSet}): a committed capture cut into three pcap
 * files at record boundaries, opened as one set in one editor; the verdict and the evidence frames must be the whole
 * file's (frames numbered across the set), the editor's status names the files.
 */
class CaptureSetWorkbenchTest {
    private IWorkbenchPage page;
    @TempDir Path tmp;

    @BeforeEach
    void page() {
        TestSecureStorage.install();
        assertTrue(Ui.inWorkbench(), "these tests run inside NegScope's workbench (Tycho UI harness)");
        page = Ui.call(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage());
    }

    @AfterEach
    void closeEditors() {
        Ui.run(() -> page.closeAllEditors(false));
    }

    /** The pcap cut into files of {@code per} records (each with a copy of the 24-byte file header). */
    static List<Path> cut(Path whole, Path dir, int per) throws IOException {
        byte[] b = Files.readAllBytes(whole);
        List<Path> out = new ArrayList<>();
        ByteArrayOutputStream piece = null;
        for (int p = 24, n = 0; p + 16 <= b.length; n++) {
            int len = (b[p + 8] & 0xFF) | (b[p + 9] & 0xFF) << 8 | (b[p + 10] & 0xFF) << 16 | (b[p + 11] & 0xFF) << 24;
            if (n % per == 0) {
                if (piece != null) {
                    out.add(Files.write(dir.resolve("ring" + out.size() + ".pcap"), piece.toByteArray()));
                }
                piece = new ByteArrayOutputStream();
                piece.write(b, 0, 24);
            }
            piece.write(b, p, 16 + len);
            p += 16 + len;
        }
        out.add(Files.write(dir.resolve("ring" + out.size() + ".pcap"), piece.toByteArray()));
        return out;
    }

    @Test
    void aSplitCaptureOpensAsOneSetWithTheWholeFilesVerdict() throws Exception {
        Path whole = TestData.capture(TestData.STRIP_RESP_CAPS);
        CaptureEditor one = Ui.call(() -> Captures.open(page, whole));
        Ui.waitUntil("analysis of the whole file", 120, () -> one.pane().isFinished());
        ConnectionReport expected = Ui.call(() -> (ConnectionReport) one.pane().viewer().getTable().getItem(0).getData());
        Ui.run(() -> page.closeAllEditors(false));

        List<Path> parts = cut(whole, Files.createDirectory(tmp.resolve("customer-ring")), 9);
        assertEquals(3, parts.size());
        // given out of order: the set is read in the order of its packets' times
        CaptureEditor editor = Ui.call(() -> Captures.openSet(page, List.of(parts.get(2), parts.get(0), parts.get(1))));
        Ui.waitUntil("analysis of the capture set", 120, () -> editor.pane().isFinished());
        DiagnosisView diagnosis = Ui.call(() -> (DiagnosisView) page.findView(DiagnosisView.ID));
        ConnectionReport row = Ui.call(() -> {
            assertEquals("ring2.pcap (+2)", editor.getPartName());
            String status = editor.pane().statusText();
            assertTrue(status.startsWith("1 SMB2 connection(s), 1 fatal \u2014 23 frames (set of 3 files)"), status);
            String title = editor.pane().titleText();
            assertTrue(title.startsWith("Capture set: ring0.pcap (pcap, frames 1\u20139), ring1.pcap (pcap, frames 10\u201318),"
                    + " ring2.pcap (pcap, frames 19\u201323) \u2014 in "), title);
            TableItem[] items = editor.pane().viewer().getTable().getItems();
            assertEquals(1, items.length);
            ConnectionReport r = (ConnectionReport) items[0].getData();
            editor.pane().viewer().setSelection(new StructuredSelection(r), true);
            return r;
        });
        assertNotNull(row);
        assertEquals(expected.verdict(), row.verdict());
        assertEquals(expected.frames(), row.frames(), "evidence frames numbered across the set as in the whole file");
        assertEquals(expected.differences(), row.differences());
        assertEquals(expected.summary(), row.summary());
        Ui.waitUntil("the diagnosis to follow the selection", 10, () -> diagnosis.composite().connection() == row);
        // the packet detail reads the set again: the same messages, with the set-wide frames, as from the whole file
        List<Long> fromSet = ConnectionMessages.readSet(parts, row, org.negscope.capture.Progress.NONE, null).entries().stream()
                .map(MessageEntry::frame).toList();
        List<Long> fromWhole = ConnectionMessages.read(whole, expected, org.negscope.capture.Progress.NONE).entries().stream()
                .map(MessageEntry::frame).toList();
        assertTrue(fromWhole.size() >= 8, fromWhole.toString());
        assertEquals(fromWhole, fromSet);
        Ui.run(() -> Screenshots.take(page.getWorkbenchWindow().getShell(), "screenshot-capture-set"));
    }
}
