package org.negscope.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.smb2.Dialect;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Header;

/**
 * The pcapng export on synthetic transcripts (label: synthetic — loopback cannot produce IPv6-to-a-remote,
 * multi-segment or reset endings on demand): block layout, TCP/IP checksums recomputed independently, and
 * tshark's reading.
 */
class PcapngWriterTest {
    @TempDir
    Path tmp;

    private static final long T0 = 1_764_000_000_000_000_000L;

    static byte[] framed(byte[] msg) {
        byte[] f = new byte[4 + msg.length];
        f[1] = (byte) (msg.length >>> 16);
        f[2] = (byte) (msg.length >>> 8);
        f[3] = (byte) msg.length;
        System.arraycopy(msg, 0, f, 4, msg.length);
        return f;
    }

    static byte[] negotiate(int padTo) {
        byte[] m = new NegotiateRequest(1, 0x7f, UUID.fromString("11111111-2222-3333-4444-555555555555"),
                new int[] {Dialect.SMB_3_0, Dialect.SMB_3_0_2}, List.of())
                .encode(Smb2Header.request(Smb2Command.NEGOTIATE, 0, 0, 0));
        return padTo > m.length ? java.util.Arrays.copyOf(m, padTo) : m;
    }

    /** Synthetic: a NEGOTIATE request, an answer of 5000 bytes (4 segments), then a server reset. */
    static Transcript synthetic(String client, String server) throws IOException {
        Transcript t = new Transcript();
        t.endpoints(new InetSocketAddress(InetAddress.getByName(client), 50000),
                new InetSocketAddress(InetAddress.getByName(server), 4455));
        t.add(new WireEvent(WireEvent.Type.CONNECT, true, T0, null));
        t.add(new WireEvent(WireEvent.Type.DATA, true, T0 + 1_000_000, framed(negotiate(0))));
        t.add(new WireEvent(WireEvent.Type.DATA, false, T0 + 2_000_000, framed(new byte[4996])));
        t.add(new WireEvent(WireEvent.Type.RST, false, T0 + 3_000_000, null));
        return t;
    }

    @Test
    void ipv4FramesHaveCorrectChecksumsAndFollowTheTranscript() throws Exception {
        Transcript t = synthetic("10.1.2.3", "10.9.8.7");
        Path f = tmp.resolve("v4.pcapng");
        PcapngWriter.write(t, f);
        // SYN, SYN-ACK, ACK, request, ACK-less (the reply acks it), 4 reply segments, client ACK, RST
        long[] ev = PcapngWriter.eventFrames(t);
        assertArrayEquals(new long[] {3, 4, 8, 10}, ev);
        assertEquals(10, PcapngWriter.frameCount(t));
        Tshark.Result r = Tshark.fields(f, 4455, "frame", "frame.number", "ip.src", "tcp.flags.str", "tcp.len",
                "tcp.checksum.status", "ip.checksum.status", "tcp.seq", "tcp.ack");
        assertEquals(10, r.rows().size(), r::toString);
        for (List<String> row : r.rows()) {
            assertEquals("1", row.get(4), "TCP checksum of frame " + row.get(0));
            assertEquals("1", row.get(5), "IP checksum of frame " + row.get(0));
        }
        assertEquals("10.1.2.3", r.rows().get(0).get(1));
        assertTrue(r.rows().get(0).get(2).contains("S"), r.rows().get(0)::toString);
        assertEquals(List.of("1460", "1460", "1460", "620"),
                r.rows().subList(4, 8).stream().map(x -> x.get(3)).toList());
        assertTrue(r.rows().get(9).get(2).contains("R"), r.rows().get(9)::toString);
        Tshark.Result smb = Tshark.fields(f, 4455, "smb2.cmd == 0", "smb2.dialect", "smb2.client_guid");
        assertEquals(List.of(List.of("0x0300,0x0302", "11111111-2222-3333-4444-555555555555")), smb.rows(), smb::toString);
        Tshark.Result anomalies = Tshark.fields(f, 4455, "tcp.analysis.flags && !tcp.analysis.window_update", "frame.number",
                "_ws.expert.message");
        assertTrue(anomalies.rows().isEmpty(), anomalies::toString);
    }

    @Test
    void ipv6FramesHaveCorrectChecksums() throws Exception {
        Transcript t = synthetic("2001:db8::1", "2001:db8::2");
        Path f = tmp.resolve("v6.pcapng");
        PcapngWriter.write(t, f);
        Tshark.Result r = Tshark.fields(f, 4455, "ipv6", "ipv6.src", "tcp.checksum.status");
        assertEquals(10, r.rows().size(), r::toString);
        assertTrue(r.rows().stream().allMatch(x -> x.get(1).equals("1")), r::toString);
        assertEquals("2001:db8::1", r.rows().get(0).get(0));
    }

    @Test
    void blocksAreWellFormedPcapngWithNanosecondTimestamps() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapngWriter.write(synthetic("192.0.2.1", "192.0.2.2"), out);
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        int blocks = 0;
        int packets = 0;
        long firstTs = -1;
        while (b.hasRemaining()) {
            int start = b.position();
            int type = b.getInt(start);
            int len = b.getInt(start + 4);
            assertEquals(0, len % 4, "block length is a multiple of 4");
            assertEquals(len, b.getInt(start + len - 4), "trailing block length");
            if (type == 6) {
                packets++;
                long ts = (b.getInt(start + 12) & 0xffffffffL) << 32 | (b.getInt(start + 16) & 0xffffffffL);
                if (firstTs < 0) {
                    firstTs = ts;
                }
            }
            blocks++;
            b.position(start + len);
        }
        assertEquals(10, packets);
        assertEquals(12, blocks); // SHB + IDB + 10 EPB
        assertEquals(T0 - 2_000, firstTs, "SYN 2 µs before the handshake completed, in nanoseconds");
    }

    @Test
    void internetChecksumMatchesRfc1071Example() {
        // RFC 1071 section 3 example: 00 01 f2 03 f4 f5 f6 f7 -> sum ddf2, checksum 220d
        byte[] d = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0x220d, PcapngWriter.checksum(d, 0, d.length, 0));
    }

    @Test
    void nothingToSaveWithoutAConnection() {
        Transcript empty = new Transcript();
        IOException e = assertThrows(IOException.class, () -> PcapngWriter.write(empty, tmp.resolve("x.pcapng")));
        assertTrue(e.getMessage().contains("never connected"));
        assertTrue(Files.notExists(tmp.resolve("x.pcapng")));
    }
}
