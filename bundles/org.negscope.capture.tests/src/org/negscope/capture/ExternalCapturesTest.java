package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real third-party captures (../shared/external-captures, read in place). Every number below was
 * obtained from Wireshark's tools (TShark 4.0.17) on 2026-11-25, not from this reader:
 * <ul>
 * <li>frames: {@code capinfos -c FILE};</li>
 * <li>connections (order, endpoints): {@code tshark -r FILE -q -z conv,tcp} and the tcp.stream indexes;</li>
 * <li>bytes per direction: {@code tshark -r FILE -q -z follow,tcp,raw,N} for every stream N, summing the
 *     hex bytes of each node (the node of the un-indented lines is the stream's first sender).</li>
 * </ul>
 */
class ExternalCapturesTest {

    /** One connection as Wireshark sees it: roles as this reader assigns them (SYN sender, or port 445 side is server). */
    record Conn(String client, String server, long clientToServer, long serverToClient, boolean syn) {}
    record Expected(String file, String format, long frames, List<Conn> connections) {}

    static Stream<Expected> captures() {
        return Stream.of(
            new Expected("msod-fasod-ex1-win10-ws2019-workgroup.pcapng", "pcapng", 394, List.of(
                // stream 0 starts with the client's ACK of an earlier handshake (no SYN in the capture)
                new Conn("192.168.1.101:49685", "192.168.1.1:445", 144, 144, false),
                new Conn("192.168.1.101:49686", "192.168.1.1:445", 4057, 4542, true),
                new Conn("[fe80::b00c:699:2acb:8e78]:49687", "[fe80::d071:f785:d0bb:1f0e]:445", 20136, 25098, true),
                new Conn("192.168.1.101:49688", "192.168.1.1:445", 1661, 1634, true))),
            new Expected("msod-fasod-ex2-win10-ws2019-domain.pcapng", "pcapng", 409, List.of(
                new Conn("192.168.0.101:61336", "192.168.0.2:445", 1730, 2028, true),
                new Conn("192.168.0.101:61337", "192.168.0.1:445", 3978, 1701, true),
                new Conn("192.168.0.101:61338", "192.168.0.2:445", 12866, 16551, true),
                new Conn("192.168.0.101:61339", "192.168.0.2:445", 6162, 6192, true),
                new Conn("192.168.0.101:61340", "192.168.0.2:445", 1155, 884, true),
                new Conn("192.168.0.101:61341", "192.168.0.2:445", 1375, 1128, true),
                new Conn("192.168.0.101:61342", "192.168.0.2:445", 1155, 884, true))),
            new Expected("suricata-verify-smb2-06-net_user.pcap", "pcap", 155, List.of(
                new Conn("192.168.10.31:49282", "192.168.10.10:445", 16271, 13720, true))),
            new Expected("suricata-verify-smb2-delete.pcap", "pcap", 134, List.of(
                new Conn("192.168.1.12:49281", "192.168.1.51:445", 0, 0, true),
                new Conn("192.168.1.12:49283", "192.168.1.51:445", 10227, 11767, true),
                // only the server's (retransmitted) 112-byte segment was captured: roles from port 445
                new Conn("192.168.1.12:54927", "192.168.1.51:445", 0, 112, false))),
            new Expected("zeek-smb2-zero-byte-error-ioctl.pcapng", "pcapng", 180, List.of(
                new Conn("192.168.2.186:62081", "192.168.2.69:445", 0, 0, true),
                new Conn("192.168.2.186:62082", "192.168.2.69:139", 0, 0, true),
                new Conn("192.168.2.186:62083", "192.168.2.69:445", 5531, 5794, true))),
            new Expected("zeek-smb2.delete-on-close-perms-delete-existing.pcap", "pcap", 106, List.of(
                new Conn("127.0.0.1:54268", "127.0.0.1:445", 3812, 3500, true))),
            new Expected("zeek-smb3.pcap", "pcap", 54, List.of(
                new Conn("10.160.64.139:38166", "10.160.65.202:445", 4500, 5612, false))),
            new Expected("zeek-smb311.pcap", "pcap", 34, List.of(
                new Conn("192.168.100.168:44718", "10.160.67.244:445", 3281, 3549, false))),
            new Expected("zeek-smb3_negotiate_context.pcap", "pcap", 13, List.of(
                new Conn("192.168.1.89:42598", "192.168.1.21:445", 0, 0, false),
                new Conn("192.168.1.89:47918", "192.168.1.21:445", 402, 478, true))));
    }

    @TestFactory
    Stream<DynamicTest> matchWireshark() {
        return captures().map(e -> DynamicTest.dynamicTest(e.file(), () -> matchesWireshark(e)));
    }

    private static void matchesWireshark(Expected e) throws Exception {
        Recorder r = Recorder.read(TestData.external(e.file()));
        assertEquals(e.format(), r.summary.format());
        assertEquals(e.frames(), r.summary.frames(), "frames (capinfos -c)");
        assertEquals(List.of(), r.summary.warnings());
        assertFalse(r.summary.canceled());
        List<Conn> actual = new ArrayList<>();
        for (TcpConnection c : r.connections) {
            actual.add(new Conn(c.client().toString(), c.server().toString(),
                    r.total(c.index(), Direction.CLIENT_TO_SERVER), r.total(c.index(), Direction.SERVER_TO_CLIENT), c.sawSyn()));
        }
        assertEquals(e.connections(), actual, "connections and reassembled bytes (tshark conv,tcp / follow,tcp,raw)");
        assertEquals(List.of(), r.contractViolations);
        // no gaps: Wireshark's follow output shows none for these captures
        assertTrue(r.events.stream().noneMatch(s -> s.startsWith("gap")), r.events::toString);
    }

    /**
     * Exact stream contents: the first 16 bytes each way of the SMB2 connection in zeek-smb3.pcap, as
     * printed by {@code tshark -r zeek-smb3.pcap -q -z follow,tcp,raw,0} (first line of each node).
     */
    @Test
    void streamBytesMatchFollowOutput() throws Exception {
        Recorder r = Recorder.read(TestData.external("zeek-smb3.pcap"));
        assertEquals("00000066fe534d424000000000000000", hex(r.bytes(0, Direction.CLIENT_TO_SERVER), 16));
        assertEquals("000000f8fe534d424000000000000000", hex(r.bytes(0, Direction.SERVER_TO_CLIENT), 16));
        // first data event each way: frame 1 (request) and frame 2 (response), per tshark's frame list
        assertEquals("data 0 c2s @0 +106 frame 1", r.events.get(1));
        assertEquals("data 0 s2c @0 +252 frame 2", r.events.get(2));
    }

    /**
     * Retransmissions in a real capture: msod-fasod-ex1 frame 27 is a "[TCP Retransmission]" of 128
     * bytes (tshark -Y tcp.analysis.flags); it must not be delivered twice, nor reported as differing.
     */
    @Test
    void realRetransmissionsAreDroppedSilently() throws Exception {
        Recorder r = Recorder.read(TestData.external("msod-fasod-ex1-win10-ws2019-workgroup.pcapng"));
        assertTrue(r.events.stream().noneMatch(s -> s.startsWith("data") && s.endsWith(" frame 27")), r.events::toString);
        assertEquals(List.of(), r.warnings);
        // RSTs from the client at frames 5, 177 and 381 (tshark: tcp.flags.reset==1)
        assertEquals(List.of("RST 0 c2s frame 5", "RST 1 c2s frame 177", "RST 3 c2s frame 381"),
                r.events.stream().filter(s -> s.startsWith("RST") || s.startsWith("FIN")).toList());
    }

    static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) sb.append(String.format("%02x", b[i]));
        return sb.toString();
    }
}
