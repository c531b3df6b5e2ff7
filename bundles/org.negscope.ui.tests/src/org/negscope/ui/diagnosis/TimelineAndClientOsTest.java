package org.negscope.ui.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.TimelineEvent;
import org.negscope.remedy.HostOs;
import org.negscope.remedy.WindowsVersion;
import org.negscope.ui.packets.PacketDetailComposite;
import org.negscope.ui.packets.PacketDetailTest;
import org.negscope.ui.sidebyside.SideBySideComposite;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.Ui;

/**
 * Diagnosis in the views: the timeline next to the side-by-side (and its link into the packet detail), and the client
 * OS the capture names (NTLMSSP Version) shown and fed into the Fix tab without the user choosing it.
 */
class TimelineAndClientOsTest {
    private Shell shell;

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout());
            shell.setSize(1200, 700);
            shell.open();
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> shell.dispose());
    }

    @Test
    void timelineListsTheEventsMarksTheEvidenceAndOpensMessages() {
        Path capture = TestData.capture(TestData.STRIP_RESP_CAPS);
        ConnectionReport r = Reports.withValidate(Reports.analyze(capture));
        AtomicReference<long[]> opened = new AtomicReference<>();
        Ui.run(() -> {
            TimelineComposite t = new TimelineComposite(shell);
            shell.layout(true, true);
            t.setOpener((c, frame, id, response) -> opened.set(new long[] {frame, id, response ? 1 : 0}));
            t.setConnection(r);
            List<TimelineEvent> events = r.timelineEvents();
            assertFalse(events.isEmpty());
            List<TimelineEvent> rows = t.rowEvents();
            assertEquals(events, rows.stream().filter(e -> e != null).toList(), "every kept event, in order");
            TableItem[] items = t.table().getItems();
            int validateRow = -1;
            int endRow = -1;
            for (int i = 0; i < rows.size(); i++) {
                TimelineEvent e = rows.get(i);
                if (e == null) {
                    continue;
                }
                assertEquals(Long.toString(e.frame()), items[i].getText(0));
                assertEquals(e.text(), items[i].getText(3));
                boolean bold = (items[i].getFont().getFontData()[0].getStyle() & SWT.BOLD) != 0;
                boolean evidence = e.frame() == r.frames().negotiateRequest() || e.frame() == r.frames().negotiateResponse()
                        || e.frame() == r.frames().validateRequest() || e.frame() == r.frames().validateResponse()
                        || e.frame() == r.frames().termination();
                assertEquals(evidence, bold, "bold exactly on the verdict's frames: " + e.text());
                if (e.frame() == r.frames().validateResponse() && e.kind() == TimelineEvent.Kind.SMB2_RESPONSE) {
                    validateRow = i;
                }
                if (e.frame() == r.frames().termination()) {
                    endRow = i;
                }
            }
            assertTrue(validateRow >= 0, "the VALIDATE response is on the timeline");
            assertTrue(endRow >= 0, "the FIN that ended the connection is on the timeline");
            assertEquals(170, items[endRow].getForeground().getRed(), "the end of the connection in red");
            assertTrue(t.titleText().startsWith("Timeline: " + events.size()), t.titleText());
            assertEquals(r.reconnect().text("127.0.0.1"), t.reconnectText());

            // Double-clicking the VALIDATE response asks for that message.
            assertTrue(t.open(validateRow));
            assertEquals(r.frames().validateResponse(), opened.get()[0]);
            assertEquals(r.validateResponse().header().messageId(), opened.get()[1]);
            assertEquals(1, opened.get()[2]);
            // A TCP event has no message to open.
            opened.set(null);
            assertFalse(t.open(endRow));
            assertNull(opened.get());
        });
        // ... and the packet detail selects it by frame.
        Ui.run(() -> {
            Shell s2 = new Shell(Ui.display());
            s2.setLayout(new FillLayout());
            s2.setSize(1000, 600);
            s2.open();
            try {
                PacketDetailComposite detail = new PacketDetailComposite(s2);
                s2.layout(true, true);
                detail.setConnection(r, PacketDetailTest.source(capture, r, null));
                Ui.waitUntil("messages read", 60, () -> !detail.isLoading());
                detail.showMessageAt(r.frames().validateResponse(), r.validateResponse().header().messageId(), true);
                assertTrue(detail.currentEntry().sameAs(r.validateResponse()));
            } finally {
                s2.dispose();
            }
        });
    }

    @Test
    void clientOsFromTheCaptureIsShownAndFedIntoTheFixTab() {
        // Windows 10 2004 (build 19041) against Server 2019, a third-party capture.
        ConnectionReport win = Reports.analyze(TestData.external("msod-fasod-ex1-win10-ws2019-workgroup.pcapng")).connections()
                .stream().filter(c -> c.clientVersion() != null).findFirst().orElseThrow();
        ConnectionReport samba = Reports.withValidate(Reports.analyze(TestData.capture(TestData.STRIP_RESP_CAPS)));
        Ui.run(() -> {
            FixComposite fix = new FixComposite(shell);
            SideBySideComposite sbs = new SideBySideComposite(shell);
            DiagnosisComposite diag = new DiagnosisComposite(shell);
            shell.layout(true, true);

            fix.setConnection(win);
            HostOs os = fix.inferredOs();
            assertNotNull(os);
            assertEquals(HostOs.Source.NTLMSSP, os.source());
            assertEquals(WindowsVersion.WINDOWS_10, os.version());
            assertTrue(fix.osText().startsWith(FixComposite.FROM_CAPTURE + "Windows 10 2004"), fix.osText());
            assertEquals(os, fix.remedy().client(), "the advice is for the OS the capture names, unasked");
            // The user may still choose another.
            fix.chooseOs(WindowsVersion.WINDOWS_81_2012R2);
            assertEquals(WindowsVersion.WINDOWS_81_2012R2, fix.remedy().client().version());
            assertEquals(HostOs.Source.USER, fix.remedy().client().source());

            fix.setConnection(samba);
            assertEquals(WindowsVersion.NON_WINDOWS, fix.remedy().client().version(), "Samba's NTLMSSP 6.1 build 0");
            assertTrue(fix.osText().contains("probably Samba"), fix.osText());

            sbs.setConnection(win);
            assertTrue(sbs.peersText().contains("Windows 10 2004 (NTLMSSP 10.0 build 19041, frame "
                    + win.clientVersionFrame()), sbs.peersText());
            assertTrue(sbs.peersText().contains(win.account().text()), sbs.peersText());
            diag.setConnection(samba);
            assertTrue(diag.clientText().startsWith("probably Samba (NTLMSSP Version 6.1 build 0)"), diag.clientText());
            for (String e : samba.evidence()) {
                assertTrue(diag.factsText().contains(e), "evidence sentence shown: " + e);
            }
        });
    }
}
