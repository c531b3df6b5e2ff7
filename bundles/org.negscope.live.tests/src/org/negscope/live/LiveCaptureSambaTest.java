package org.negscope.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.CaptureAnalyzer;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Verdict;

/**
 * Live capture for real, as root on the loopback interface: a Samba smbd, smbclient with signing (so it sends
 * VALIDATE), libpcap through pcap4j. Verdicts must appear while capturing, and the ring file written must analyse
 * to the same verdicts as those reported live.
 */
class LiveCaptureSambaTest {

    /** Runs a capture on a thread; {@link #stop()} returns its result. */
    static final class Running {
        final LiveCapture capture;
        final List<ConnectionReport> updates = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final Thread thread;

        Running(LiveSettings s) throws InterruptedException {
            capture = new LiveCapture(s, new LiveListener() {
                @Override public void started(String iface, int linkType, String filter) { started.countDown(); }
                @Override public void connectionUpdated(ConnectionReport r) { updates.add(r); }
            });
            thread = new Thread(() -> {
                try {
                    outcome.set(capture.run(null));
                } catch (LiveException | RuntimeException e) {
                    outcome.set(e);
                } finally {
                    started.countDown();
                }
            }, "live-capture-test");
            thread.start();
            assertTrue(started.await(20, TimeUnit.SECONDS), "capture did not start");
            assertTrue(outcome.get() == null, () -> "capture failed to start: " + outcome.get());
        }

        LiveResult stop() throws Exception {
            capture.stop();
            return await();
        }

        LiveResult await() throws Exception {
            thread.join(20_000);
            assertFalse(thread.isAlive(), "capture did not stop within 20 s");
            Object o = outcome.get();
            if (o instanceof Exception e) throw e;
            return (LiveResult) o;
        }
    }

