package org.negscope.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SMB2 messages of a small loopback capture, for the end-to-end signature tests: classic pcap,
 * Ethernet, IPv4, TCP; each direction's payload joined in sequence order, cut at the 4-byte
 * direct-TCP headers, compound chains split at NextCommand. Test-only (it assumes whole, in-order
 * streams, which loopback and the small external captures used here provide): the product reads
 * captures with the capture and smb2 bundles.
 */
final class CapturedSmb2 {

    /** One SMB2 message as sent (from ProtocolId), with the frame that completed it. */
    record Message(long frame, byte[] bytes) {
        int command() {
            return Bytes.u16(bytes, 12);
        }

        long status() {
            return Bytes.u32(bytes, 8);
        }

        long flags() {
            return Bytes.u32(bytes, 16);
        }

        boolean isResponse() {
            return (flags() & 1) != 0;
        }

        boolean isSigned() {
            return (flags() & 8) != 0;
        }

        long sessionId() {
            return Bytes.u64(bytes, 40);
        }
    }

    private CapturedSmb2() {
    }

    private static int be16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    private static long be32(byte[] b, int off) {
        return (long) be16(b, off) << 16 | be16(b, off + 2);
    }

    static List<Message> read(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        int magic = b.getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw new IOException(pcap + ": not a classic pcap file");
        }
        int linkType = b.getInt(20);
        if (linkType != 1) {
            throw new IOException(pcap + ": link type " + linkType + ", this test reader knows Ethernet only");
        }
        Map<String, Direction> flows = new HashMap<>();
        List<Message> out = new ArrayList<>();
        int pos = 24;
        for (long frame = 1; pos + 16 <= b.limit(); frame++) {
            int incl = b.getInt(pos + 8);
            int p = pos + 16;
            pos += 16 + incl;
            byte[] f = new byte[incl];
            b.get(p, f);
            if (incl < 14 + 20 || be16(f, 12) != 0x0800 || f[14 + 9] != 6) {
                continue; // not IPv4/TCP
            }
            int ip = 14;
            int ihl = (f[ip] & 0x0f) * 4;
            int ipLen = be16(f, ip + 2);
            int tcp = ip + ihl;
            int tcpLen = ((f[tcp + 12] & 0xff) >>> 4) * 4;
            int payload = tcp + tcpLen;
            int payloadLen = ip + ipLen - payload;
            String key = Bytes.hex(f, ip + 12, 8) + ":" + Bytes.hex(f, tcp, 4);
            long seq = be32(f, tcp + 4);
            boolean syn = (f[tcp + 13] & 0x02) != 0;
            Direction d = flows.computeIfAbsent(key, k -> new Direction());
            if (syn) {
                d.next = seq + 1;
                continue;
            }
            if (payloadLen <= 0) {
                continue;
            }
            long skip = d.next - seq; // retransmitted bytes already seen
            if (skip >= payloadLen) {
                continue;
            }
            int from = payload + (int) Math.max(0, skip);
            d.data.write(f, from, payload + payloadLen - from);
            d.next = seq + payloadLen;
            d.drain(frame, out);
        }
        return out;
    }

    private static final class Direction {
        long next = -1;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        void drain(long frame, List<Message> out) {
            byte[] buf = data.toByteArray();
            int off = 0;
            while (buf.length - off >= 4) {
                int len = (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8 | (buf[off + 3] & 0xff);
                if (buf.length - off - 4 < len) {
                    break;
                }
                int m = off + 4;
                int end = m + len;
                while (m + 64 <= end && (buf[m] & 0xff) == 0xFE && buf[m + 1] == 'S') {
                    long next = Bytes.u32(buf, m + 20);
                    int mEnd = next == 0 ? end : (int) (m + next);
                    out.add(new Message(frame, java.util.Arrays.copyOfRange(buf, m, mEnd)));
                    if (next == 0) {
                        break;
                    }
                    m = mEnd;
                }
                off = end;
            }
            data.reset();
            data.write(buf, off, buf.length - off);
        }
    }
}
