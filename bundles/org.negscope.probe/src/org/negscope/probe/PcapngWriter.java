package org.negscope.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.negscope.capture.PcapngBlocks;

/**
 * Writes a probe's {@link Transcript} as a pcapng file (one Ethernet interface, nanosecond timestamps) that
 * NegScope and Wireshark read like any capture. The SMB bytes are exactly those the probe sent and
 * received; the Ethernet, IPv4/IPv6 and TCP headers around them are synthesised: a three-way handshake,
 * sequence and acknowledgement numbers that follow the payload, an ACK for every message, the FIN or RST
 * that ended the connection, and correct IPv4 header and TCP checksums (so Wireshark's checksum validation
 * and NegScope's reassembly accept them). Payload is cut into 1460-byte segments like on Ethernet. The
 * section header and the first frame carry a comment saying the frames were synthesised.
 */
public final class PcapngWriter {
    static final int LINKTYPE_ETHERNET = 1;
    static final int MSS = 1460;
    private static final byte[] CLIENT_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    private static final byte[] SERVER_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
    static final String COMMENT = "Synthesised by the NegScope probe: SMB bytes as sent and received, "
            + "Ethernet/IP/TCP headers reconstructed";

    private final OutputStream out;
    private final byte[] clientIp;
    private final byte[] serverIp;
    private final int clientPort;
    private final int serverPort;
    private final boolean ipv6;
    private long clientSeq = 0x1000_0000L;
    private long serverSeq = 0x2000_0000L;
    private int clientIpId = 1;
    private int serverIpId = 1;
    private int frames;
    /** Per transcript event: the number (1-based) of the frame that carried it (its last data segment, its FIN/RST). */
    private long[] eventFrames;

    private PcapngWriter(OutputStream out, InetSocketAddress client, InetSocketAddress server) {
        this.out = out;
        InetAddress c = client.getAddress();
        InetAddress s = server.getAddress();
        this.ipv6 = !(c instanceof Inet4Address && s instanceof Inet4Address);
        this.clientIp = ipv6 ? toV6(c) : c.getAddress();
        this.serverIp = ipv6 ? toV6(s) : s.getAddress();
        this.clientPort = client.getPort();
        this.serverPort = server.getPort();
    }

