package org.negscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.negscope.capture.CaptureException;
import org.negscope.capture.Progress;

/**
 * The 12 real Network Monitor 2.x files of Microsoft's protocol-documentation captures (prot-od-netcaps, read in place
 * from ../shared/external-captures-3/netmon-cap). For each, NegScope's frames, ETW NetEvent records and SMB2
 * connections (endpoints, dialect, NEGOTIATE request frame) must equal what TShark reads from the same file; TShark
 * runs in the test. Where TShark is missing outside CI, the facts TShark 4.0.17 gave on 2026-12-05 are used instead
 * (frames, NetEvent records, SMB2 connections and how many of them have their NEGOTIATE).
 */
class NetmonCapturesTest {

    /** TShark's facts pinned: frames, NetEvent frames, SMB2 connections, of them with a NEGOTIATE request. */
    record Pinned(String file, long frames, long netEvents, int connections, int withNegotiate) {}

    static Stream<Pinned> files() {
        return Stream.of(
                new Pinned("MS-GPOD_Example2_Win2016_X64_Win10_X64.cap", 1201, 449, 1, 1),
                new Pinned("MS-GPOD_Example3_Win2016_X64_Win10_X64.cap", 787, 66, 4, 4),
                new Pinned("MS-GPOD_Example4_Win2016_X64_Win10_X64.cap", 2346, 450, 5, 1),
                new Pinned("MS-ADOD_Example1_3_Win2016_X64_Win2016_X64_Domain_JoiningADomainByCreatingAnAccountViaLDAP.cap", 212, 0, 4, 4),
                new Pinned("MS-ADOD_Example1_4_Win2016_X64_Win2016_X64_Domain_UnjoiningADomainMember.cap", 193, 0, 5, 5),
                new Pinned("MS-ADOD_Example2_18_Win2016_X64_Win2016_X64_Domain_ManageAccessControlOnDirectoryObjects.cap", 5870, 0, 4, 0),
                new Pinned("MS-AUTHSOD_Example3-1_Win2016_X64_Win2016_X64_Domain.cap", 66, 0, 2, 2),
                new Pinned("MS-AUTHSOD_Example3-2_WIN2016_X64_Win2016_X64_Domian.cap", 70, 0, 2, 2),
                new Pinned("MS-RMSOD_Example4_Win2016_X64_Win10_X64_Domain_v-yvrich.cap", 489, 0, 1, 1),
                new Pinned("MS-WSUSOD_Example6_W2K16_X64_Win10_X64_Domain.cap", 1486, 65, 1, 1),
                new Pinned("MS-CCROD_Example2Peer1Version1_Win2016_X64_Win10_X64_Domain_CePark.cap", 1280, 477, 1, 1));
    }

    /** One SMB2 connection as compared: endpoints, dialect ("3.1.1", null when no NEGOTIATE), NEGOTIATE request frame (0: none). */
    record Conn(String client, String server, String dialect, long negotiateRequest) {}

    /** What TShark says about a file. */
    record Facts(long frames, long netEvents, List<Conn> connections) {}

