package org.negscope.analysis;

import org.negscope.testing.SynthCaptures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Triage at scale on a SYNTHETIC capture of 2,000 connections from the benchmark generator (ground truth beside it):
 * the overview's counts, groups and sentence, the filter language, and the Wireshark display filter of a connection
 * checked with {@code tshark -Y} on the same file (same frames, tcp.stream numbered as Wireshark numbers it).
 */
class TriageAtScaleTest {
    static Path file;
    static List<SynthCaptures.Truth> truth;
    static AnalysisResult result;

    @BeforeAll
    static void analyse() throws Exception {
        file = SynthCaptures.capture(2000);
        truth = SynthCaptures.truth(file);
        result = CaptureAnalyzer.analyze(List.of(file), AnalysisOptions.none(), null, null, ReportDetail.COMPACT);
    }

    @Test
    void overviewEqualsGroundTruth() {
        CaptureOverview o = CaptureOverview.of(result.connections());
        assertEquals(truth.size(), o.connections());
        Map<String, Integer> byVerdict = new HashMap<>();
        Map<String, int[]> byServer = new HashMap<>();
        for (SynthCaptures.Truth t : truth) {
            byVerdict.merge(t.verdict(), 1, Integer::sum);
            int[] s = byServer.computeIfAbsent(t.server(), k -> new int[2]);
            s[0]++;
            if (!t.verdict().equals("VALIDATED")) {
                s[1]++;
            }
        }
        int fatal = truth.size() - byVerdict.getOrDefault("VALIDATED", 0);
        assertEquals(fatal, o.fatal());
        assertEquals(byVerdict.size(), o.verdicts().size());
        for (CaptureOverview.Group g : o.verdicts()) {
            assertEquals(byVerdict.get(g.key()), g.connections(), g.key());
        }
        // fatal verdicts first, VALIDATED last
        assertEquals("VALIDATED", o.verdicts().get(o.verdicts().size() - 1).key());
        assertTrue(o.verdicts().get(0).fatal() > 0);
        assertEquals(byServer.size(), o.servers().size());
        for (CaptureOverview.Group g : o.servers()) {
            assertEquals(byServer.get(g.key())[0], g.connections(), g.key());
            assertEquals(byServer.get(g.key())[1], g.fatal(), g.key());
        }
        int[] started = o.startedPerBucket(), failed = o.failedPerBucket();
        assertEquals(truth.size(), java.util.Arrays.stream(started).sum());
        assertEquals(fatal, java.util.Arrays.stream(failed).sum());
        assertTrue(o.firstNanos() > 0 && o.lastNanos() > o.firstNanos());
        String s = o.sharedFailure();
        assertTrue(s.startsWith(CaptureOverview.number(fatal) + " of " + CaptureOverview.number(truth.size()) + " connections fail"), s);
        assertTrue(s.contains(byServer.size() + " servers"), s);
    }

    @Test
    void sentenceOnOneKindOfFailure() {
        // only the RESPONSE_MISMATCH connections on Capabilities: the generator adds ENCRYPTION to the VALIDATE response
        List<ConnectionReport> some = new ArrayList<>();
        int expected = 0;
        for (int i = 0; i < truth.size(); i++) {
            SynthCaptures.Truth t = truth.get(i);
            if (t.verdict().equals("VALIDATED") || t.verdict().equals("RESPONSE_MISMATCH") && t.field().equals("Capabilities")) {
                some.add(byKey().get(t.client()));
                expected += t.verdict().equals("VALIDATED") ? 0 : 1;
            }
        }
        String s = CaptureOverview.of(some).sharedFailure();
        assertEquals(CaptureOverview.number(expected) + " of " + CaptureOverview.number(some.size())
                + " connections fail, all RESPONSE_MISMATCH on Capabilities, all with ENCRYPTION cleared, to 4 servers from "
                + expected + " clients", s);
    }

    private static Map<String, ConnectionReport> byKey;

    static synchronized Map<String, ConnectionReport> byKey() {
        if (byKey == null) {
            byKey = new HashMap<>();
            for (ConnectionReport r : result.connections()) {
                byKey.put(r.client(), r);
            }
        }
        return byKey;
    }

    @Test
    void filterLanguage() {
        Map<String, SynthCaptures.Truth> t = new HashMap<>();
        truth.forEach(x -> t.put(x.client(), x));
        int n = 0;
        ConnectionFilter f = ConnectionFilter.parse("verdict:response field:Capabilities server:10.0.0.2:445");
        for (ConnectionReport r : result.connections()) {
            SynthCaptures.Truth x = t.get(r.client());
            boolean want = x.verdict().equals("RESPONSE_MISMATCH") && x.field().equals("Capabilities") && x.server().equals("10.0.0.2:445");
            assertEquals(want, f.test(r), r.client());
            n += want ? 1 : 0;
        }
        assertTrue(n > 0);
        assertTrue(ConnectionFilter.parse("").test(result.connections().get(0)));
        long fatal = result.connections().stream().filter(ConnectionFilter.parse("fatal")).count();
        assertEquals(truth.stream().filter(x -> !x.verdict().equals("VALIDATED")).count(), fatal);
        assertEquals(truth.stream().filter(x -> x.client().endsWith(":49152")).count(),
                result.connections().stream().filter(ConnectionFilter.parse("port:49152")).count());
        assertEquals(0, result.connections().stream().filter(ConnectionFilter.parse("dialect:2.1")).count());
        assertEquals(truth.size(), result.connections().stream().filter(ConnectionFilter.parse("dialect:3.0.2")).count());
    }

    @Test
    void wiresharkFilterSelectsTheConnectionsFrames() throws Exception {
        assertTrue(WiresharkFilter.streamsMatch(result.captures().get(0).format(), 1));
        // the last connection (highest stream number: every earlier conversation counted alike) and a failing one
        // (the workbench test checks more, on this file and on real ones)
        List<ConnectionReport> pick = new ArrayList<>();
        pick.add(result.connections().get(result.connections().size() - 1));
        result.connections().stream().filter(ConnectionReport::fatal).findFirst().ifPresent(pick::add);
        for (ConnectionReport r : pick) {
            String filter = WiresharkFilter.of(r, true);
            assertTrue(filter.contains("tcp.stream eq " + r.details().tcpStream()), filter);
            TreeSet<Long> frames = tshark(filter);
            assertFalse(frames.isEmpty(), filter);
            assertEquals(r.firstFrame(), frames.first(), filter);
            // the analysis' last frame is its last event (a final bare ACK may follow it)
            assertTrue(frames.contains(r.lastFrame()) && frames.last() - r.lastFrame() <= 2, filter + ": " + frames.last());
            for (long f : new long[] {r.frames().negotiateRequest(), r.frames().negotiateResponse(), r.frames().validateRequest(),
                    r.frames().validateResponse(), r.frames().termination()}) {
                assertTrue(f == 0 || frames.contains(f), filter + " lacks frame " + f);
            }
            // the stream number alone selects exactly those frames: numbered as Wireshark numbers them
            assertEquals(frames, tshark("tcp.stream eq " + r.details().tcpStream()), r.client());
            assertTrue(WiresharkFilter.evidenceFrame(r) > 0);
        }
    }

    static TreeSet<Long> tshark(String filter) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-Y", filter, "-T", "fields", "-e", "frame.number")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("tshark is needed for this test (Debian package tshark): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "tshark -Y " + filter);
        TreeSet<Long> s = new TreeSet<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                s.add(Long.parseLong(l.trim()));
            }
        }
        return s;
    }
}
