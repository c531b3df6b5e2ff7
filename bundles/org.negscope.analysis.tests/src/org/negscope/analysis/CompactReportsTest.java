package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.CaptureWarning;
import org.negscope.capture.Direction;
import org.negscope.capture.TcpConnection;
import org.negscope.capture.Progress;

/**
 * Memory independent of the capture (releng/bench/README.md): with {@link ReportDetail#COMPACT} (plain {@code negscope analyze}) an
 * ended connection is judged a little after its end, its report packed and its state dropped. What the outputs show
 * must not change: every committed REAL capture is analysed FULL and COMPACT, with the default grace time and with
 * none at all (judged at the very close that ends it), and the reports compared field by field.
 */
class CompactReportsTest {

    /** The committed Samba captures and the third-party ones (Windows 10 / Server 2019, Zeek, Suricata). */
    private static List<Path> committedCaptures() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(TestData.captures(), TestData.external("."))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 40, "captures: " + files);
        return files;
    }

    /** Across several chunks, from the open chunk and after sealing: what goes in comes out, less messages and timeline. */
    @Test void packingKeepsEverythingTheOutputsShow() throws Exception {
        CompactReports store = new CompactReports(8192);
        List<ConnectionReport> in = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (Path f : committedCaptures()) {
            for (ConnectionReport r : full(f).connections()) {
                in.add(r);
                numbers.add(store.add(r));
            }
        }
        assertTrue(in.size() >= 50, "reports packed: " + in.size());
        assertTrue(store.chunks().size() >= 4, "several chunks: " + store.chunks().size());
        for (int i = in.size() - 1; i >= 0; i--) { // backwards: every chunk decompressed again, the open one read in place
            assertEquals(describe(in.get(i)), describe(store.get(numbers.get(i))), "report " + i);
        }
        store.close();
        for (int i = 0; i < in.size(); i++) {
            assertEquals(describe(in.get(i)), describe(store.get(numbers.get(i))), "report " + i + " after sealing");
        }
        assertTrue(store.bytesHeld() < in.size() * 1200L, "packed: " + store.bytesHeld() + " bytes for " + in.size() + " reports");
    }

    @Test void leanReportsHaveNoMessagesNorTimeline() throws Exception {
        Path f = TestData.captures().resolve("samba-3.0.2-strip-resp-caps.pcap");
        ConnectionReport r = full(f).connections().get(0);
        assertTrue(r.negotiateRequest() != null && !r.timelineEvents().isEmpty(), "the full report has them");
        CompactReports store = new CompactReports();
        ConnectionReport lean = store.get(store.add(r));
        assertNull(lean.negotiateRequest());
        assertNull(lean.validateResponse());
        assertTrue(lean.timelineEvents().isEmpty() && lean.validateExchanges().isEmpty());
        assertEquals(r.timelineTotal(), lean.timelineTotal());
        assertEquals(Verdict.RESPONSE_MISMATCH, lean.verdict());
        assertEquals("Capabilities", lean.differences().get(0).field());
    }

    @Test void aDamagedChunkSaysSo() throws Exception {
        ConnectionReport r = full(TestData.captures().resolve("samba-3.0.2-clean.pcap")).connections().get(0);
        CompactReports store = new CompactReports();
        int n = store.add(r);
        store.close();
        byte[] chunk = store.chunks().get(0);
        store.chunks().set(0, java.util.Arrays.copyOf(chunk, chunk.length / 2));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> store.get(n));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test void compactAnalysisGivesTheSameReportsAsFull() throws Exception {
        for (Path f : committedCaptures()) {
            AnalysisResult full = full(f);
            AnalysisResult compact = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, null,
                    ReportDetail.COMPACT);
            assertInstanceOf(ReportList.class, compact.connections(), "reports stay packed until read");
            assertSame(f, full, compact);
            assertEquals(full.anyFatal(), compact.anyFatal(), f.toString());
            assertEquals(full.captures().get(0).warnings(), compact.captures().get(0).warnings(), f.toString());
        }
    }

    /**
     * The strictest case: each connection judged at the close that ends it (no grace). A capture whose reports then
     * differ would show what the grace time protects; none of the committed ones does.
     */
    @Test void judgingAtTheEndingCloseGivesTheSameReportsAsFull() throws Exception {
        int judgedEarly = 0;
        for (Path f : committedCaptures()) {
            AnalysisResult full = full(f);
            CaptureAnalyzer a = new CaptureAnalyzer(0, f.toString(), AnalysisOptions.none(), null, ReportDetail.COMPACT);
            a.endedGrace(0);
            CaptureReader.read(f, a, Progress.NONE);
            int before = a.states().size();
            List<ConnectionReport> compact = a.finish();
            judgedEarly += compact.size() - before;
            assertSame(f, full, new AnalysisResult(List.of(), compact));
        }
        assertTrue(judgedEarly >= 20, "connections judged before the end of their capture: " + judgedEarly);
    }

    /**
     * Reconnect facts need the whole capture: they are joined in after the last frame, also to packed reports. The
     * Windows 10 / Server 2019 capture has six connections between the same hosts.
     */
    @Test void reconnectFactsAreJoinedToPackedReports() throws Exception {
        Path f = TestData.external("msod-fasod-ex2-win10-ws2019-domain.pcapng");
        CaptureAnalyzer a = new CaptureAnalyzer(0, f.toString(), AnalysisOptions.none(), null, ReportDetail.COMPACT);
        a.endedGrace(0);
        CaptureReader.read(f, a, Progress.NONE);
        assertTrue(a.states().size() < 6, "most were judged and packed before the end: " + a.states().size() + " left");
        List<ConnectionReport> compact = a.finish();
        long sameHosts = compact.stream().filter(r -> r.reconnect().sameHosts() == 6).count();
        assertEquals(6, sameHosts);
        for (ConnectionReport r : compact) {
            if (r.reconnect().sameHosts() == 6) {
                assertNotEquals(Reconnect.NONE, r.reconnect());
                String last = r.evidence().get(r.evidence().size() - 1);
                assertTrue(last.contains("6 connections") || last.contains("connection"), last);
            }
        }
    }

    /**
     * After an RST only stragglers can follow. Within {@link CaptureAnalyzer#ENDED_GRACE_NANOS} they still count (a
     * VALIDATE response that crossed the client's RST); later ones come after the report was made: they are not
     * analysed, and a warning naming the frame says so instead of silently changing nothing.
     */
    @Test void bytesAfterTheGraceTimeAreNamedInAWarning() {
        for (long lateBy : new long[] {1_000_000_000L, 3_000_000_000L}) {
            CaptureAnalyzer a = new CaptureAnalyzer(0, "synthetic", AnalysisOptions.none(), null, ReportDetail.COMPACT);
            SyntheticStreamTest.Feeder f = SyntheticStreamTest.Feeder.onNewConnection(a);
            TcpConnection tcp = f.tcp;
            SyntheticStreamTest.handshake(f, Direction.CLIENT_TO_SERVER, 0);
            f.send(Direction.CLIENT_TO_SERVER, SyntheticStreamTest.validateRequest(3));
            f.close(Direction.CLIENT_TO_SERVER, true);
            long rstTime = f.frame * 1_000_000L;
            byte[] response = SyntheticStreamTest.validateResponse(3, 0x2b);
            byte[] framed = new byte[response.length + 4];
            framed[2] = (byte) (response.length >>> 8);
            framed[3] = (byte) response.length;
            System.arraycopy(response, 0, framed, 4, response.length);
            a.data(tcp, Direction.SERVER_TO_CLIENT, ByteBuffer.wrap(framed), f.offsets[1], 99, rstTime + lateBy);
            ConnectionReport r = a.finish().get(0);
            List<String> warnings = a.warnings(List.of()).stream().map(CaptureWarning::message).toList();
            if (lateBy < CaptureAnalyzer.ENDED_GRACE_NANOS) {
                assertEquals(Verdict.RESPONSE_MISMATCH, r.verdict(), "within the grace time the response counts");
                assertEquals(List.of(), warnings);
            } else {
                assertNotEquals(Verdict.RESPONSE_MISMATCH, r.verdict(), "judged before the straggler came");
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("in frame 99 came more than 2000 ms after the connection ended"), warnings.get(0));
                assertTrue(warnings.get(0).contains("not analysed"), warnings.get(0));
            }
        }
    }

    private static AnalysisResult full(Path f) throws Exception {
        return CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, null);
    }

    private static void assertSame(Path f, AnalysisResult full, AnalysisResult compact) {
        assertEquals(full.connections().size(), compact.connections().size(), f.toString());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < full.connections().size(); i++) {
            List<Object> want = describe(full.connections().get(i)); // not lean(): what leaving out would lose shows
            List<Object> got = describe(compact.connections().get(i));
            if (!want.equals(got)) {
                problems.add(f.getFileName() + " connection " + i + ":\n  full    " + want + "\n  compact " + got);
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Everything a packed report keeps (records compare component by component). */
    private static List<Object> describe(ConnectionReport r) {
        List<Object> l = new ArrayList<>();
        l.add(r.capture());
        l.add(String.valueOf(r.client()));
        l.add(String.valueOf(r.server()));
        l.add(String.valueOf(r.dialect()));
        l.add(String.valueOf(r.verdict()));
        l.add(r.fatal());
        l.add(String.valueOf(r.summary()));
        l.add(r.differences());
        l.add(String.valueOf(r.signature()));
        l.add(String.valueOf(r.terminatedBy()));
        l.add(String.valueOf(r.frames()));
        l.add(String.valueOf(r.spec()));
        ConnectionReport.Details d = r.details(); // every component but the timeline and the VALIDATE exchanges
        l.addAll(List.of(d.firstFrame(), d.startTimeNanos(), d.lastFrame(), d.endTimeNanos(), String.valueOf(d.clientGuid()),
                String.valueOf(d.clientVersion()), d.clientVersionFrame(), String.valueOf(d.serverVersion()), d.serverVersionFrame(),
                String.valueOf(d.account()), String.valueOf(d.validateError()), d.timelineTotal(), d.missing(), d.evidence(),
                d.reconnect()));
        l.add(r.signatureChecks());
        l.add(r.validateSignature());
        l.add(r.evidence());
        return l;
    }
}
