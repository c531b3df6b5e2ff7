package org.negscope.ui.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.AnalysisListener;
import org.negscope.analysis.AnalysisOptions;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.Verdict;
import org.negscope.capture.Progress;
import org.negscope.probe.ProbeStep;
import org.negscope.probe.ProbeVariations;
import org.negscope.ui.ConnectionContext;
import org.negscope.ui.credentials.CredentialStore;
import org.negscope.ui.packets.ConnectionMessages;
import org.negscope.ui.packets.MessageEntry;
import org.negscope.ui.packets.MessageSignature;
import org.negscope.ui.sidebyside.SideBySideComposite;
import org.negscope.ui.tests.Samba;
import org.negscope.ui.tests.TestData;
import org.negscope.ui.tests.TestSecureStorage;
import org.negscope.ui.tests.Ui;

/**
 * The Probe view against a real Samba smbd started by the test: the form filled as a user types it, Run,
 * the job awaited; the steps, the verdict and the side-by-side rows as a capture's; the exchange saved as pcapng
 * and analysed again as a capture; the messages in the packet-detail view.
 */
class ProbeViewTest {
    @TempDir static Path tmp;
    static Samba samba;
    private Shell shell;
    private ProbeComposite view;

    @BeforeAll
    static void startSamba() throws Exception {
        TestSecureStorage.install();
        samba = Samba.start(tmp.resolve("smbd"));
    }

