package org.negscope.ui.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.tests.Reports;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.Ui;

/** The "Negotiate | Validate" composite in a bare shell, fed a real analysis of a real capture. */
class SideBySideCompositeTest {
    private Shell shell;
    private SideBySideComposite view;

    @BeforeEach
    void open() {
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout());
            view = new SideBySideComposite(shell);
            shell.setSize(1200, 500);
            shell.open();
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> shell.dispose());
    }

    static TableItem item(Table t, String field) {
        for (TableItem it : t.getItems()) {
            if (it.getText(0).equals(field)) {
                return it;
            }
        }
        throw new AssertionError("no row " + field);
    }

    @Test
    void differingRowIsMarkedByTextFontIconAndBackground() {
        ConnectionReport r = Reports.withValidate(Reports.analyze(TestData.capture(TestData.STRIP_RESP_CAPS)));
        Ui.run(() -> {
            view.setConnection(r);
            Table resp = view.responseTable();
            assertEquals("Match", resp.getColumn(3).getText());
            assertEquals("NEGOTIATE response (frame " + r.frames().negotiateResponse() + ")", resp.getColumn(1).getText());
            assertEquals("VALIDATE response (frame " + r.frames().validateResponse() + ")", resp.getColumn(2).getText());
            assertEquals(4, resp.getItemCount());

            TableItem caps = item(resp, "Capabilities");
            // releng/captures/README.md: the proxy turned 0x4f into 0x4b in the NEGOTIATE response
            assertEquals("\u2260 LARGE_MTU cleared", caps.getText(3));
            assertNotEquals(caps.getText(1), caps.getText(2));
            assertNotNull(caps.getImage(0), "marker icon on the differing row");
            assertTrue((caps.getFont().getFontData()[0].getStyle() & SWT.BOLD) != 0, "bold differing row");

            for (String f : new String[] {"Guid", "SecurityMode", "Dialect"}) {
                TableItem same = item(resp, f);
                assertEquals("= same", same.getText(3), f);
                assertEquals(same.getText(1), same.getText(2), f);
                assertNull(same.getImage(0), f + " has no marker");
                assertTrue((same.getFont().getFontData()[0].getStyle() & SWT.BOLD) == 0, f + " not bold");
                assertNotEquals(caps.getBackground().getRGB(), same.getBackground().getRGB(), "tinted differing row");
            }

            Table req = view.requestTable();
            assertEquals("NEGOTIATE request (frame " + r.frames().negotiateRequest() + ")", req.getColumn(1).getText());
            assertEquals("VALIDATE request (frame " + r.frames().validateRequest() + ")", req.getColumn(2).getText());
            assertEquals(4, req.getItemCount());
            for (TableItem it : req.getItems()) {
                assertEquals("= same", it.getText(3), it.getText(0));
                assertTrue(!it.getText(3).contains("\u2260"), it.getText(0));
            }
            assertTrue(view.verdictText().startsWith("RESPONSE_MISMATCH \u2014 fatal"), view.verdictText());
            assertEquals(r.summary(), view.summaryText());
            assertTrue(view.signatureText().startsWith("VALIDATE response signature: " + r.signature().name()),
                    view.signatureText());
        });
    }

    @Test
    void withoutConnectionItSaysWhatToDo() {
        Ui.run(() -> {
            view.setConnection(null);
            assertEquals(SideBySideComposite.NO_CONNECTION, view.summaryText());
            assertEquals(0, view.requestTable().getItemCount());
            assertEquals("VALIDATE response (not in capture)", view.responseTable().getColumn(2).getText());
        });
    }
}