    @Test
    void smbclientExchangeIsJudgedWhileCapturingAndTheRingFileAgrees(@TempDir Path tmp) throws Exception {
        LiveTestSupport.assumeCaptureRights();
        try (LiveTestSupport.Smbd smbd = LiveTestSupport.Smbd.start(tmp.resolve("smbd"))) {
            Path out = tmp.resolve("ring");
            Running run = new Running(LiveSettings.of("lo", out).withFilter("tcp port " + smbd.port));
            LiveTestSupport.Result client = LiveTestSupport.smbclient(tmp, smbd.port);
            assertEquals(0, client.code(), "smbclient failed: " + client.out());

            // the verdict appears while the capture is still running
            long until = System.currentTimeMillis() + 10_000;
            while (run.updates.stream().noneMatch(r -> r.verdict() == Verdict.VALIDATED) && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertTrue(run.thread.isAlive(), "capture still running");
            assertTrue(run.updates.stream().anyMatch(r -> r.verdict() == Verdict.VALIDATED),
                    "VALIDATED reported while capturing; updates: " + run.updates);

            LiveResult r = run.stop();
            assertEquals("stopped", r.stopReason());
            assertEquals(1, r.files().size(), "one ring file: " + r.files());
            assertTrue(r.deleted().isEmpty());
            Path file = r.files().get(0);
            assertTrue(file.getFileName().toString().matches("negscope-lo-\\d{8}-\\d{6}-00001\\.pcapng"), file.toString());

            AnalysisResult saved = CaptureAnalyzer.analyze(List.of(file), null, null, null);
            assertEquals(r.frames(), saved.captures().get(0).frames(), "every analysed frame was written");
            assertEquals(1, saved.connections().size(), "one SMB connection in " + file);
            ConnectionReport c = saved.connections().get(0);
            assertEquals(Verdict.VALIDATED, c.verdict(), c.summary());
            assertEquals("3.0.2", c.dialect());
            assertEquals("127.0.0.1:" + smbd.port, c.server());
            assertFalse(saved.anyFatal());

            // what was reported live is what the saved file says
            assertEquals(saved.connections().size(), r.analysis().connections().size());
            ConnectionReport live = r.analysis().connections().get(0);
            assertEquals(c.verdict(), live.verdict());
            assertEquals(c.dialect(), live.dialect());
            assertEquals(c.client(), live.client());
            assertEquals(c.frames(), live.frames(), "frame numbers of the live analysis are the file's");
            assertEquals(c.summary(), live.summary());
            ConnectionReport lastUpdate = run.updates.get(run.updates.size() - 1);
            assertEquals(c.verdict(), lastUpdate.verdict(), "the last update is the final verdict");
        }
    }

    /** Plain TCP on loopback (no smbd needed): enough frames to turn a tiny ring several times. */
    @Test
    void smallRingDeletesTheOldestFilesAndStaysBounded(@TempDir Path tmp) throws Exception {
        LiveTestSupport.assumeCaptureRights();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            Thread sinkThread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException e) {
                    // the test checks the capture, not this reader
                }
            });
            sinkThread.start();
            Path out = tmp.resolve("ring");
            long fileBytes = 16 * 1024;
            Running run = new Running(LiveSettings.of("lo", out).withFilter("tcp port " + port).withRing(3, fileBytes));
            try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                s.setTcpNoDelay(true);
                byte[] chunk = new byte[1000];
                for (int i = 0; i < 200; i++) {
                    s.getOutputStream().write(chunk);
                    s.getOutputStream().flush();
                    if (i % 20 == 0) Thread.sleep(5);
                }
            }
            sinkThread.join(5000);
            Thread.sleep(300); // the last frames reach libpcap
            LiveResult r = run.stop();

            assertTrue(r.frames() >= 50, "200 writes of 1000 bytes (some coalesced by TCP): " + r.frames());
            assertEquals(3, r.files().size(), "the ring keeps 3 files: " + r.files());
            assertFalse(r.deleted().isEmpty(), "200 KB do not fit in 3 × 16 KiB");
            long total = 0;
            for (Path d : r.deleted()) assertFalse(Files.exists(d), d + " deleted");
            try (var list = Files.list(out)) {
                assertEquals(3, list.count(), "nothing else left behind in " + out);
            }
            for (Path f : r.files()) {
                long size = Files.size(f);
                assertTrue(size <= fileBytes, f + ": " + size + " bytes > " + fileBytes);
                total += size;
                AnalysisResult a = CaptureAnalyzer.analyze(List.of(f), null, null, null);
                assertTrue(a.captures().get(0).frames() > 0, f + " readable with frames");
                // a file that starts in the middle of a connection has stream gaps, but its pcapng structure is whole
                assertTrue(a.captures().get(0).warnings().stream().noneMatch(w -> w.message().contains("truncated")
                        || w.message().contains("damaged")), "no damage in " + f + ": " + a.captures().get(0).warnings());
            }
            assertTrue(total <= 3 * fileBytes);
            assertTrue(r.analysis().connections().isEmpty(), "not SMB: no connection judged");
        }
    }

    @Test
    void aFilterThatDoesNotCompileSaysSo(@TempDir Path tmp) {
        LiveTestSupport.assumeCaptureRights();
        LiveCapture c = new LiveCapture(LiveSettings.of("lo", tmp).withFilter("tcp port smb-over-pigeon"), null);
        LiveException e = org.junit.jupiter.api.Assertions.assertThrows(LiveException.class, () -> c.run(null));
        assertEquals(LiveException.Kind.BAD_FILTER, e.kind());
        assertTrue(e.getMessage().contains("smb-over-pigeon"), e.getMessage());
    }

    @Test
    void anUnknownInterfaceIsNamed(@TempDir Path tmp) {
        LiveTestSupport.assumeCaptureRights();
        LiveCapture c = new LiveCapture(LiveSettings.of("negscope-nonexistent0", tmp), null);
        LiveException e = org.junit.jupiter.api.Assertions.assertThrows(LiveException.class, () -> c.run(null));
        assertEquals(LiveException.Kind.NO_SUCH_INTERFACE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("negscope-nonexistent0"), e.getMessage());
    }

    @Test
    void interfacesListTheLoopback() throws Exception {
        LiveTestSupport.assumeCaptureRights();
        List<LiveInterface> all = LiveCapture.interfaces();
        LiveInterface lo = all.stream().filter(i -> i.name().equals("lo")).findFirst().orElse(null);
        assertNotNull(lo, "lo in " + all);
        assertTrue(lo.loopback());
        assertTrue(lo.addresses().contains("127.0.0.1"), lo.label());
    }
}
