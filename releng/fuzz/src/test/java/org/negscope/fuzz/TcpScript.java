package org.negscope.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.negscope.capture.CaptureOptions;

/**
 * The input language of the TCP reassembly fuzz target: a compact list of TCP segments between one
 * server and up to two clients, turned into a SYNTHETIC Ethernet/IPv4|IPv6/TCP pcap for the real reader.
 * Seeds are real captures translated into it ({@link #fromCapture}), so the fuzzer starts from genuine
 * SMB2 conversations and mutates sequence numbers, flags, overlaps, snap-length cuts and payloads.
 * <pre>
 * byte 0       reader limits (bits 0-1 out-of-order buffer per direction, 2-3 history, 4-5 connections)
 * per segment  u8 flags (FIN 01 SYN 02 RST 04 PSH 08 ACK 10 | 20 sent by the server | 40 IPv6 | 80 second client)
 *              u32 seq, u32 ack, u16 payload length, u16 bytes cut by the snap length, payload
 * </pre>
 */
public final class TcpScript {
    private TcpScript() {}

    public static final int FROM_SERVER = 0x20, V6 = 0x40, SECOND_CLIENT = 0x80;
    static final int SERVER_PORT = 445;

    public static CaptureOptions options(int b) {
        int[] perDir = {1 << 10, 1 << 12, 1 << 16, 1 << 20};
        int[] hist = {0, 16, 4096, 4096};
        int[] conns = {1, 2, 16, 1 << 18};
        return CaptureOptions.DEFAULTS.withMaxBufferedPerDirection(perDir[b & 3]).withHistoryBytes(hist[b >> 2 & 3])
                .withMaxConnections(conns[b >> 4 & 3]).withMaxBufferedTotal(perDir[b & 3] * 3L / 2);
    }

    /** Decodes the segments and writes the pcap; a short last segment takes what is left. */
    public static byte[] toPcap(byte[] in) {
        List<CaptureBytes.Record> recs = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(in);
        if (b.hasRemaining()) b.get(); // options byte
        long t = 1_700_000_000_000_000_000L;
        while (b.remaining() >= 13) {
            int flags = b.get() & 0xFF;
            int seq = b.getInt(), ack = b.getInt();
            int len = Math.min(b.getShort() & 0xFFFF, Math.max(0, b.remaining() - 2));
            int missing = b.remaining() >= 2 ? b.getShort() & 0xFFFF : 0;
            len = Math.min(len, b.remaining());
            byte[] payload = new byte[len];
            b.get(payload);
            byte[] frame = frame(flags, seq, ack, payload, missing);
            int orig = frame.length + missing;
            recs.add(new CaptureBytes.Record(0, 0, CaptureBytes.LINKTYPE_ETHERNET, t, frame, orig));
            t += 1_000_000;
        }
        return CaptureBytes.pcap(CaptureBytes.LINKTYPE_ETHERNET, 262144, recs);
    }

