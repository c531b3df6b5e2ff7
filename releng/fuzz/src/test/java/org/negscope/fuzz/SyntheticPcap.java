package org.negscope.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SYNTHETIC captures for the hostile-input tests: IPv4/TCP segments in Ethernet frames between arbitrary
 * client addresses/ports and a server, written as a pcap. What loopback captures cannot produce
 * (conflicting overlaps, 2^31 sequence jumps, thousands of connections, snap-length cuts) is built here.
 */
public final class SyntheticPcap {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    private final List<CaptureBytes.Record> records = new ArrayList<>();
    private long time = 1_700_000_000_000_000_000L;

    /** One segment from client {@code client}:{@code cport} (or back when {@code fromServer}) to server 10.0.0.2:445. */
    public SyntheticPcap segment(int client, int cport, boolean fromServer, int flags, int seq, int ack, byte[] payload, int missing) {
        byte[] cli = {10, (byte) (client >> 16), (byte) (client >> 8), (byte) client}, srv = {10, 0, 0, 2};
        int total = 40 + payload.length + missing;
        ByteBuffer f = ByteBuffer.allocate(54 + payload.length);
        f.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(fromServer ? srv : cli).put(fromServer ? cli : srv);
        f.putShort((short) (fromServer ? 445 : cport)).putShort((short) (fromServer ? cport : 445)).putInt(seq).putInt(ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0).put(payload);
        byte[] frame = f.array();
        records.add(new CaptureBytes.Record(0, 0, CaptureBytes.LINKTYPE_ETHERNET, time, frame, frame.length + missing));
        time += 1_000_000;
        return this;
    }

    public SyntheticPcap segment(boolean fromServer, int flags, int seq, int ack, byte[] payload) {
        return segment(1, 50000, fromServer, flags, seq, ack, payload, 0);
    }

    public int frames() { return records.size(); }

    public byte[] bytes() { return CaptureBytes.pcap(CaptureBytes.LINKTYPE_ETHERNET, 262144, records); }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    /** An SMB2 message with a 4-byte NBSS header: a header with this command/flags and {@code bodyLength} zero bytes. */
    public static byte[] smb2(int command, boolean response, long messageId, int bodyLength, int nextCommand) {
        ByteBuffer b = ByteBuffer.allocate(64 + bodyLength).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x424D53FE).putShort((short) 64).putShort((short) 0).putInt(0).putShort((short) command).putShort((short) 1)
                .putInt(response ? 1 : 0).putInt(nextCommand).putLong(messageId);
        return b.array();
    }

    public static byte[] nbss(byte[]... messages) {
        int len = 0;
        for (byte[] m : messages) len += m.length;
        ByteBuffer b = ByteBuffer.allocate(4 + len);
        b.putInt(len);
        for (byte[] m : messages) b.put(m);
        return b.array();
    }
}