    static Path netmon(String name) {
        Path f = TestData.repoRoot().resolve("../shared/external-captures-3/netmon-cap").resolve(name).normalize();
        if (!Files.isRegularFile(f)) {
            String msg = "third-party NetMon capture missing: " + f;
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void framesNetEventsAndConnectionsEqualTsharks(Pinned pinned) throws Exception {
        Path f = netmon(pinned.file());
        AnalysisResult r = CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, null);
        CaptureReport c = r.captures().get(0);
        assertEquals("netmon", c.format());
        List<Conn> ours = new ArrayList<>();
        for (ConnectionReport cr : r.connections()) {
            ours.add(new Conn(cr.client(), cr.server(), cr.dialect(), cr.frames().negotiateRequest()));
        }
        ours.sort(java.util.Comparator.comparing(Conn::client));
        Facts t = tshark(f);
        if (t != null) {
            assertEquals(t.frames(), c.frames(), "frames (tshark)");
            assertEquals(t.netEvents(), c.nonPacketRecords(), "NetEvent records (tshark: frames with netmon_event)");
            assertEquals(t.connections(), ours, "SMB2 connections: client, server, dialect, NEGOTIATE request frame (tshark)");
        }
        // the pinned facts hold either way (and say what this file is about)
        assertEquals(pinned.frames(), c.frames(), "frames");
        assertEquals(pinned.netEvents(), c.nonPacketRecords(), "NetEvent records");
        assertEquals(pinned.connections(), ours.size(), "SMB2 connections");
        assertEquals(pinned.withNegotiate(), ours.stream().filter(x -> x.negotiateRequest() > 0).count(), "connections with NEGOTIATE");
        assertTrue(c.warnings().stream().noneMatch(w -> w.message().contains("Network Monitor") || w.message().contains("frame table")),
                () -> "reader warnings on an intact file: " + c.warnings());
    }

    @Test
    void aFileOfEtwEventsOnlyIsRefusedWithHowToCapture() throws Exception {
        Path f = netmon("MS-ADFSOD_Example1_WIN2016_X64_WIN10_X64_Domain.cap");
        Facts t = tshark(f);
        if (t != null) {
            assertEquals(t.frames(), t.netEvents(), "tshark: every frame of this file is a NetEvent record");
        }
        CaptureException e = assertThrows(CaptureException.class,
                () -> CaptureAnalyzer.analyze(List.of(f), AnalysisOptions.none(), Progress.NONE, null));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ", offset 0: a Network Monitor file holding only 732 ETW event records"), m);
        assertTrue(m.contains("pktmon filter add -p 445") && m.contains("pktmon start --capture --pkt-size 0")
                && m.contains("netsh trace start capture=yes"), m);
        // the same advice, in the same words, as for an ETL trace without packets (capture's CollectionAdvice)
        assertTrue(m.contains("; to capture packets, run: pktmon filter add -p 445, then ") && m.contains("(stop with pktmon stop)")
                && m.endsWith("(stop with netsh trace stop)"), m);
        assertTrue(!m.contains("\n"), "one line");
    }

    // ------------------------------------------------------------------------------ tshark

    private static final Map<String, String> DIALECTS = Map.of("0x0202", "2.0.2", "0x0210", "2.1", "0x0300", "3.0",
            "0x0302", "3.0.2", "0x0311", "3.1.1");

    /** TShark's reading of {@code f}; null when tshark is not installed and this is not CI. */
    static Facts tshark(Path f) throws IOException, InterruptedException {
        List<String> cmd = List.of("tshark", "-n", "-r", f.toString(), "-T", "fields", "-E", "separator=|",
                "-e", "frame.number", "-e", "frame.protocols", "-e", "tcp.stream", "-e", "ip.src", "-e", "ipv6.src",
                "-e", "tcp.srcport", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport", "-e", "smb2.cmd",
                "-e", "smb2.flags.response", "-e", "smb2.dialect");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("tshark is needed (Debian package tshark, installed by ./negscope test): " + e.getMessage());
            }
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("tshark failed on " + f);
        }
        long frames = 0, events = 0;
        Map<Integer, String[]> streams = new TreeMap<>(); // stream -> {client, server, dialect, negotiate frame}
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] x = line.split("\\|", -1);
            frames++;
            if (x[1].contains("netmon_event")) {
                events++;
            }
            if (x[9].isEmpty()) {
                continue; // no SMB2 in this frame
            }
            int stream = Integer.parseInt(x[2]);
            String src = endpoint(x[3], x[4], x[5]), dst = endpoint(x[6], x[7], x[8]);
            boolean toServer = x[8].equals("445");
            String[] s = streams.computeIfAbsent(stream, k -> new String[] {toServer ? src : dst, toServer ? dst : src, null, "0"});
            String cmd0 = x[9].split(",")[0], response = x[10].split(",")[0];
            if (cmd0.equals("0") && response.equals("0")) {
                s[3] = x[0];
            } else if (cmd0.equals("0") && response.equals("1") && DIALECTS.containsKey(x[11])) {
                s[2] = DIALECTS.get(x[11]); // 0x02ff (the answer to an SMB1 multi-protocol NEGOTIATE) is not a dialect
            }
        }
        List<Conn> conns = new ArrayList<>();
        for (String[] s : streams.values()) {
            conns.add(new Conn(s[0], s[1], s[2], Long.parseLong(s[3])));
        }
        conns.sort(java.util.Comparator.comparing(Conn::client));
        return new Facts(frames, events, conns);
    }

    private static String endpoint(String v4, String v6, String port) {
        return v4.isEmpty() ? "[" + v6 + "]:" + port : v4 + ":" + port;
    }
}