    /** Ethernet + IP + TCP (20-byte header) carrying {@code payload}; the IP length also counts {@code missing}. */
    static byte[] frame(int flags, int seq, int ack, byte[] payload, int missing) {
        boolean v6 = (flags & V6) != 0, fromServer = (flags & FROM_SERVER) != 0;
        int clientPort = (flags & SECOND_CLIENT) != 0 ? 50001 : 50000;
        int sport = fromServer ? SERVER_PORT : clientPort, dport = fromServer ? clientPort : SERVER_PORT;
        int ipHeader = v6 ? 40 : 20;
        int tcpLen = 20 + payload.length;
        // the IP length field cannot announce more than 65535 bytes
        int maxMissing = (v6 ? 65535 - tcpLen : 65535 - 20 - tcpLen);
        missing = Math.max(0, Math.min(missing, maxMissing));
        ByteBuffer f = ByteBuffer.allocate(14 + ipHeader + tcpLen);
        f.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) (v6 ? 0x86DD : 0x0800));
        byte[] cli = v6 ? new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1} : new byte[] {10, 0, 0, 1};
        byte[] srv = v6 ? new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2} : new byte[] {10, 0, 0, 2};
        byte[] src = fromServer ? srv : cli, dst = fromServer ? cli : srv;
        if (v6) {
            f.putInt(0x60000000).putShort((short) (tcpLen + missing)).put((byte) 6).put((byte) 64).put(src).put(dst);
        } else {
            f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLen + missing)).putShort((short) 0)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).put(src).put(dst);
        }
        f.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack)
                .put((byte) 0x50).put((byte) (flags & 0x1F)).putShort((short) 65535).putInt(0).put(payload);
        return f.array();
    }

    /**
     * Translates the TCP segments of a real capture (Ethernet, IPv4/IPv6) into a script, up to about
     * {@code maxBytes}. The server is the destination of the first SYN (else port 445, else the lower port);
     * a second client port becomes {@link #SECOND_CLIENT}, further ones are left out.
     */
    public static byte[] fromCapture(byte[] capture, int optionsByte, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(optionsByte);
        int serverPort = -1, firstClient = -1, secondClient = -1;
        for (CaptureBytes.Record r : CaptureBytes.records(capture)) {
            Segment s = Segment.parse(r);
            if (s == null) continue;
            if (serverPort < 0) {
                if ((s.flags & 0x12) == 0x02) serverPort = s.dport;
                else if (s.sport == 445 || s.dport == 445) serverPort = 445;
                else serverPort = Math.min(s.sport, s.dport);
            }
            boolean fromServer = s.sport == serverPort;
            if (!fromServer && s.dport != serverPort) continue;
            int client = fromServer ? s.dport : s.sport;
            if (firstClient < 0) firstClient = client;
            else if (client != firstClient && secondClient < 0) secondClient = client;
            if (client != firstClient && client != secondClient) continue;
            int flags = (s.flags & 0x1F) | (fromServer ? FROM_SERVER : 0) | (s.v6 ? V6 : 0)
                    | (client == secondClient ? SECOND_CLIENT : 0);
            if (out.size() + 13 + s.payload.length > maxBytes && out.size() > 1) break;
            ByteBuffer h = ByteBuffer.allocate(13);
            h.put((byte) flags).putInt(s.seq).putInt(s.ack).putShort((short) s.payload.length).putShort((short) s.missing);
            out.writeBytes(h.array());
            out.writeBytes(s.payload);
        }
        return out.toByteArray();
    }

    /** One TCP segment of a real frame (Ethernet, 802.1Q, Linux SLL; IPv4 without fragments, IPv6 without extension headers). */
    record Segment(boolean v6, int sport, int dport, int seq, int ack, int flags, byte[] payload, int missing) {
        static Segment parse(CaptureBytes.Record r) {
            byte[] d = r.data();
            ByteBuffer b = ByteBuffer.wrap(d);
            int p;
            int etherType;
            if (r.linkType() == CaptureBytes.LINKTYPE_ETHERNET) {
                if (d.length < 14) return null;
                p = 12;
                etherType = b.getShort(p) & 0xFFFF;
                p += 2;
                while (etherType == 0x8100 && d.length >= p + 4) {
                    etherType = b.getShort(p + 2) & 0xFFFF;
                    p += 4;
                }
            } else if (r.linkType() == 113) { // Linux SLL
                if (d.length < 16) return null;
                etherType = b.getShort(14) & 0xFFFF;
                p = 16;
            } else if (r.linkType() == CaptureBytes.LINKTYPE_RAW) {
                if (d.length < 1) return null;
                etherType = (d[0] >> 4) == 6 ? 0x86DD : 0x0800;
                p = 0;
            } else {
                return null;
            }
            boolean v6;
            int tcp, ipEnd;
            if (etherType == 0x0800) {
                if (d.length < p + 20 || d[p + 9] != 6) return null;
                if ((b.getShort(p + 6) & 0x3FFF) != 0) return null; // fragment
                int ihl = (d[p] & 0x0F) * 4;
                tcp = p + ihl;
                ipEnd = p + (b.getShort(p + 2) & 0xFFFF);
                v6 = false;
            } else if (etherType == 0x86DD) {
                if (d.length < p + 40 || d[p + 6] != 6) return null;
                tcp = p + 40;
                ipEnd = tcp + (b.getShort(p + 4) & 0xFFFF);
                v6 = true;
            } else {
                return null;
            }
            if (d.length < tcp + 20) return null;
            int dataOff = ((d[tcp + 12] >> 4) & 0x0F) * 4;
            int start = tcp + dataOff;
            if (start > d.length) return null;
            int end = Math.min(ipEnd, d.length);
            byte[] payload = new byte[Math.max(0, end - start)];
            System.arraycopy(d, start, payload, 0, payload.length);
            int missing = Math.max(0, ipEnd - d.length);
            return new Segment(v6, b.getShort(tcp) & 0xFFFF, b.getShort(tcp + 2) & 0xFFFF, b.getInt(tcp + 4),
                    b.getInt(tcp + 8), d[tcp + 13] & 0xFF, payload, Math.min(missing, 0xFFFF));
        }
    }
}
