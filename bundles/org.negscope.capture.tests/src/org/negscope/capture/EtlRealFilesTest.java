package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real ETW traces written by Windows (../shared/external-captures-3, read in place). The expected values come
 * from Windows itself ({@code *-PktMon.txt}: pktmon's own text rendering of every event, UTF-16), from the
 * pcapng pktmon wrote of the same capture, and from the third-party parser dissect.etl (packet-event counts) —
 * never from this reader.
 */
class EtlRealFilesTest {

    /** One packet event as seen by the reader. */
    record Seen(long frame, long group, int number, int appearance, int dir, int component, int linkType, byte[] bytes) {}

    static List<Seen> events(Path file, Recorder r) throws IOException {
        List<Seen> seen = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            r.summary = EtlFormat.readCapture(file.toString(), ch, ch.size(), r, Progress.NONE, CaptureOptions.DEFAULTS,
                    (frame, group, number, app, dir, comp, link, b, off, len, t) ->
                            seen.add(new Seen(frame, group, number, app, dir, comp, link, Arrays.copyOfRange(b, off, off + len))));
        }
        return seen;
    }

    /** Packets that are analysed: one per (PktGroupId, PktNumber) among the copies (Appearance >= 1), each Appearance 0 event. */
    static long analysed(List<Seen> seen) {
        return seen.stream().filter(s -> s.appearance() >= 1).map(s -> s.group() + "/" + s.number()).distinct().count()
                + seen.stream().filter(s -> s.appearance() == 0).count();
    }

    private static final Pattern WINDOWS_LINE = Pattern.compile(
            "PktGroupId (\\d+), PktNumber \\d+, Appearance (\\d+), Direction (Rx|Tx) , Type (\\w+) , Component (\\d+),");

    /** pktmon's rendering, packet lines only, in its order: "group appearance Rx|Tx component". */
    static List<String> windowsRendering(Path txt) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : new String(Files.readAllBytes(txt), StandardCharsets.UTF_16).split("\r?\n")) {
            Matcher m = WINDOWS_LINE.matcher(line);
            if (m.find()) lines.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(5));
        }
        return lines;
    }

    @ParameterizedTest
    @CsvSource({"nathaniel-a, 3646", "nathaniel-b, 2705", "nathaniel-vid, 1111"})
    void pktmonPacketsEqualWindowsRendering(String name, int packets) throws Exception {
        Path etl = TestData.windows("etl-pktmon/" + name + "-PktMon.etl");
        List<String> windows = windowsRendering(TestData.windows("etl-pktmon/" + name + "-PktMon.txt"));
        assertEquals(packets, windows.size(), "packet lines in Windows' rendering");
        Recorder r = new Recorder();
        List<Seen> seen = events(etl, r);
        List<String> mine = new ArrayList<>();
        for (Seen s : seen) {
            mine.add(s.group() + " " + s.appearance() + " " + (s.dir() == EtlPackets.PKTMON_TX ? "Tx" : s.dir() == EtlPackets.PKTMON_RX ? "Rx" : "?" + s.dir())
                    + " " + s.component());
        }
        assertEquals(windows, mine, "per packet: PktGroupId, Appearance, Direction, Component in Windows' order");
        assertEquals(packets, r.summary.frames(), "frames = packet events");
        assertEquals("etl", r.summary.format());
        long groups = analysed(seen);
        assertEquals(packets - groups, r.summary.duplicates(), "duplicates = copies beyond the first of each packet");
        for (int i = 0; i < seen.size(); i++) assertEquals(i + 1, seen.get(i).frame(), "frame numbers in timestamp order");
        assertEquals(List.of(), r.contractViolations);
    }

    /** Packet events per file: dissect.etl's count (SOURCES.md of external-captures-3). */
    @ParameterizedTest
    @CsvSource({"dookisan-PktMon.etl, 26704", "finguard-PktMon.etl, 378", "tritonpilot-PktMon.etl, 51",
            "demikernel-PktMon.etl, 114"})
    void pktmonPacketCounts(String file, int packets) throws Exception {
        Recorder r = new Recorder();
        List<Seen> seen = events(TestData.windows("etl-pktmon/" + file), r);
        assertEquals(packets, seen.size());
        assertEquals(packets, r.summary.frames());
        long groups = analysed(seen);
        if (seen.stream().allMatch(s -> s.appearance() >= 1)) {
            assertEquals(packets - groups, r.summary.duplicates(), "duplicates = copies beyond the first of each packet");
        } else {
            // builds logging Appearance 0: copies recognised by content, within the packets that are not linked
            assertTrue(r.summary.duplicates() > 0 && r.summary.duplicates() < packets, "some packets pass several components");
        }
        assertEquals(List.of(), r.contractViolations);
        System.out.println(file + ": " + packets + " packet events, " + (packets - r.summary.duplicates()) + " analysed, " + r.summary.duplicates()
                + " duplicates, " + r.connections.size() + " TCP connections, warnings " + r.summary.warnings());
    }

    /** The ETL and the pcapng pktmon wrote from it (etl2pcap): the same 114 frames, byte for byte, in the same order. */
    @Test
    void demikernelEtlEqualsItsPcapng() throws Exception {
        Recorder r = new Recorder();
        List<Seen> seen = events(TestData.windows("etl-pktmon/demikernel-PktMon.etl"), r);
        List<byte[]> pcapng = pcapngFrames(TestData.windows("pktmon-pcapng/demikernel-PktMon.cap.pcapng"));
        assertEquals(pcapng.size(), seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertArrayEquals(pcapng.get(i), seen.get(i).bytes(), "frame " + (i + 1));
        }
    }

    /**
     * pktmon's pcapng of the same capture: the copies are recognised by content (same IP bytes within 1 ms) and
     * must be exactly the copies the ETL links by PktGroupId: 114 frames, 76 duplicates (each echo request
     * logged twice, each reply four times).
     */
    @Test
    void pktmonPcapngDuplicatesEqualTheEtlGroups() throws Exception {
        Recorder etl = new Recorder();
        events(TestData.windows("etl-pktmon/demikernel-PktMon.etl"), etl);
        Recorder pcapng = Recorder.read(TestData.windows("pktmon-pcapng/demikernel-PktMon.cap.pcapng"));
        assertEquals(114, pcapng.summary.frames());
        assertEquals(76, etl.summary.duplicates());
        assertEquals(etl.summary.duplicates(), pcapng.summary.duplicates());
    }

    /** A bigger pktmon pcapng (TLS/HTTP, each TCP segment logged up to 6 times): the copies are not retransmissions. */
    @Test
    void pktmonPcapngCopiesAreNotRetransmissions() throws Exception {
        Recorder r = Recorder.read(TestData.windows("pktmon-pcapng/gdn-backup.pcapng"));
        assertEquals(1196, r.summary.frames(), "capinfos");
        assertTrue(r.summary.duplicates() > 0);
        System.out.println("gdn-backup.pcapng: " + r.summary.duplicates() + " duplicates, " + r.connections.size()
                + " TCP connections, warnings " + r.summary.warnings());
        assertTrue(r.summary.warnings().stream().noneMatch(w -> w.message().contains("retransmi")), r.summary.warnings().toString());
    }

    /** The packets of a little-endian pcapng's enhanced packet blocks (a minimal independent reader). */
    static List<byte[]> pcapngFrames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> frames = new ArrayList<>();
        while (b.remaining() >= 12) {
            int start = b.position(), type = b.getInt(start), len = b.getInt(start + 4);
            if (type == 6) {
                int cap = b.getInt(start + 20);
                byte[] f = new byte[cap];
                b.get(start + 28, f);
                frames.add(f);
            }
            b.position(start + len);
        }
        return frames;
    }

    /** netsh trace capture=yes on Windows 10 21H2: one native 802.11 packet, an SSDP M-SEARCH from 192.168.1.2. */
    @Test
    void netshTraceHasOneWifiPacket() throws Exception {
        Recorder r = new Recorder();
        List<Seen> seen = events(TestData.windows("etl-netsh/alilje-netsh-trace.etl"), r);
        assertEquals(1, seen.size());
        assertEquals(1, r.summary.frames());
        assertEquals(0, r.summary.duplicates());
        Seen s = seen.get(0);
        assertEquals(PacketDecoder.LINK_IEEE802_11, s.linkType());
        int ip = PacketDecoder.ipStart(s.linkType(), s.bytes(), 0, s.bytes().length);
        assertTrue(ip > 0, "802.11 data frame with LLC/SNAP carries IPv4");
        assertEquals("192.168.1.2", (s.bytes()[ip + 12] & 0xFF) + "." + (s.bytes()[ip + 13] & 0xFF) + "."
                + (s.bytes()[ip + 14] & 0xFF) + "." + (s.bytes()[ip + 15] & 0xFF));
        assertEquals(17, s.bytes()[ip + 9], "UDP");
        String payload = new String(s.bytes(), ip + 28, 8, StandardCharsets.US_ASCII);
        assertEquals("M-SEARCH", payload);
        assertEquals(List.of(), r.summary.warnings());
    }

    /** Traces without packet events: one message saying what they hold and how to collect packets. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gdn-PktMon-nopackets.etl|ETL trace of logger Relogger: 939 events, none of them packets (pktmon component/counter events only)",
            "gobang-PktMon-nopackets.etl|: 1195 events, none of them packets (pktmon component/counter events only)",
            "kesiya-PktMon-nopackets.etl|: 730 events, none of them packets (pktmon component/counter events only)",
            "airbus-AMSITrace.etl|: 21 events, none of them packets (19 events of other providers, mostly {8e805eb3-6a8f-4a1e-90fa-a831d94e54a1}",
            "airbus-ShutdownPerfDiagLogger.etl|: 17078 events, none of them packets (kernel/system logger events only)",
            "airbus-lxcore_kernel.etl|: 4 events, none of them packets (2 events of other providers",
            "sonde-test.etl|: 112 events, none of them packets (9 events of other providers, mostly {559e1292-fdb4-551e-6ee3-4e8c6d9da223}"})
    void traceWithoutPackets(String file, String expected) throws Exception {
        Path f = TestData.windows("etl-no-packets/" + file);
        CaptureException e = assertThrows(CaptureException.class, () -> Recorder.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("pktmon filter add -p 445"), e.getMessage());
        assertTrue(e.getMessage().contains("netsh trace start capture=yes"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; " + CollectionAdvice.HOW_TO_CAPTURE), "the one wording of the advice: " + e.getMessage());
    }
}
