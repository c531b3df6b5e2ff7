import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a large capture out of REAL Samba captures (releng/captures/*.pcap, one TCP connection each, made on
 * loopback by releng/scripts/make-captures.sh): copies them one after the other, round robin, until the target
 * size, shifting timestamps so time keeps going forward and giving each copy its own client address
 * (127.a.b.c instead of 127.0.0.1; the client port and the server's 127.0.0.1:445x stay) so that every copy is a
 * distinct connection. IPv4 and TCP checksums are updated incrementally (RFC 1624), so they stay as valid as in the
 * originals (IPv4 valid; TCP as loopback capture leaves them with checksum offload, i.e. not filled in). Writes a ground-truth TSV in SynthCapture's format, taking each copy's expected verdict from
 * releng/captures/EXPECTED.tsv (column verdictWithoutPassword: the benchmark gives no password).
 * <p>
 * usage: {@code java ReplicateCapture.java --out F [--truth F] --size 100M --expected EXPECTED.tsv SOURCE.pcap...}
 * Sources: classic pcap, Ethernet, IPv4 (what the Samba scripts write).
 */
public final class ReplicateCapture {

    record Packet(long timeNanos, byte[] frame) {}

    record Source(String name, List<Packet> packets, int clientPort, int serverPort, String verdict, String side,
                  String field, String terminatedBy) {}

    public static void main(String[] args) throws IOException {
        Path out = null, truth = null, expected = null;
        long target = 100L << 20;
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--truth" -> truth = Path.of(args[++i]);
                case "--expected" -> expected = Path.of(args[++i]);
                case "--size" -> target = size(args[++i]);
                default -> sources.add(Path.of(args[i]));
            }
        }
        if (out == null || expected == null || sources.isEmpty()) {
            System.err.println("usage: java ReplicateCapture.java --out F [--truth F] --size 100M --expected EXPECTED.tsv SOURCE.pcap...");
            System.exit(2);
        }
        if (truth == null) truth = Path.of(out + ".truth.tsv");

        Map<String, String[]> exp = new HashMap<>();
        String[] header = null;
        for (String line : Files.readAllLines(expected, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (line.startsWith("#")) { f[0] = f[0].substring(1).trim(); header = f; continue; }
            exp.put(f[0], f);
        }
        if (header == null) throw new IllegalArgumentException(expected + ": no header line");
        int cVerdict = col(header, "verdictWithoutPassword"), cDiff = col(header, "differences"),
                cTerm = col(header, "terminatedBy");

        List<Source> srcs = new ArrayList<>();
        for (Path p : sources) {
            String[] e = exp.get(p.getFileName().toString());
            if (e == null) { System.err.println("ReplicateCapture: skipping " + p.getFileName() + " (not in " + expected.getFileName() + ")"); continue; }
            List<Packet> pk;
            int[] ports;
            try {
                pk = readPcap(p);
                ports = ports(pk, p);
            } catch (IllegalArgumentException | IOException ex) { // e.g. a deliberately damaged test capture
                System.err.println("ReplicateCapture: skipping " + p.getFileName() + ": " + ex.getMessage());
                continue;
            }
            String diff = e[cDiff];
            String side = "-", field = "-";
            if (!diff.equals("-")) { String[] sf = diff.split(",")[0].split(":"); side = sf[0]; field = sf[1]; }
            srcs.add(new Source(p.getFileName().toString(), pk, ports[0], ports[1], e[cVerdict], side, field, e[cTerm]));
        }
        if (srcs.isEmpty()) throw new IllegalArgumentException("no usable source capture");

        long written = 24, frames = 0, clock = 1_767_225_600_000_000_000L;
        int copies = 0;
        StringBuilder rows = new StringBuilder();
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20).order(ByteOrder.LITTLE_ENDIAN);
            buf.putInt(0xA1B23C4D).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1); // ns pcap
            while (written < target) {
                Source s = srcs.get(copies % srcs.size());
                int n = copies + 2; // 127.0.0.2 upwards: never 127.0.0.1, the server
                int client = 0x7F000000 | ((n >>> 16) & 0xFF) << 16 | ((n >>> 8) & 0xFF) << 8 | (n & 0xFF); // 127.a.b.c
                long base = s.packets().get(0).timeNanos();
                for (Packet p : s.packets()) {
                    byte[] f = p.frame().clone();
                    rewrite(f, s.clientPort(), client);
                    long t = clock + (p.timeNanos() - base);
                    if (buf.remaining() < 16 + f.length) { buf.flip(); while (buf.hasRemaining()) ch.write(buf); buf.clear(); }
                    buf.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L)).putInt(f.length).putInt(f.length).put(f);
                    written += 16 + f.length;
                    frames++;
                }
                clock += s.packets().get(s.packets().size() - 1).timeNanos() - base + 1_000_000;
                rows.append(ip(client)).append(':').append(s.clientPort()).append('\t').append("127.0.0.1:").append(s.serverPort())
                        .append('\t').append(s.verdict()).append('\t').append(s.side()).append('\t').append(s.field()).append('\t')
                        .append(s.terminatedBy()).append('\t').append(s.name()).append('\n');
                copies++;
            }
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(truth, StandardCharsets.UTF_8))) {
            w.printf("# REAL Samba captures replicated (releng/bench/ReplicateCapture.java); expected verdicts from %s%n", expected.getFileName());
            w.printf("# file=%s size=%d frames=%d connections=%d sources=%d%n", out.getFileName(), written, frames, copies, srcs.size());
            w.print("client\tserver\tverdict\tside\tfield\tterminatedBy\tsource\n");
            w.print(rows);
        }
        System.err.printf("ReplicateCapture: wrote %s (%,d bytes, %,d frames, %,d connections from %d real captures)%n",
                out, written, frames, copies, srcs.size());
    }

    static int col(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        throw new IllegalArgumentException("no column " + name);
    }

    static long size(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        long mul = 1;
        if (s.endsWith("K")) mul = 1L << 10; else if (s.endsWith("M")) mul = 1L << 20; else if (s.endsWith("G")) mul = 1L << 30;
        if (mul != 1) s = s.substring(0, s.length() - 1);
        return (long) (Double.parseDouble(s) * mul);
    }

    static List<Packet> readPcap(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p));
        int magic = b.getInt(0);
        ByteOrder order;
        boolean nanos;
        switch (magic) {
            case 0xD4C3B2A1 -> { order = ByteOrder.LITTLE_ENDIAN; nanos = false; }
            case 0x4D3CB2A1 -> { order = ByteOrder.LITTLE_ENDIAN; nanos = true; }
            case 0xA1B2C3D4 -> { order = ByteOrder.BIG_ENDIAN; nanos = false; }
            case 0xA1B23C4D -> { order = ByteOrder.BIG_ENDIAN; nanos = true; }
            default -> throw new IllegalArgumentException(p + ": not a classic pcap file");
        }
        b.order(order);
        if (b.getInt(20) != 1) throw new IllegalArgumentException(p + ": link type " + b.getInt(20) + ", only Ethernet (1) is supported");
        List<Packet> out = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            long sec = b.getInt() & 0xFFFFFFFFL, frac = b.getInt() & 0xFFFFFFFFL;
            int incl = b.getInt();
            b.getInt();
            if (incl < 0 || incl > b.remaining()) throw new IllegalArgumentException(p + ": truncated record");
            byte[] f = new byte[incl];
            b.get(f);
            out.add(new Packet(sec * 1_000_000_000L + (nanos ? frac : frac * 1000), f));
        }
        return out;
    }

    /** [clientPort, serverPort] from the first SYN without ACK. */
    static int[] ports(List<Packet> pk, Path p) {
        for (Packet k : pk) {
            byte[] f = k.frame();
            if (f.length < 54 || f[12] != 0x08 || f[13] != 0x00 || f[23] != 6) continue;
            int t = 14 + (f[14] & 0x0F) * 4;
            int flags = f[t + 13] & 0xFF;
            if ((flags & 0x12) == 0x02) return new int[] {u16(f, t), u16(f, t + 2)};
        }
        throw new IllegalArgumentException(p + ": no SYN found");
    }

    /** Replaces the client's address (source when the source port is the client's, else destination). */
    static void rewrite(byte[] f, int clientPort, int newClient) {
        if (f.length < 54 || f[12] != 0x08 || f[13] != 0x00) return;
        int ipOff = 14, ihl = (f[14] & 0x0F) * 4, t = ipOff + ihl;
        if (f[23] != 6 || f.length < t + 20) return;
        int addrOff = u16(f, t) == clientPort ? ipOff + 12 : u16(f, t + 2) == clientPort ? ipOff + 16 : -1;
        if (addrOff < 0) return;
        int oldHi = u16(f, addrOff), oldLo = u16(f, addrOff + 2);
        int newHi = newClient >>> 16, newLo = newClient & 0xFFFF;
        f[addrOff] = (byte) (newHi >>> 8); f[addrOff + 1] = (byte) newHi;
        f[addrOff + 2] = (byte) (newLo >>> 8); f[addrOff + 3] = (byte) newLo;
        adjust(f, ipOff + 10, oldHi, oldLo, newHi, newLo);   // IPv4 header checksum
        adjust(f, t + 16, oldHi, oldLo, newHi, newLo);       // TCP checksum covers the pseudo-header addresses
    }

    /** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
    static void adjust(byte[] f, int at, int oldHi, int oldLo, int newHi, int newLo) {
        int hc = u16(f, at);
        long sum = (~hc & 0xFFFF) + (~oldHi & 0xFFFF) + (~oldLo & 0xFFFF) + newHi + newLo;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        int v = (int) (~sum & 0xFFFF);
        f[at] = (byte) (v >>> 8); f[at + 1] = (byte) v;
    }

    static int u16(byte[] f, int at) { return (f[at] & 0xFF) << 8 | (f[at + 1] & 0xFF); }

    static String ip(int a) { return (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF); }
}