    @AfterAll
    static void stopSamba() throws Exception {
        if (samba != null) {
            samba.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        CredentialStore.forgetAccount(Samba.USER, Samba.DOMAIN);
        Ui.run(() -> {
            shell = new Shell(Ui.display());
            shell.setLayout(new FillLayout());
            view = new ProbeComposite(shell);
            shell.setSize(1300, 800);
            shell.open();
        });
    }

    @AfterEach
    void close() throws Exception {
        Ui.run(() -> shell.dispose());
        CredentialStore.forgetAccount(Samba.USER, Samba.DOMAIN);
    }

    void runAndWait() {
        Ui.run(() -> {
            view.run();
            assertTrue(view.isRunning(), "Run starts a job: " + view.statusText());
        });
        Ui.waitUntil("the probe job", 90, () -> !view.isRunning());
    }

    @Test
    void probeValidatesAgainstRealSambaAndShowsTheRows() throws Exception {
        Ui.run(() -> view.fill("127.0.0.1", samba.port, Samba.USER, Samba.DOMAIN, Samba.PASSWORD, true, false, "3.0.2", "3.0"));
        runAndWait();
        Ui.run(() -> {
            assertTrue(view.passwordFieldEmpty(), "the password field is wiped on Run");
            ConnectionReport r = view.connection();
            assertNotNull(r, view.statusText());
            assertEquals(Verdict.VALIDATED, r.verdict(), view.statusText());
            assertEquals("3.0.2", r.dialect());
            assertEquals(SignatureStatus.VALID, r.signature());
            assertTrue(view.statusText().startsWith("VALIDATED"), view.statusText());
            assertTrue(view.statusText().contains("remembered"), view.statusText());

            List<String> names = new ArrayList<>();
            for (TableItem it : view.stepsTable().getItems()) {
                names.add(it.getText(0));
                assertTrue(Long.parseLong(it.getText(2)) >= 0, "duration of " + it.getText(0));
            }
            assertEquals(view.result().steps().stream().map(ProbeStep::name).toList(), names);
            assertTrue(names.contains("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO"), names.toString());
            assertTrue(names.contains("NEGOTIATE"), names.toString());
            TableItem validate = view.stepsTable().getItem(names.indexOf("IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO"));
            assertTrue(validate.getText(5).equals("OK") || validate.getText(5).equals("STATUS_SUCCESS"), validate.getText(5));
            assertTrue(Long.parseLong(validate.getText(3)) > 0 && Long.parseLong(validate.getText(4)) > 0);

            // The same side-by-side rows as for a capture: all four fields equal on both sides.
            SideBySideComposite sbs = view.sideBySide();
            assertEquals(r, sbs.connection());
            for (Table t : new Table[] {sbs.requestTable(), sbs.responseTable()}) {
                assertEquals(4, t.getItemCount());
                for (TableItem it : t.getItems()) {
                    assertEquals("= same", it.getText(3), it.getText(0));
                    assertEquals(it.getText(1), it.getText(2), it.getText(0));
                }
            }
            assertTrue(sbs.responseTable().getColumn(2).getText().startsWith("VALIDATE response (frame "),
                    "frames of the pcapng the probe saves: " + sbs.responseTable().getColumn(2).getText());
            assertTrue(sbs.signatureText().startsWith("VALIDATE response signature: VALID"), sbs.signatureText());
        });
        // "Remember" put the password in the secure storage only.
        assertTrue(CredentialStore.hasAccount(Samba.USER, Samba.DOMAIN));

        // Saved as pcapng and analysed as a capture: the same verdict and frames.
        Path saved = tmp.resolve("probe.pcapng");
        Ui.run(() -> {
            try {
                view.save(saved);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(Files.size(saved) > 0);
        AnalysisResult again = CaptureAnalyzer.analyze(List.of(saved), AnalysisOptions.none(), Progress.NONE, AnalysisListener.NONE);
        assertEquals(1, again.connections().size());
        ConnectionReport c = again.connections().get(0);
        ConnectionReport p = Ui.call(view::connection);
        assertEquals(Verdict.VALIDATED, c.verdict());
        assertEquals(p.frames().validateResponse(), c.frames().validateResponse());
        assertEquals(p.frames().negotiateRequest(), c.frames().negotiateRequest());

        // "Open in NegScope" hands a saved copy to the view's opener.
        AtomicReference<Path> opened = new AtomicReference<>();
        Ui.run(() -> {
            view.setOpener(opened::set);
            Path f = view.openAsCapture();
            assertEquals(f, opened.get());
        });
        assertTrue(Files.size(opened.get()) == Files.size(saved));

        // The packet-detail view lists the probe's messages, decoded from what went over its socket.
        ConnectionMessages m = ConnectionContext.of(p).source().load(Progress.NONE);
        assertTrue(m.entries().stream().anyMatch(e -> e.sameAs(p.validateResponse())), "VALIDATE response in the list");
        assertTrue(m.entries().stream().anyMatch(e -> e.title().equals("SESSION_SETUP response")));
        // Checked with the password while the job still had it: every signed message of the exchange is VALID.
        List<MessageEntry> signed = m.entries().stream().filter(MessageEntry::isSigned).toList();
        assertTrue(signed.size() >= 3, "signed: " + signed.size());
        for (MessageEntry e : signed) {
            assertNotNull(e.signature(), e.title());
            assertEquals(MessageSignature.Status.VALID, e.signature().status(), e.title() + ": " + e.signature().text());
        }
        assertEquals(c.frames().validateResponse(), m.entries().stream().filter(e -> e.sameAs(p.validateResponse()))
                .findFirst().orElseThrow().frame());
    }

    @Test
    void rememberedPasswordRunsTheProbeAgainAndWrongOneSaysLogonFailure() throws Exception {
        Ui.run(() -> view.fill("127.0.0.1", samba.port, Samba.USER, Samba.DOMAIN, Samba.PASSWORD, true, false, "3.0.2"));
        runAndWait();
        Ui.run(() -> view.fill("127.0.0.1", samba.port, Samba.USER, Samba.DOMAIN, "", false, false, "3.0.2"));
        runAndWait();
        Ui.run(() -> {
            assertEquals(Verdict.VALIDATED, view.connection().verdict(), view.statusText());
            assertTrue(view.statusText().contains("remembered password"), view.statusText());
            view.fill("127.0.0.1", samba.port, Samba.USER, Samba.DOMAIN, "wrong-password", false, false, "3.0.2");
        });
        runAndWait();
        Ui.run(() -> {
            assertNotNull(view.result().failure(), view.statusText());
            assertTrue(view.statusText().contains("LOGON_FAILURE"), view.statusText());
            boolean failedStep = false;
            for (TableItem it : view.stepsTable().getItems()) {
                failedStep |= it.getText(5).contains("LOGON_FAILURE");
            }
            assertTrue(failedStep, "the SESSION_SETUP step shows the status");
        });
    }

    @Test
    void formErrorsAreShownAndNothingRuns() {
        Ui.run(() -> {
            view.fill("", 445, Samba.USER, Samba.DOMAIN, "x", false, false, "3.0.2");
            view.run();
            assertFalse(view.isRunning());
            assertTrue(view.statusText().contains("server"), view.statusText());
            view.fill("127.0.0.1", 445, Samba.USER, Samba.DOMAIN, "x", false, false);
            view.run();
            assertFalse(view.isRunning());
            assertTrue(view.statusText().contains("dialect"), view.statusText());
            assertNull(view.result());
        });
    }

    /**
     * Variations through a real rewriting "WAN accelerator" (releng/scripts/NegotiateRewriteProxy.java, the proxy
     * the capture script uses) that clears LARGE_MTU in every NEGOTIATE request: the baseline ends with Samba
     * hanging up, and the view lists the variations run and names the altered field with both values.
     */
    @Test
    void variationsThroughARewritingProxyNameTheAlteredField() throws Exception {
        int listen = Samba.freePort();
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process proxy = new ProcessBuilder(javaBin, TestData.repoRoot().resolve("releng/scripts/NegotiateRewriteProxy.java").toString(),
                Integer.toString(listen), "127.0.0.1:" + samba.port, "strip-req-caps").redirectErrorStream(true).start();
        try {
            java.io.BufferedReader log = new java.io.BufferedReader(
                    new java.io.InputStreamReader(proxy.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = log.readLine()) != null && !line.contains("listening")) {
                // compile and start messages
            }
            assertNotNull(line, "the proxy did not start");
            Thread drain = new Thread(() -> {
                try {
                    log.transferTo(java.io.Writer.nullWriter());
                } catch (java.io.IOException e) {
                    // the proxy was stopped
                }
            });
            drain.setDaemon(true);
            drain.start();

            Ui.run(() -> view.fill("127.0.0.1", listen, Samba.USER, Samba.DOMAIN, Samba.PASSWORD, false, true, "3.0.2"));
            Ui.run(() -> {
                view.run();
                assertTrue(view.isRunning(), view.statusText());
            });
            Ui.waitUntil("the probe with variations", 240, () -> !view.isRunning());
            Ui.run(() -> {
                ProbeVariations.Report rep = view.report();
                assertNotNull(rep, view.statusText());
                assertEquals(Verdict.SERVER_TERMINATED, rep.baseline().verdict(), view.statusText());
                assertTrue(view.statusText().startsWith("SERVER_TERMINATED"), view.statusText());
                assertFalse(rep.outcomes().isEmpty());
                // One row per variation run, with its verdict; the accepted one says so.
                assertEquals(rep.outcomes().size(), view.outcomesTable().getItemCount());
                boolean passedRow = false;
                for (TableItem it : view.outcomesTable().getItems()) {
                    passedRow |= it.getText(3).equals("yes");
                    assertFalse(it.getText(2).isEmpty(), it.getText(0));
                }
                assertTrue(passedRow, "a variation the server accepted");
                String text = view.findingsText();
                assertTrue(text.contains("Capabilities: the server received 0x0000007b where the probe sent 0x0000007f"), text);
                assertTrue(text.contains("LARGE_MTU cleared on the way"), text);
                assertTrue(text.contains(rep.conclusion()), text);
            });
        } finally {
            proxy.destroy();
            proxy.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
