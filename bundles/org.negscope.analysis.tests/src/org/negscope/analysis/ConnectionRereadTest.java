package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.negscope.capture.Progress;
import org.negscope.smb2.Smb2Message;

/**
 * The workbench analyses COMPACT and keeps most reports packed; the full report of a connection comes either from the
 * analysis' own call when the connection is judged, or from reading the capture again ({@link ConnectionReread}). Both
 * must be exactly the report a FULL analysis makes: decoded messages byte for byte, every VALIDATE exchange, the
 * timeline, and (for the re-read) the reconnect facts. Every committed real capture, every connection.
 */
class ConnectionRereadTest {

    private static List<Path> captures() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(TestData.captures(), TestData.external("."))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 40, "captures: " + files);
        return files;
    }

    @Test void judgedAndRereadReportsEqualTheFullAnalysis() throws Exception {
        int reread = 0, withValidate = 0;
        List<String> problems = new ArrayList<>();
        for (Path f : captures()) {
            List<ConnectionReport> full = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, null).connections();
            Map<String, ConnectionReport> judged = new HashMap<>();
            AnalysisListener keep = new AnalysisListener() {
                @Override public void connectionUpdated(ConnectionReport r) {
                    if (!r.timelineEvents().isEmpty() || r.timelineTotal() == 0) {
                        judged.put(key(r), r); // the final report of each connection carries its timeline
                    }
                }
            };
            List<ConnectionReport> compact = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, keep,
                    ReportDetail.COMPACT).connections();
            assertEquals(full.size(), compact.size(), f.toString());
            for (int i = 0; i < full.size(); i++) {
                ConnectionReport want = full.get(i);
                ConnectionReport lean = compact.get(i);
                assertNull(lean.negotiateRequest(), "packed");
                ConnectionReport fromJudging = judged.get(key(lean));
                assertNotNull(fromJudging, f + " connection " + i + ": no full report when judged");
                check(problems, f + " #" + i + " judged", describe(want, false), describe(fromJudging, false));
                ConnectionReport again = ConnectionReread.read(f, List.of(), lean, AnalysisOptions.none(), Progress.NONE, null);
                assertNotNull(again, f + " connection " + i + " not found again");
                check(problems, f + " #" + i + " re-read", describe(want, true), describe(again, true));
                reread++;
                withValidate += want.validateRequest() != null ? 1 : 0;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(reread >= 50 && withValidate >= 20, reread + " connections re-read, " + withValidate + " with VALIDATE");
    }

    @Test void aConnectionTheCaptureDoesNotHaveGivesNull() throws Exception {
        Path f = TestData.captures().resolve("samba-3.0.2-strip-resp-caps.pcap");
        ConnectionReport lean = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, null, ReportDetail.COMPACT)
                .connections().get(0);
        ConnectionReport other = new ConnectionReport(0, "10.9.9.9:1", lean.server(), null, Verdict.INCOMPLETE, false, "",
                List.of(), SignatureStatus.NONE, TerminatedBy.NONE, lean.frames(), null, null, null, null, null);
        assertNull(ConnectionReread.read(f, List.of(), other, AnalysisOptions.none(), Progress.NONE, null));
        assertNotNull(ConnectionReread.read(f, List.of(), lean, AnalysisOptions.none(), Progress.NONE, null));
    }

    private static String key(ConnectionReport r) {
        return r.client() + "|" + r.server() + "|" + r.firstFrame();
    }

    private static void check(List<String> problems, String what, List<Object> want, List<Object> got) {
        if (!want.equals(got)) {
            problems.add(what + ":\n  want " + want + "\n  got  " + got);
        }
    }

    /** Everything the views show, messages as bytes; the reconnect facts only when asked (judged reports lack them). */
    private static List<Object> describe(ConnectionReport r, boolean reconnect) {
        List<Object> l = new ArrayList<>(List.of(r.capture(), String.valueOf(r.client()), String.valueOf(r.server()),
                String.valueOf(r.dialect()), r.verdict(), r.fatal(), String.valueOf(r.summary()), r.differences(),
                String.valueOf(r.signature()), String.valueOf(r.terminatedBy()), String.valueOf(r.frames()), String.valueOf(r.spec()),
                r.signatureChecks(), String.valueOf(r.validateSignature())));
        for (Smb2Message m : Arrays.asList(r.negotiateRequest(), r.negotiateResponse(), r.validateRequest(), r.validateResponse())) {
            l.add(bytes(m));
        }
        ConnectionReport.Details d = r.details();
        l.addAll(List.of(d.firstFrame(), d.startTimeNanos(), d.lastFrame(), d.endTimeNanos(), String.valueOf(d.clientGuid()),
                String.valueOf(d.clientVersion()), d.clientVersionFrame(), String.valueOf(d.serverVersion()), d.serverVersionFrame(),
                String.valueOf(d.account()), String.valueOf(d.validateError()), d.timelineTotal(), d.missing(), d.evidence(),
                d.tcpStream(), new ArrayList<>(d.timeline())));
        for (ValidateMessages v : d.validateExchanges()) {
            l.add(v.messageId() + ":" + bytes(v.request()) + ":" + bytes(v.response()));
        }
        if (reconnect) {
            l.add(d.reconnect());
            l.add(r.evidence());
        }
        return l;
    }

    private static String bytes(Smb2Message m) {
        return m == null ? "-" : m.firstFrame() + "/" + m.streamOffset() + "/" + Arrays.toString(m.bytes());
    }
}