    /** Writes the transcript to {@code file} (via a temporary file in the same directory, then renamed). */
    public static void write(Transcript t, Path file) throws IOException {
        if (t.client() == null || t.server() == null) {
            throw new IOException("nothing to save: the probe never connected");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".probe-", ".pcapng.tmp");
        try {
            try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                write(t, o);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the transcript to a stream (not closed). */
    public static void write(Transcript t, OutputStream o) throws IOException {
        if (t.client() == null || t.server() == null) {
            throw new IOException("nothing to save: the probe never connected");
        }
        new PcapngWriter(o, t.client(), t.server()).writeAll(t.events());
    }

    /**
     * Frame numbers (1-based, as Wireshark counts) of each transcript event in the file {@link #write}
     * produces: the SYN-ACK's ACK for CONNECT, the last segment of a message, the FIN or RST.
     */
    public static long[] eventFrames(Transcript t) {
        PcapngWriter w = new PcapngWriter(OutputStream.nullOutputStream(), t.client(), t.server());
        try {
            w.writeAll(t.events());
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: the null stream does not fail", e);
        }
        return w.eventFrames;
    }

    /** Number of frames {@link #write} produces for this transcript. */
    public static long frameCount(Transcript t) {
        PcapngWriter w = new PcapngWriter(OutputStream.nullOutputStream(), t.client(), t.server());
        try {
            w.writeAll(t.events());
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: the null stream does not fail", e);
        }
        return w.frames;
    }

    private void writeAll(List<WireEvent> events) throws IOException {
        eventFrames = new long[events.size()];
        sectionHeader();
        interfaceDescription();
        for (int i = 0; i < events.size(); i++) {
            WireEvent e = events.get(i);
            long t = e.timeNanos();
            switch (e.type()) {
                case CONNECT -> {
                    // The handshake finished at t; place SYN and SYN-ACK just before it.
                    segment(true, t - 2_000, SYN, clientSeq, 0, null, 0, 0, true);
                    clientSeq++;
                    segment(false, t - 1_000, SYN | ACK, serverSeq, clientSeq, null, 0, 0, true);
                    serverSeq++;
                    segment(true, t, ACK, clientSeq, serverSeq, null, 0, 0, false);
                    eventFrames[i] = frames;
                }
                case DATA -> {
                    byte[] b = e.bytesInternal();
                    boolean c = e.fromClient();
                    int off = 0;
                    int n = 0;
                    while (off < b.length) {
                        int len = Math.min(MSS, b.length - off);
                        boolean last = off + len == b.length;
                        if (c) {
                            segment(true, t + n, ACK | (last ? PSH : 0), clientSeq, serverSeq, b, off, len, false);
                            clientSeq += len;
                        } else {
                            segment(false, t + n, ACK | (last ? PSH : 0), serverSeq, clientSeq, b, off, len, false);
                            serverSeq += len;
                        }
                        off += len;
                        n++;
                    }
                    eventFrames[i] = frames;
                    // The receiver acknowledges the message unless its own next segment does so anyway.
                    WireEvent next = i + 1 < events.size() ? events.get(i + 1) : null;
                    boolean ackedByNext = next != null && next.fromClient() != c
                            && (next.type() == WireEvent.Type.DATA || next.type() == WireEvent.Type.FIN
                                    || next.type() == WireEvent.Type.RST);
                    if (!ackedByNext) {
                        if (c) {
                            segment(false, t + n + 50_000, ACK, serverSeq, clientSeq, null, 0, 0, false);
                        } else {
                            segment(true, t + n + 50_000, ACK, clientSeq, serverSeq, null, 0, 0, false);
                        }
                    }
                }
                case FIN -> {
                    if (e.fromClient()) {
                        segment(true, t, FIN | ACK, clientSeq, serverSeq, null, 0, 0, false);
                        clientSeq++;
                    } else {
                        segment(false, t, FIN | ACK, serverSeq, clientSeq, null, 0, 0, false);
                        serverSeq++;
                    }
                    eventFrames[i] = frames;
                    WireEvent next = i + 1 < events.size() ? events.get(i + 1) : null;
                    boolean otherFinNext = next != null && next.fromClient() != e.fromClient()
                            && (next.type() == WireEvent.Type.FIN || next.type() == WireEvent.Type.RST);
                    if (!otherFinNext) {
                        if (e.fromClient()) {
                            segment(false, t + 50_000, ACK, serverSeq, clientSeq, null, 0, 0, false);
                        } else {
                            segment(true, t + 50_000, ACK, clientSeq, serverSeq, null, 0, 0, false);
                        }
                    }
                }
                case RST -> {
                    if (e.fromClient()) {
                        segment(true, t, RST | ACK, clientSeq, serverSeq, null, 0, 0, false);
                    } else {
                        segment(false, t, RST | ACK, serverSeq, clientSeq, null, 0, 0, false);
                    }
                    eventFrames[i] = frames;
                }
                default -> throw new IllegalStateException("unknown event " + e.type());
            }
        }
        out.flush();
    }

    // ---- frames -------------------------------------------------------------------------------------------

    private void segment(boolean fromClient, long timeNanos, int flags, long seq, long ack, byte[] data, int off,
            int len, boolean mssOption) throws IOException {
        int tcpHeader = mssOption ? 24 : 20;
        int ipHeader = ipv6 ? 40 : 20;
        byte[] f = new byte[14 + ipHeader + tcpHeader + len];
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.BIG_ENDIAN);
        b.put(fromClient ? SERVER_MAC : CLIENT_MAC).put(fromClient ? CLIENT_MAC : SERVER_MAC);
        b.putShort((short) (ipv6 ? 0x86DD : 0x0800));
        byte[] src = fromClient ? clientIp : serverIp;
        byte[] dst = fromClient ? serverIp : clientIp;
        int ipStart = 14;
        if (ipv6) {
            b.putInt(0x6000_0000).putShort((short) (tcpHeader + len)).put((byte) 6).put((byte) 64);
            b.put(src).put(dst);
        } else {
            int id = fromClient ? clientIpId++ : serverIpId++;
            b.put((byte) 0x45).put((byte) 0).putShort((short) (ipHeader + tcpHeader + len)).putShort((short) id)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                    .put(src).put(dst);
            int sum = checksum(f, ipStart, 20, 0);
            f[ipStart + 10] = (byte) (sum >>> 8);
            f[ipStart + 11] = (byte) sum;
        }
        int tcpStart = 14 + ipHeader;
        b.putShort((short) (fromClient ? clientPort : serverPort)).putShort((short) (fromClient ? serverPort : clientPort));
        b.putInt((int) seq).putInt((flags & ACK) != 0 ? (int) ack : 0);
        b.put((byte) ((tcpHeader / 4) << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        if (mssOption) {
            b.put((byte) 2).put((byte) 4).putShort((short) MSS);
        }
        if (len > 0) {
            b.put(data, off, len);
        }
        // TCP checksum over the pseudo header (RFC 793 / RFC 8200 8.1) and the segment.
        int tcpLen = tcpHeader + len;
        int pseudo = sumAddress(src) + sumAddress(dst) + 6 + (tcpLen & 0xffff) + (tcpLen >>> 16);
        int sum = checksum(f, tcpStart, tcpLen, pseudo);
        f[tcpStart + 16] = (byte) (sum >>> 8);
        f[tcpStart + 17] = (byte) sum;
        enhancedPacket(timeNanos, f, frames == 0 ? COMMENT : null);
        frames++;
    }

    private static int sumAddress(byte[] b) {
        int s = 0;
        for (int i = 0; i < b.length; i += 2) {
            s += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        return s;
    }

    /** Internet checksum (RFC 1071) of f[off, off+len) plus an initial partial sum. */
    static int checksum(byte[] f, int off, int len, int initial) {
        long s = initial & 0xffffffffL;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            s += (f[off + i] & 0xff) << 8 | (f[off + i + 1] & 0xff);
        }
        if (i < len) {
            s += (f[off + i] & 0xff) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    /** IPv4-mapped IPv6 address (RFC 4291 2.5.5.2) as 16 raw bytes, for a connection that mixes families. */
    private static byte[] toV6(InetAddress a) {
        if (a instanceof Inet6Address) {
            return a.getAddress();
        }
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(a.getAddress(), 0, v6, 12, 4);
        return v6;
    }

    // ---- pcapng blocks: written by the capture bundle's encoder, shared with live capture's ring files ------

    private void sectionHeader() throws IOException {
        out.write(PcapngBlocks.sectionHeader("NegScope probe", COMMENT));
    }

    private void interfaceDescription() throws IOException {
        out.write(PcapngBlocks.interfaceDescription(LINKTYPE_ETHERNET, 0));
    }

    private void enhancedPacket(long timeNanos, byte[] frame, String comment) throws IOException {
        PcapngBlocks.writeEnhancedPacket(out, timeNanos, frame, 0, frame.length, frame.length, comment);
    }
}
