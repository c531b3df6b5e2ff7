package org.negscope.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;

/**
 * SYNTHETIC capture writer for tests: builds IPv4/IPv6 + TCP packets, wraps them in link layers and
 * writes pcap or pcapng files, so that what loopback captures cannot show (big-endian files, VLAN
 * tags, retransmissions, loss, reordering) can be tested. Checksums are computed so that Wireshark
 * shows the files as valid.
 */
final class SyntheticCapture {
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    private SyntheticCapture() {}

    // ------------------------------------------------------------------ IP + TCP

    static byte[] addr(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static byte[] tcpHeader(int sport, int dport, int seq, int ack, int flags, byte[] options) {
        int hl = 20 + options.length;
        if (hl % 4 != 0) throw new IllegalArgumentException("options must be padded to 4 bytes");
        ByteBuffer b = ByteBuffer.allocate(hl);
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack);
        b.put((byte) ((hl / 4) << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        b.put(options);
        return b.array();
    }

    /** IPv4 + TCP packet (no options in IP; TCP options given). */
    static byte[] tcp4(String src, int sport, String dst, int dport, int seq, int ack, int flags, byte[] payload) {
        return tcp4(src, sport, dst, dport, seq, ack, flags, new byte[0], new byte[0], payload);
    }

    static byte[] tcp4(String src, int sport, String dst, int dport, int seq, int ack, int flags,
                       byte[] ipOptions, byte[] tcpOptions, byte[] payload) {
        byte[] s = addr(src), d = addr(dst);
        byte[] tcp = concat(tcpHeader(sport, dport, seq, ack, flags, tcpOptions), payload);
        int ihl = 20 + ipOptions.length;
        ByteBuffer ip = ByteBuffer.allocate(ihl + tcp.length);
        ip.put((byte) (0x40 | ihl / 4)).put((byte) 0).putShort((short) (ihl + tcp.length)).putShort((short) 0x1234)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).put(s).put(d).put(ipOptions);
        byte[] out = ip.array();
        putShort(out, 10, checksum(out, 0, ihl, 0));
        System.arraycopy(tcp, 0, out, ihl, tcp.length);
        long pseudo = sum(s) + sum(d) + 6 + tcp.length;
        putShort(out, ihl + 16, checksum(out, ihl, tcp.length, pseudo));
        return out;
    }

    /** IPv6 + optional extension headers (raw bytes, each starting with its next-header byte) + TCP. */
    static byte[] tcp6(String src, int sport, String dst, int dport, int seq, int ack, int flags, byte[] payload) {
        return tcp6(src, sport, dst, dport, seq, ack, flags, 6, new byte[0], payload);
    }

    /** @param firstNext the IPv6 next-header value (6 when {@code extensions} is empty). */
    static byte[] tcp6(String src, int sport, String dst, int dport, int seq, int ack, int flags,
                       int firstNext, byte[] extensions, byte[] payload) {
        byte[] s = addr(src), d = addr(dst);
        byte[] tcp = concat(tcpHeader(sport, dport, seq, ack, flags, new byte[0]), payload);
        long pseudo = sum(s) + sum(d) + 6 + tcp.length;
        putShort(tcp, 16, checksum(tcp, 0, tcp.length, pseudo));
        ByteBuffer ip = ByteBuffer.allocate(40 + extensions.length + tcp.length);
        ip.putInt(0x60000000).putShort((short) (extensions.length + tcp.length)).put((byte) firstNext).put((byte) 64)
                .put(s).put(d).put(extensions).put(tcp);
        return ip.array();
    }

    /**
     * SYNTHETIC: packets (IP + TCP) of one connection, with sequence and acknowledgement numbers given
     * as stream offsets (0 = first payload byte after the SYN) relative to chosen initial sequence numbers.
     */
    static final class Flow {
        final String client, server;
        final int clientPort, serverPort;
        final int clientIsn, serverIsn;

        Flow(String client, int clientPort, String server, int serverPort, int clientIsn, int serverIsn) {
            this.client = client; this.clientPort = clientPort; this.server = server; this.serverPort = serverPort;
            this.clientIsn = clientIsn; this.serverIsn = serverIsn;
        }

        private boolean v6() { return client.contains(":"); }

        byte[] syn() { return c2sRaw(clientIsn, 0, SYN, new byte[0]); }
        byte[] synAck() { return s2cRaw(serverIsn, clientIsn + 1, SYN | ACK, new byte[0]); }
        byte[] ack() { return c2s(0, new byte[0], ACK, 0); }

        /** Client to server, payload at stream offset {@code off}, acknowledging server offset {@code ackOff}. */
        byte[] c2s(int off, byte[] data, int flags, int ackOff) {
            return c2sRaw(clientIsn + 1 + off, serverIsn + 1 + ackOff, flags, data);
        }
        byte[] s2c(int off, byte[] data, int flags, int ackOff) {
            return s2cRaw(serverIsn + 1 + off, clientIsn + 1 + ackOff, flags, data);
        }
        byte[] c2s(int off, byte[] data) { return c2s(off, data, PSH | ACK, 0); }
        byte[] s2c(int off, byte[] data) { return s2c(off, data, PSH | ACK, 0); }

        byte[] c2sRaw(int seq, int ack, int flags, byte[] data) {
            return v6() ? tcp6(client, clientPort, server, serverPort, seq, ack, flags, data)
                        : tcp4(client, clientPort, server, serverPort, seq, ack, flags, data);
        }
        byte[] s2cRaw(int seq, int ack, int flags, byte[] data) {
            return v6() ? tcp6(server, serverPort, client, clientPort, seq, ack, flags, data)
                        : tcp4(server, serverPort, client, clientPort, seq, ack, flags, data);
        }
    }

    // ------------------------------------------------------------------ link layers

    static byte[] ethernet(byte[] ip, int... vlanTpids) {
        int type = (ip[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTpids.length + ip.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        for (int i = 0; i < vlanTpids.length; i++) b.putShort((short) vlanTpids[i]).putShort((short) (100 + i));
        b.putShort((short) type).put(ip);
        return b.array();
    }

    static byte[] sll(byte[] ip) {
        int type = (ip[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[] {2, 0, 0, 0, 0, 1, 0, 0})
                .putShort((short) type).put(ip);
        return b.array();
    }

    static byte[] sll2(byte[] ip) {
        int type = (ip[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
        ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
        b.putShort((short) type).putShort((short) 0).putInt(2).putShort((short) 1).put((byte) 4).put((byte) 6)
                .put(new byte[] {2, 0, 0, 0, 0, 1, 0, 0}).put(ip);
        return b.array();
    }

    /** BSD loopback header: the address family as a 4-byte integer in the given byte order. */
    static byte[] nullLoop(byte[] ip, int family, boolean bigEndian) {
        ByteBuffer b = ByteBuffer.allocate(4 + ip.length).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.putInt(family).put(ip);
        return b.array();
    }

    // ------------------------------------------------------------------ files

    /** Classic pcap in either byte order and timestamp resolution. */
    static final class Pcap {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final boolean bigEndian, nanos;

        Pcap(boolean bigEndian, boolean nanos, int linkType, int snapLength) {
            this.bigEndian = bigEndian;
            this.nanos = nanos;
            ByteBuffer h = buf(24);
            h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(snapLength).putInt(linkType);
            write(h);
        }

        Pcap(int linkType) { this(false, false, linkType, 262144); }

        Pcap add(long timeNanos, byte[] frame) { return add(timeNanos, frame, frame.length); }

        /** A record whose original length may exceed what is kept (snap length). */
        Pcap add(long timeNanos, byte[] frame, int originalLength) {
            ByteBuffer h = buf(16);
            long sec = timeNanos / 1_000_000_000L, ns = timeNanos % 1_000_000_000L;
            h.putInt((int) sec).putInt((int) (nanos ? ns : ns / 1000)).putInt(frame.length).putInt(originalLength);
            write(h);
            out.writeBytes(frame);
            return this;
        }

        /** A record header with arbitrary lengths and no data (damage tests). */
        Pcap rawRecordHeader(long timeNanos, int inclLen, int origLen) {
            ByteBuffer h = buf(16);
            h.putInt((int) (timeNanos / 1_000_000_000L)).putInt(0).putInt(inclLen).putInt(origLen);
            write(h);
            return this;
        }

        Pcap raw(byte[] bytes) { out.writeBytes(bytes); return this; }

        int size() { return out.size(); }
        byte[] bytes() { return out.toByteArray(); }

        private ByteBuffer buf(int n) { return ByteBuffer.allocate(n).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN); }
        private void write(ByteBuffer b) { out.writeBytes(b.array()); }
    }

    /** pcapng with any number of interfaces; sections in either byte order. */
    static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private boolean bigEndian;

        Pcapng(boolean bigEndian) { section(bigEndian); }

        /** Starts a new section (its interfaces are numbered from 0 again). */
        Pcapng section(boolean bigEndian) {
            this.bigEndian = bigEndian;
            ByteBuffer body = buf(16);
            body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
            return block(0x0A0D0D0A, body.array());
        }

        /** @param tsresol if_tsresol option value, or -1 for none (microseconds). */
        Pcapng iface(int linkType, int snapLength, int tsresol) {
            ByteBuffer body = buf(tsresol >= 0 ? 8 + 8 + 4 : 8);
            body.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
            if (tsresol >= 0) body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]).putInt(0);
            return block(1, body.array());
        }

        /** Enhanced packet block; {@code ticks} in the interface's timestamp units. */
        Pcapng epb(int iface, long ticks, byte[] frame) { return epb(iface, ticks, frame, frame.length); }

        Pcapng epb(int iface, long ticks, byte[] frame, int originalLength) {
            ByteBuffer body = buf(20 + pad(frame.length));
            body.putInt(iface).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(frame.length).putInt(originalLength).put(frame);
            return block(6, body.array());
        }

        /** Simple packet block (interface 0, no timestamp). */
        Pcapng spb(byte[] frame) {
            ByteBuffer body = buf(4 + pad(frame.length));
            body.putInt(frame.length).put(frame);
            return block(3, body.array());
        }

        /** Any block, e.g. an unknown type that readers must skip. */
        Pcapng block(int type, byte[] body) {
            ByteBuffer b = buf(12 + pad(body.length));
            int len = 12 + pad(body.length);
            b.putInt(type).putInt(len).put(body);
            b.position(len - 4);
            b.putInt(len);
            out.writeBytes(b.array());
            return this;
        }

        Pcapng raw(byte[] bytes) { out.writeBytes(bytes); return this; }

        int size() { return out.size(); }
        byte[] bytes() { return out.toByteArray(); }

        private ByteBuffer buf(int n) { return ByteBuffer.allocate(n).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN); }
        private static int pad(int n) { return (n + 3) & ~3; }
    }

    static java.nio.file.Path write(java.nio.file.Path dir, String name, byte[] data) {
        try {
            return java.nio.file.Files.write(dir.resolve(name), data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SYNTHETIC: the packets of a complete short exchange (handshake, one message each way, FIN both ways). */
    static java.util.List<byte[]> basicExchange(Flow f) {
        return java.util.List.of(f.syn(), f.synAck(), f.ack(),
                f.c2s(0, ascii("hello")),
                f.s2c(0, ascii("world!"), PSH | ACK, 5),
                f.c2s(5, new byte[0], FIN | ACK, 6),
                f.s2c(6, new byte[0], FIN | ACK, 6),
                f.c2s(6, new byte[0], ACK, 7));
    }

    static final java.util.List<String> BASIC_EVENTS = java.util.List.of(
            "open 0 10.0.0.1:50000 -> 10.0.0.2:445 syn frame 1",
            "data 0 c2s @0 +5 frame 4",
            "data 0 s2c @0 +6 frame 5",
            "FIN 0 c2s frame 6",
            "FIN 0 s2c frame 7");

    static Flow basicFlow() { return new Flow("10.0.0.1", 50000, "10.0.0.2", 445, 1000, 5000); }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bo.toByteArray();
    }

    // ------------------------------------------------------------------ helpers

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] ascii(String s) { return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII); }

    /** {@code n} bytes with a position-dependent pattern, so that misplaced bytes are noticed. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed * 7 + (i >>> 8));
        return b;
    }

    private static long sum(byte[] a) {
        long s = 0;
        for (int i = 0; i < a.length; i += 2) s += (a[i] & 0xFF) << 8 | (i + 1 < a.length ? a[i + 1] & 0xFF : 0);
        return s;
    }

    private static int checksum(byte[] b, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i < len; i += 2) s += (b[off + i] & 0xFF) << 8 | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
        while ((s >> 16) != 0) s = (s & 0xFFFF) + (s >> 16);
        return (int) (~s & 0xFFFF);
    }

    private static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }
}
