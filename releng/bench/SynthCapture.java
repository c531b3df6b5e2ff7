import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * SYNTHETIC benchmark capture generator (no dependencies: {@code java releng/bench/SynthCapture.java ...}).
 * <p>
 * Writes a deterministic pcap or pcapng file (Ethernet / IPv4 / TCP, MSS 1460) with many SMB2 connections to
 * port 445, each: 3-way handshake, NEGOTIATE (dialects 0x0202..0x0302, server picks 0x0302), SESSION_SETUP in
 * two round trips (SPNEGO + NTLMSSP with made-up bytes that dissect), TREE_CONNECT, a signed IOCTL
 * FSCTL_VALIDATE_NEGOTIATE_INFO request and, unless the server drops the connection, its signed response, then
 * bulk READs split over many TCP segments and a FIN exchange. A set fraction of connections fails VALIDATE:
 * <ul>
 * <li>{@code RESPONSE_MISMATCH}: one field of the VALIDATE response differs from the NEGOTIATE response (as when
 * a WAN optimiser rewrote the NEGOTIATE response before this capture point) -> the client sends RST;</li>
 * <li>{@code REQUEST_MISMATCH}: one field of the VALIDATE request differs from the NEGOTIATE request seen in this
 * capture -> the server sends no response and RST (MS-SMB2 3.3.5.15.12);</li>
 * <li>{@code SERVER_TERMINATED}: the VALIDATE request repeats this capture's NEGOTIATE, but the server resets
 * anyway (the NEGOTIATE was rewritten between this capture point and the server: the differing field is only in
 * the ground truth, it cannot be seen in the capture).</li>
 * </ul>
 * Hard cases (each switchable, see {@code --hard}): TCP segment boundaries inside the 4-byte NBSS length and inside
 * the 64-byte SMB2 header, READ data that carries {@code FE 'S' 'M' 'B'} and complete fake VALIDATE messages at
 * segment starts (an analyser that does not reassemble over-counts), interleaved connections, retransmitted and
 * re-packetised (overlapping) segments, pairs of segments that arrive swapped.
 * <p>
 * IPv4 header checksums are correct; TCP checksums are 0 unless {@code --tcp-checksums} (Wireshark does not check
 * them by default, and computing them costs a pass over every payload byte).
 * <p>
 * Beside the capture it writes a ground-truth TSV: per connection client, server, expected verdict, side and field
 * of the difference, who ends the connection, and the number of VALIDATE messages (what
 * {@code tshark -Y 'smb2.ioctl.function == 0x00140204'} should count).
 * <p>
 * Why one file of this size: it runs as a single-file source program ({@code java SynthCapture.java ...}, no build),
 * which must hold every class it uses.
 */
public final class SynthCapture {

    enum Hard {
        SPLIT_NBSS("split-nbss"), SPLIT_HEADER("split-header"), FAKE_DATA("fake-data"),
        INTERLEAVE("interleave"), RETRANSMIT("retransmit"), REORDER("reorder");

        final String flag;

        Hard(String flag) { this.flag = flag; }

        static Hard of(String s) {
            for (Hard h : values()) if (h.flag.equals(s)) return h;
            throw new IllegalArgumentException("unknown hard case '" + s + "'");
        }
    }

    enum Kind { VALIDATED, RESPONSE_MISMATCH, REQUEST_MISMATCH, SERVER_TERMINATED }

    static final int MSS = 1460;
    static final int SYN = 0x02, FIN = 0x01, RST = 0x04, PSH = 0x08, ACK = 0x10;
    static final int FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204;
    static final int[] DIALECTS = {0x0202, 0x0210, 0x0300, 0x0302};
    static final int DIALECT = 0x0302;
    static final long START_NANOS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z: fixed, so files are reproducible

    // ------------------------------------------------------------------ options

    long targetBytes = 100L << 20;
    boolean pcapng;
    boolean netmon; // Network Monitor 2.3, written by NetmonWriter
    boolean etl; // NDIS-PacketCapture ETL as netsh writes it (EtlWriter)
    long seed = 1;
    EnumSet<Hard> hard = EnumSet.allOf(Hard.class);
    Path out, truth;
    double responseMismatch = 0.10, requestMismatch = 0.05, serverTerminated = 0.05;
    long meanReadBytes = 2L << 20;
    int concurrent = 8;
    boolean tcpChecksums;
    /** With --connections N: exactly N connections, whatever the size (0: until --size is reached). */
    int connections;

    public static void main(String[] args) throws IOException {
        SynthCapture g = new SynthCapture();
        try {
            g.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SynthCapture: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
        g.run();
    }

    static final String USAGE = """
            usage: java SynthCapture.java --out FILE [--truth FILE] [--size 100M|1G|4G] [--format pcap|pcapng|netmon|etl]
                   [--seed N] [--hard all|none|LIST] [--response-mismatch 0.10] [--request-mismatch 0.05]
                   [--server-terminated 0.05] [--mean-read 2M] [--concurrent 8] [--tcp-checksums]
                   [--connections N]
              LIST: comma-separated of split-nbss,split-header,fake-data,interleave,retransmit,reorder
              sizes: K/M/G are powers of 1024; the file ends within one connection of the target.
              --mean-read 0: no READ data at all (about 6 KB a connection: 100 000 connections in a few hundred MB);
              --connections N: exactly N connections (--size is then ignored).""";

    void parse(String[] a) {
        for (int i = 0; i < a.length; i++) {
            String k = a[i];
            if (k.equals("--tcp-checksums")) { tcpChecksums = true; continue; }
            if (i + 1 >= a.length) throw new IllegalArgumentException(k + " needs a value");
            String v = a[++i];
            switch (k) {
                case "--out" -> out = Path.of(v);
                case "--truth" -> truth = Path.of(v);
                case "--size" -> targetBytes = size(v);
                case "--format" -> {
                    if (!v.matches("pcap|pcapng|netmon|etl")) throw new IllegalArgumentException("format pcap, pcapng, netmon or etl");
                    pcapng = v.equals("pcapng");
                    netmon = v.equals("netmon");
                    etl = v.equals("etl");
                }
                case "--seed" -> seed = Long.parseLong(v);
                case "--hard" -> {
                    hard = EnumSet.noneOf(Hard.class);
                    if (v.equals("all")) hard = EnumSet.allOf(Hard.class);
                    else if (!v.equals("none")) for (String s : v.split(",")) hard.add(Hard.of(s.trim()));
                }
                case "--response-mismatch" -> responseMismatch = Double.parseDouble(v);
                case "--request-mismatch" -> requestMismatch = Double.parseDouble(v);
                case "--server-terminated" -> serverTerminated = Double.parseDouble(v);
                case "--mean-read" -> meanReadBytes = size(v);
                case "--concurrent" -> concurrent = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + k);
            }
        }
        if (out == null) throw new IllegalArgumentException("--out is required");
        if (truth == null) truth = Path.of(out + ".truth.tsv");
        if (!hard.contains(Hard.INTERLEAVE)) concurrent = 1;
        if (responseMismatch + requestMismatch + serverTerminated > 1) throw new IllegalArgumentException("fractions exceed 1");
    }

    static long size(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        long mul = 1;
        if (s.endsWith("K")) mul = 1L << 10; else if (s.endsWith("M")) mul = 1L << 20; else if (s.endsWith("G")) mul = 1L << 30;
        if (mul != 1) s = s.substring(0, s.length() - 1);
        return (long) (Double.parseDouble(s) * mul);
    }

    // ------------------------------------------------------------------ run

    SplittableRandom rnd;
    byte[] pool;            // READ data source
    Output output;
    long clock = START_NANOS;
    final List<Conn> finished = new ArrayList<>();
    long fakesPlanted, retransmits, reordered, nbssSplits, headerSplits;
    int connCounter;
    Kind[] kindCycle;

    void run() throws IOException {
        rnd = new SplittableRandom(seed);
        pool = new byte[4 << 20];
        SplittableRandom p = rnd.split();
        for (int i = 0; i < pool.length; i += 8) {
            long x = p.nextLong();
            for (int j = 0; j < 8; j++) pool[i + j] = (byte) (x >>> (8 * j));
        }
        if (hard.contains(Hard.FAKE_DATA)) {
            // stray protocol ids inside file data, away from segment starts as well
            for (int i = 0; i + 4 < pool.length; i += 1000 + p.nextInt(3000)) {
                pool[i] = (byte) 0xFE; pool[i + 1] = 'S'; pool[i + 2] = 'M'; pool[i + 3] = 'B';
            }
        }
        kindCycle = kindCycle();
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            output = netmon ? new NetmonOutput(ch) : etl ? new EtlOutput(ch) : pcapng ? new PcapngOutput(ch) : new PcapOutput(ch);
            output.begin();
            List<Conn> active = new ArrayList<>();
            long planned = 0; // bytes the active connections still plan to write (estimate)
            while (true) {
                while (active.size() < concurrent && (connections > 0 ? connCounter < connections
                        : output.written + planned < targetBytes)) {
                    Conn c = new Conn(connCounter++);
                    active.add(c);
                    planned += c.plannedBytes;
                }
                if (active.isEmpty()) break;
                int i = active.size() == 1 ? 0 : rnd.nextInt(active.size());
                Conn c = active.get(i);
                Pkt k = c.next();
                if (k == null) {
                    active.remove(i);
                    planned -= c.plannedBytes;
                    finished.add(c);
                    continue;
                }
                clock += k.delayNanos + rnd.nextInt(2_000);
                output.packet(clock, c, k);
            }
            output.flush();
        }
        writeTruth();
    }

    /** Connection kinds in blocks of 100, shuffled, so the fractions hold exactly per block. */
    Kind[] kindCycle() {
        Kind[] k = new Kind[100];
        int r = (int) Math.round(responseMismatch * 100), q = (int) Math.round(requestMismatch * 100),
                t = (int) Math.round(serverTerminated * 100);
        for (int i = 0; i < 100; i++) {
            k[i] = i < r ? Kind.RESPONSE_MISMATCH : i < r + q ? Kind.REQUEST_MISMATCH : i < r + q + t ? Kind.SERVER_TERMINATED
                    : Kind.VALIDATED;
        }
        return k;
    }

    Kind kindFor(int index) {
        // the first few connections cover every kind, so even a tiny file has all of them
        int block = index / 100, pos = index % 100;
        SplittableRandom br = new SplittableRandom(seed * 31 + block);
        Kind[] k = kindCycle.clone();
        for (int i = k.length - 1; i > 0; i--) { int j = br.nextInt(i + 1); Kind x = k[i]; k[i] = k[j]; k[j] = x; }
        if (block == 0) { // put one of each present kind first
            Kind[] order = {Kind.VALIDATED, Kind.RESPONSE_MISMATCH, Kind.REQUEST_MISMATCH, Kind.SERVER_TERMINATED};
            int slot = 0;
            for (Kind want : order) {
                for (int i = slot; i < k.length; i++) {
                    if (k[i] == want) { Kind x = k[slot]; k[slot] = k[i]; k[i] = x; slot++; break; }
                }
            }
        }
        return k[pos];
    }

    void writeTruth() throws IOException {
        int validateMessages = 0;
        int[] kinds = new int[Kind.values().length];
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(truth, StandardCharsets.UTF_8))) {
            w.printf("# SYNTHETIC capture ground truth (releng/bench/SynthCapture.java)%n");
            w.printf("# file=%s format=%s seed=%d size=%d frames=%d hard=%s tcpChecksums=%s%n", out.getFileName(),
                    netmon ? "netmon" : etl ? "etl" : pcapng ? "pcapng" : "pcap", seed, output.written, output.frames, hardText(), tcpChecksums);
            StringBuilder body = new StringBuilder();
            for (Conn c : finished) {
                kinds[c.kind.ordinal()]++;
                validateMessages += c.validateMessages();
                body.append(c.client()).append('\t').append(c.server()).append('\t').append(c.kind).append('\t')
                        .append(c.side()).append('\t').append(c.field == null ? "-" : c.field).append('\t')
                        .append(c.terminatedBy()).append('\t').append(c.validateMessages()).append('\t')
                        .append(c.readBytesDone).append('\n');
            }
            w.printf("# connections=%d validated=%d responseMismatch=%d requestMismatch=%d serverTerminated=%d%n",
                    finished.size(), kinds[0], kinds[1], kinds[2], kinds[3]);
            w.printf("# validateMessages=%d fakeValidatesInReadData=%d retransmittedSegments=%d reorderedPairs=%d nbssSplits=%d headerSplits=%d%n",
                    validateMessages, fakesPlanted, retransmits, reordered, nbssSplits, headerSplits);
            w.printf("# SERVER_TERMINATED rows: field = what was rewritten between capture point and server (not in the capture)%n");
            w.print("client\tserver\tverdict\tside\tfield\tterminatedBy\tvalidateMessages\treadBytes\n");
            w.print(body);
        }
        System.err.printf("SynthCapture: wrote %s (%,d bytes, %,d frames, %d connections, %d validate messages)%n",
                out, output.written, output.frames, finished.size(), validateMessages);
    }

    String hardText() {
        if (hard.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        for (Hard h : hard) b.append(b.length() == 0 ? "" : ",").append(h.flag);
        return b.toString();
    }

    // ------------------------------------------------------------------ packets

    /** One TCP packet of a connection; payload is a window on a flight buffer. */
    static final class Pkt {
        final boolean fromClient;
        final int flags;
        final long seq, ack;
        final byte[] data;
        final int off, len;
        final boolean syn;
        long delayNanos = 5_000;

        Pkt(boolean fromClient, int flags, long seq, long ack, byte[] data, int off, int len) {
            this.fromClient = fromClient; this.flags = flags; this.seq = seq; this.ack = ack;
            this.data = data; this.off = off; this.len = len; this.syn = (flags & SYN) != 0;
        }
    }

    /** One SMB2 connection: a queue of pending packets, refilled one flight at a time. */
    final class Conn {
        final int index;
        final Kind kind;
        final SplittableRandom r;
        final int clientIp, serverIp, clientPort;
        long cSeq, sSeq;           // next sequence numbers
        int cIpId, sIpId;
        final ArrayDeque<Pkt> pending = new ArrayDeque<>();
        int step;
        String field;              // the differing field (ground truth)
        long sessionId;
        long messageId;
        final byte[] clientGuid = new byte[16], serverGuid = new byte[16];
        final int clientCaps = 0x7F, serverCaps = 0x2F, clientSecMode = 0x01, serverSecMode = 0x03;
        final long readTotal;
        long readBytesDone;
        final int readSize, depth;
        final long plannedBytes;
        int validateRequests, validateResponses;

        Conn(int index) {
            this.index = index;
            this.kind = kindFor(index);
            this.r = new SplittableRandom(seed * 1_000_003L + index);
            clientIp = 0x0A010000 | (1 + index % 250) << 8 | (2 + (index / 250) % 250); // 10.1.x.y
            serverIp = 0x0A000001 + index % 4;                                         // 10.0.0.1-4
            clientPort = 49152 + (index / 62500) % 16000 + (index % 7) * 2000;
            cSeq = r.nextLong() & 0xFFFFFFFFL;
            sSeq = r.nextLong() & 0xFFFFFFFFL;
            sessionId = 0x0000_4000_0000_0000L | (r.nextLong() & 0xFFFF_FFFFL);
            r.nextBytes(clientGuid);
            r.nextBytes(serverGuid);
            int[] sizes = {65536, 262144, 1048576};
            readSize = sizes[r.nextInt(sizes.length)];
            depth = 1 + r.nextInt(4);
            readTotal = kind != Kind.VALIDATED || meanReadBytes == 0 ? 0 : Math.max(readSize, meanReadBytes / 4 + (long) (r.nextDouble() * meanReadBytes * 1.5));
            plannedBytes = 6000 + readTotal * 1_120 / 1_000;
            if (kind != Kind.VALIDATED) {
                String[] fields = kind == Kind.RESPONSE_MISMATCH ? new String[] {"Capabilities", "Guid", "SecurityMode", "Dialect"}
                        : new String[] {"Capabilities", "Guid", "SecurityMode", "Dialects"};
                field = fields[(index / 7 + r.nextInt(4)) % 4];
            }
        }

        String client() { return ip(clientIp) + ":" + clientPort; }
        String server() { return ip(serverIp) + ":445"; }

        String side() {
            return switch (kind) { case RESPONSE_MISMATCH -> "response"; case REQUEST_MISMATCH -> "request"; default -> "-"; };
        }

        String terminatedBy() {
            return switch (kind) { case VALIDATED -> "client"; case RESPONSE_MISMATCH -> "client"; default -> "server"; };
        }

        int validateMessages() { return validateRequests + validateResponses; }

        Pkt next() {
            while (pending.isEmpty()) {
                if (!refill()) return null;
            }
            return pending.poll();
        }

        /** Queues the next flight; false when the connection is over. */
        boolean refill() {
            switch (step++) {
                case 0 -> handshake();
                case 1 -> flight(true, negotiateRequest(), 100_000);
                case 2 -> flight(false, negotiateResponse(), 300_000);
                case 3 -> flight(true, sessionSetupRequest1(), 100_000);
                case 4 -> flight(false, sessionSetupResponse1(), 500_000);
                case 5 -> flight(true, sessionSetupRequest2(), 100_000);
                case 6 -> flight(false, sessionSetupResponse2(), 2_000_000);
                case 7 -> flight(true, treeConnectRequest(), 100_000);
                case 8 -> flight(false, treeConnectResponse(), 300_000);
                case 9 -> { validateRequests++; flight(true, validateRequest(), 100_000); }
                case 10 -> {
                    if (kind == Kind.REQUEST_MISMATCH || kind == Kind.SERVER_TERMINATED) {
                        reset(false); // MS-SMB2 3.3.5.15.12: server terminates, no response
                        step = 100;
                    } else {
                        validateResponses++;
                        flight(false, validateResponse(), 300_000);
                    }
                }
                case 11 -> {
                    if (kind == Kind.RESPONSE_MISMATCH) {
                        reset(true); // MS-SMB2 3.2.5.14.12: client terminates
                        step = 100;
                    } else {
                        step = 20;
                        return refill();
                    }
                }
                case 20 -> { // bulk: a batch of READ requests, then their responses, until readTotal
                    if (readBytesDone >= readTotal) { step = 30; return refill(); }
                    readBatch();
                    step = 20;
                }
                case 30 -> close();
                default -> { return false; }
            }
            return true;
        }

        void handshake() {
            byte[] none = new byte[0];
            pending.add(pkt(true, SYN, cSeq, 0, none, 0, 0, 0));
            cSeq++;
            pending.add(pkt(false, SYN | ACK, sSeq, cSeq, none, 0, 0, 60_000));
            sSeq++;
            pending.add(pkt(true, ACK, cSeq, sSeq, none, 0, 0, 60_000));
        }

        void reset(boolean byClient) {
            byte[] none = new byte[0];
            pending.add(byClient ? pkt(true, RST | ACK, cSeq, sSeq, none, 0, 0, 200_000)
                    : pkt(false, RST | ACK, sSeq, cSeq, none, 0, 0, 200_000));
        }

        void close() {
            byte[] none = new byte[0];
            pending.add(pkt(true, FIN | ACK, cSeq, sSeq, none, 0, 0, 500_000));
            cSeq++;
            pending.add(pkt(false, FIN | ACK, sSeq, cSeq, none, 0, 0, 60_000));
            sSeq++;
            pending.add(pkt(true, ACK, cSeq, sSeq, none, 0, 0, 60_000));
        }

        Pkt pkt(boolean fromClient, int flags, long seq, long ack, byte[] d, int off, int len, long delay) {
            Pkt p = new Pkt(fromClient, flags, seq & 0xFFFFFFFFL, ack & 0xFFFFFFFFL, d, off, len);
            p.delayNanos = delay;
            return p;
        }

        /** One framed message as a flight: control messages may be cut inside the NBSS length / SMB2 header. */
        void flight(boolean fromClient, byte[] framed, long thinkNanos) {
            List<int[]> cuts = new ArrayList<>(); // [start, end)
            int pos = 0;
            int c1 = -1, c2 = -1;
            if (hard.contains(Hard.SPLIT_NBSS) && r.nextInt(3) == 0) { c1 = 1 + r.nextInt(3); nbssSplits++; }
            if (hard.contains(Hard.SPLIT_HEADER) && r.nextInt(3) == 0) { c2 = 4 + 1 + r.nextInt(63); headerSplits++; }
            if (c1 > 0) { cuts.add(new int[] {0, c1}); pos = c1; }
            if (c2 > pos) { cuts.add(new int[] {pos, c2}); pos = c2; }
            while (pos < framed.length) {
                int n = Math.min(MSS, framed.length - pos);
                cuts.add(new int[] {pos, pos + n});
                pos += n;
            }
            emitSegments(fromClient, framed, cuts, thinkNanos);
        }

        /**
         * Sends segments of one direction, with delayed ACKs from the receiver; with the hard cases on, some
         * segments come again a little later (retransmitted) and some pairs arrive swapped (reordered).
         */
        void emitSegments(boolean fromClient, byte[] buf, List<int[]> cuts, long thinkNanos) {
            List<Pkt> out = new ArrayList<>(cuts.size() * 3 / 2 + 2);
            int[] at = new int[cuts.size()]; // index in out of each data segment
            long base = fromClient ? cSeq : sSeq;
            long ackOfOther = fromClient ? sSeq : cSeq;
            int sinceAck = 0;
            for (int i = 0; i < cuts.size(); i++) {
                int[] c = cuts.get(i);
                boolean last = i == cuts.size() - 1;
                Pkt p = pkt(fromClient, ACK | (last ? PSH : 0), base + c[0], ackOfOther, buf, c[0], c[1] - c[0],
                        i == 0 ? thinkNanos : 1_200);
                at[i] = out.size();
                out.add(p);
                if (++sinceAck == 2 || last) { // delayed ACK every second segment, and at the end of the flight
                    out.add(pkt(!fromClient, ACK, ackOfOther, base + c[1], buf, 0, 0, 3_000));
                    sinceAck = 0;
                }
            }
            if (hard.contains(Hard.REORDER)) reorder(out, at);
            if (hard.contains(Hard.RETRANSMIT)) out = withRetransmissions(out, at, fromClient, buf, base, cuts);
            pending.addAll(out);
            if (fromClient) cSeq += buf.length; else sSeq += buf.length;
        }

        /**
         * About 0.5 % of data segments trade places with the next one: only pairs with no ACK between them, so that
         * the receiver never acknowledges bytes the capture has not shown yet.
         */
        void reorder(List<Pkt> out, int[] at) {
            for (int i = 0; i + 1 < at.length; i++) {
                if (at[i + 1] != at[i] + 1 || r.nextInt(200) != 0) continue;
                Pkt x = out.get(at[i]);
                out.set(at[i], out.get(at[i + 1]));
                out.set(at[i + 1], x);
                int t = at[i]; at[i] = at[i + 1]; at[i + 1] = t;
                reordered++;
                i++; // never move a segment twice
            }
        }

        /**
         * About 1 % of data segments (8 % in the small flights of the session set-up) come again 2-5 packets later:
         * half as exact copies, half re-packetised (the second half of one segment and the first half of the next).
         */
        List<Pkt> withRetransmissions(List<Pkt> out, int[] at, boolean fromClient, byte[] buf, long base, List<int[]> cuts) {
            List<List<Pkt>> after = new ArrayList<>(out.size());
            for (int k = 0; k < out.size(); k++) after.add(null);
            boolean controlFlight = cuts.size() <= 4;
            for (int i = 0; i < cuts.size(); i++) {
                if (r.nextInt(controlFlight ? 12 : 100) != 0) continue;
                int[] c = cuts.get(i);
                int from = c[0], to = c[1];
                if (i + 1 < cuts.size() && r.nextBoolean()) {
                    from = c[0] + (c[1] - c[0]) / 2;
                    int[] n = cuts.get(i + 1);
                    to = n[0] + Math.max(1, (n[1] - n[0]) / 2);
                    if (to - from > MSS) to = from + MSS;
                }
                Pkt dup = pkt(fromClient, ACK, base + from, fromClient ? sSeq : cSeq, buf, from, to - from, 200_000);
                // after the later of the segments it repeats, so that it really is a retransmission
                int last = to > c[1] && i + 1 < cuts.size() ? Math.max(at[i], at[i + 1]) : at[i];
                int k = Math.min(out.size() - 1, last + 1 + r.nextInt(4));
                if (after.get(k) == null) after.set(k, new ArrayList<>(1));
                after.get(k).add(dup);
                retransmits++;
            }
            List<Pkt> merged = new ArrayList<>(out.size() + 8);
            for (int k = 0; k < out.size(); k++) {
                merged.add(out.get(k));
                if (after.get(k) != null) merged.addAll(after.get(k));
            }
            return merged;
        }

        // -------------------------------------------------------------- bulk READ

        void readBatch() {
            int n = (int) Math.min(depth, (readTotal - readBytesDone + readSize - 1) / readSize);
            // requests: one flight, messages back to back
            ByteBuffer req = le(n * (4 + 64 + 49));
            long[] mids = new long[n];
            int charge = Math.max(1, readSize / 65536);
            for (int i = 0; i < n; i++) {
                mids[i] = messageId;
                int start = nbssStart(req);
                header(req, 8 /* READ */, false, 0, mids[i], 1, true, charge, 1);
                req.putShort((short) 49).put((byte) 0x50).put((byte) 0).putInt(readSize)
                        .putLong(readBytesDone + (long) i * readSize).put(fileId).putInt(0).putInt(0).putInt(0)
                        .putShort((short) 0).putShort((short) 0).put((byte) 0);
                nbssEnd(req, start);
                messageId += charge;
            }
            sendStream(true, req.array(), 100_000);
            // responses: one flight of n READ responses, split at MSS regardless of message boundaries
            int respLen = 4 + 64 + 16 + readSize;
            byte[] buf = new byte[n * respLen];
            ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                int start = nbssStart(b);
                header(b, 8, true, 0, mids[i], charge, true, charge, 1);
                b.putShort((short) 17).put((byte) 0x50).put((byte) 0).putInt(readSize).putInt(0).putInt(0);
                int src = r.nextInt(pool.length - readSize);
                b.put(pool, src, readSize);
                nbssEnd(b, start);
            }
            readBytesDone += (long) n * readSize;
            sendStream(false, buf, 400_000);
        }

        final byte[] fileId = new byte[16];

        /**
         * A flight of several messages, cut at MSS. With the split hard cases on, a boundary is moved now and then so
         * that it falls inside the next message's NBSS length or SMB2 header; with fake-data on, READ data right at a
         * segment start is overwritten with a complete fake VALIDATE message.
         */
        void sendStream(boolean fromClient, byte[] buf, long thinkNanos) {
            // message starts, to aim boundaries at their headers
            List<Integer> starts = new ArrayList<>();
            for (int p = 0; p + 4 <= buf.length; ) {
                starts.add(p);
                int len = (buf[p + 1] & 0xFF) << 16 | (buf[p + 2] & 0xFF) << 8 | (buf[p + 3] & 0xFF);
                p += 4 + len;
            }
            List<int[]> cuts = new ArrayList<>();
            boolean aim = hard.contains(Hard.SPLIT_NBSS) || hard.contains(Hard.SPLIT_HEADER);
            boolean separate = !aim; // easy mode: every message starts a new segment
            int pos = 0, nextStartIdx = 1;
            while (pos < buf.length) {
                int end = Math.min(buf.length, pos + MSS);
                while (nextStartIdx < starts.size() && starts.get(nextStartIdx) <= pos) nextStartIdx++;
                int ns = nextStartIdx < starts.size() ? starts.get(nextStartIdx) : Integer.MAX_VALUE;
                if (separate && ns < end) end = ns;
                else if (aim && ns < end + MSS && ns + 68 <= buf.length && r.nextInt(3) == 0) {
                    // put the boundary inside the next message's 4-byte length or its 64-byte header
                    int into = hard.contains(Hard.SPLIT_NBSS) && (r.nextBoolean() || !hard.contains(Hard.SPLIT_HEADER))
                            ? 1 + r.nextInt(3) : 5 + r.nextInt(63);
                    int want = ns + into;
                    if (want > pos && want <= pos + MSS) {
                        end = want;
                        if (into < 4) nbssSplits++; else headerSplits++;
                        nextStartIdx++;
                    }
                }
                cuts.add(new int[] {pos, end});
                pos = end;
            }
            if (hard.contains(Hard.FAKE_DATA) && !fromClient) plantFakes(buf, cuts, starts);
            emitSegments(fromClient, buf, cuts, thinkNanos);
        }

        /** Overwrites READ data at some segment starts with a complete framed fake VALIDATE request or response. */
        void plantFakes(byte[] buf, List<int[]> cuts, List<Integer> starts) {
            for (int[] c : cuts) {
                int s = c[0];
                if (r.nextInt(20) != 0) continue;
                // inside READ data only: after the 84-byte framing+headers of its message, 200 bytes clear of the next
                int msg = -1, msgEnd = -1;
                for (int st : starts) {
                    int len = (buf[st + 1] & 0xFF) << 16 | (buf[st + 2] & 0xFF) << 8 | (buf[st + 3] & 0xFF);
                    if (st <= s && s < st + 4 + len) { msg = st; msgEnd = st + 4 + len; break; }
                }
                if (msg < 0 || s < msg + 84 || s + 200 > msgEnd) continue;
                byte[] fake = (fakesPlanted & 1) == 0 ? fakeValidateResponse() : validateRequestBytes(true);
                System.arraycopy(fake, 0, buf, s, fake.length);
                fakesPlanted++;
            }
        }

        byte[] fakeValidateResponse() {
            ByteBuffer b = le(4 + 64 + 48 + 24);
            int start = nbssStart(b);
            header(b, 0x0B, true, 0, 4, 1, true, 1, 1);
            ioctlResponseBody(b, serverCaps ^ 0x10, serverGuid, serverSecMode, DIALECT);
            nbssEnd(b, start);
            return b.array();
        }

        // -------------------------------------------------------------- SMB2 messages

        ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

        int nbssStart(ByteBuffer b) { int p = b.position(); b.putInt(0); return p; }

        void nbssEnd(ByteBuffer b, int start) {
            int len = b.position() - start - 4;
            b.put(start, (byte) 0).put(start + 1, (byte) (len >>> 16)).put(start + 2, (byte) (len >>> 8)).put(start + 3, (byte) len);
        }

        byte[] finish(ByteBuffer b, int start) {
            nbssEnd(b, start);
            byte[] a = new byte[b.position()];
            System.arraycopy(b.array(), 0, a, 0, a.length);
            return a;
        }

        /** MS-SMB2 2.2.1 sync header. */
        void header(ByteBuffer b, int command, boolean response, long status, long mid, int credits, boolean signed,
                    int charge, int treeId) {
            b.put((byte) 0xFE).put((byte) 'S').put((byte) 'M').put((byte) 'B');
            b.putShort((short) 64).putShort((short) charge);
            b.putInt(response ? (int) status : 0);
            b.putShort((short) command).putShort((short) credits);
            b.putInt((response ? 1 : 0) | (signed ? 8 : 0));
            b.putInt(0); // NextCommand
            b.putLong(mid);
            b.putInt(response ? 0 : 0xFEFF); // Reserved (ProcessId)
            b.putInt(treeId);
            b.putLong(command == 0 || (command == 1 && !response && mid == 1) ? 0 : sessionId); // first SESSION_SETUP request: no id yet
            if (signed) {
                for (int i = 0; i < 2; i++) b.putLong(r.nextLong());
            } else {
                b.putLong(0).putLong(0);
            }
        }

        byte[] negotiateRequest() {
            ByteBuffer b = le(256);
            int s = nbssStart(b);
            header(b, 0, false, 0, messageId++, 31, false, 0, 0);
            b.putShort((short) 36).putShort((short) DIALECTS.length).putShort((short) clientSecMode).putShort((short) 0)
                    .putInt(clientCaps).put(clientGuid).putLong(0);
            for (int d : DIALECTS) b.putShort((short) d);
            return finish(b, s);
        }

        byte[] negotiateResponse() {
            byte[] blob = spnegoInit(null);
            ByteBuffer b = le(256 + blob.length);
            int s = nbssStart(b);
            header(b, 0, true, 0, 0, 1, false, 0, 0);
            b.putShort((short) 65).putShort((short) serverSecMode).putShort((short) DIALECT).putShort((short) 0)
                    .put(serverGuid).putInt(negotiatedServerCaps()).putInt(8 << 20).putInt(8 << 20).putInt(8 << 20)
                    .putLong(filetime()).putLong(0).putShort((short) 128).putShort((short) blob.length).putInt(0);
            b.put(blob);
            return finish(b, s);
        }

        /** What the NEGOTIATE response in this capture says (a middlebox may have rewritten it). */
        int negotiatedServerCaps() { return serverCaps; }

        long filetime() { return (clock / 100) + 116_444_736_000_000_000L; }

        byte[] sessionSetupRequest1() {
            byte[] blob = spnegoInit(ntlmNegotiate());
            return sessionSetupRequest(blob);
        }

        byte[] sessionSetupRequest2() {
            byte[] blob = tlv(0xA1, tlv(0x30, tlv(0xA2, tlv(0x04, ntlmAuthenticate()))));
            return sessionSetupRequest(blob);
        }

        byte[] sessionSetupRequest(byte[] blob) {
            ByteBuffer b = le(128 + blob.length);
            int s = nbssStart(b);
            header(b, 1, false, 0, messageId++, 31, false, 1, 0);
            b.putShort((short) 25).put((byte) 0).put((byte) clientSecMode).putInt(1 /* DFS */).putInt(0)
                    .putShort((short) 88).putShort((short) blob.length).putLong(0);
            b.put(blob);
            return finish(b, s);
        }

        byte[] sessionSetupResponse1() {
            byte[] ntlm = ntlmChallenge();
            byte[] blob = tlv(0xA1, tlv(0x30, cat(tlv(0xA0, new byte[] {0x0A, 1, 1}), tlv(0xA1, NTLMSSP_OID),
                    tlv(0xA2, tlv(0x04, ntlm)))));
            return sessionSetupResponse(0xC0000016L, blob, false, messageId - 1);
        }

        byte[] sessionSetupResponse2() {
            byte[] blob = tlv(0xA1, tlv(0x30, tlv(0xA0, new byte[] {0x0A, 1, 0})));
            return sessionSetupResponse(0, blob, true, messageId - 1);
        }

        byte[] sessionSetupResponse(long status, byte[] blob, boolean signed, long mid) {
            ByteBuffer b = le(128 + blob.length);
            int s = nbssStart(b);
            header(b, 1, true, status, mid, 31, signed, 1, 0);
            b.putShort((short) 9).putShort((short) 0).putShort((short) 72).putShort((short) blob.length);
            b.put(blob);
            return finish(b, s);
        }

        byte[] treeConnectRequest() {
            byte[] path = ("\\\\" + ip(serverIp) + "\\share").getBytes(StandardCharsets.UTF_16LE);
            ByteBuffer b = le(128 + path.length);
            int s = nbssStart(b);
            header(b, 3, false, 0, messageId++, 31, true, 1, 0);
            b.putShort((short) 9).putShort((short) 0).putShort((short) 72).putShort((short) path.length).put(path);
            return finish(b, s);
        }

        byte[] treeConnectResponse() {
            ByteBuffer b = le(128);
            int s = nbssStart(b);
            header(b, 3, true, 0, messageId - 1, 31, true, 1, 1);
            b.putShort((short) 16).put((byte) 1).put((byte) 0).putInt(0).putInt(0).putInt(0x001F01FF);
            return finish(b, s);
        }

        byte[] validateRequest() {
            byte[] m = validateRequestBytes(false);
            messageId++;
            return m;
        }

        /** The signed IOCTL request; {@code fake}: a copy to plant into READ data (VALIDATE that would not match). */
        byte[] validateRequestBytes(boolean fake) {
            int caps = clientCaps, secMode = clientSecMode;
            byte[] guid = clientGuid;
            int[] dialects = DIALECTS;
            if (fake || kind == Kind.REQUEST_MISMATCH) {
                switch (fake ? "Capabilities" : field) {
                    case "Capabilities" -> caps = clientCaps & ~0x04;
                    case "Guid" -> { guid = guid.clone(); guid[0] ^= 0x5A; }
                    case "SecurityMode" -> secMode = 0x02;
                    case "Dialects" -> dialects = new int[] {0x0210, 0x0300, 0x0302};
                    default -> throw new IllegalStateException(field);
                }
            }
            int inLen = 24 + 2 * dialects.length;
            ByteBuffer b = le(4 + 64 + 56 + inLen);
            int s = nbssStart(b);
            header(b, 0x0B, false, 0, fake ? 4 : messageId, 1, true, 1, 1);
            b.putShort((short) 57).putShort((short) 0).putInt(FSCTL_VALIDATE_NEGOTIATE_INFO);
            for (int i = 0; i < 16; i++) b.put((byte) 0xFF);
            b.putInt(0x78).putInt(inLen).putInt(0).putInt(0x78).putInt(0).putInt(24).putInt(1 /* IS_FSCTL */).putInt(0);
            b.putInt(caps).put(guid).putShort((short) secMode).putShort((short) dialects.length);
            for (int d : dialects) b.putShort((short) d);
            return finish(b, s);
        }

        byte[] validateResponse() {
            int caps = serverCaps, secMode = serverSecMode, dialect = DIALECT;
            byte[] guid = serverGuid;
            if (kind == Kind.RESPONSE_MISMATCH) {
                switch (field) {
                    case "Capabilities" -> caps = serverCaps | 0x40;   // e.g. ENCRYPTION stripped from NEGOTIATE on the way
                    case "Guid" -> { guid = guid.clone(); guid[15] ^= 0x33; }
                    case "SecurityMode" -> secMode = 0x01;
                    case "Dialect" -> dialect = 0x0300;
                    default -> throw new IllegalStateException(field);
                }
            }
            ByteBuffer b = le(4 + 64 + 48 + 24);
            int s = nbssStart(b);
            header(b, 0x0B, true, 0, messageId - 1, 1, true, 1, 1);
            ioctlResponseBody(b, caps, guid, secMode, dialect);
            return finish(b, s);
        }

        void ioctlResponseBody(ByteBuffer b, int caps, byte[] guid, int secMode, int dialect) {
            b.putShort((short) 49).putShort((short) 0).putInt(FSCTL_VALIDATE_NEGOTIATE_INFO);
            for (int i = 0; i < 16; i++) b.put((byte) 0xFF);
            b.putInt(0x70).putInt(0).putInt(0x70).putInt(24).putInt(0).putInt(0);
            b.putInt(caps).put(guid).putShort((short) secMode).putShort((short) dialect);
        }

        // -------------------------------------------------------------- SPNEGO / NTLMSSP (made-up values, real structure)

        byte[] spnegoInit(byte[] mechToken) {
            byte[] mechTypes = tlv(0xA0, tlv(0x30, NTLMSSP_OID));
            byte[] inner = mechToken == null ? mechTypes : cat(mechTypes, tlv(0xA2, tlv(0x04, mechToken)));
            return tlv(0x60, cat(SPNEGO_OID, tlv(0xA0, tlv(0x30, inner))));
        }

        byte[] ntlmNegotiate() {
            ByteBuffer b = le(40);
            b.put(NTLMSSP).putInt(1).putInt(0xE2088297).putLong(0).putLong(0).put(VERSION);
            return b.array();
        }

        byte[] targetInfo() {
            ByteBuffer b = le(256);
            av(b, 2, "SYNTH"); av(b, 1, "SERVER" + (serverIp & 3)); av(b, 4, "synth.test"); av(b, 3, "server.synth.test");
            b.putShort((short) 7).putShort((short) 8).putLong(filetime());
            b.putShort((short) 0).putShort((short) 0);
            byte[] a = new byte[b.position()];
            System.arraycopy(b.array(), 0, a, 0, a.length);
            return a;
        }

        void av(ByteBuffer b, int id, String s) {
            byte[] v = s.getBytes(StandardCharsets.UTF_16LE);
            b.putShort((short) id).putShort((short) v.length).put(v);
        }

        byte[] ntlmChallenge() {
            byte[] name = "SYNTH".getBytes(StandardCharsets.UTF_16LE), info = targetInfo();
            ByteBuffer b = le(56 + name.length + info.length);
            b.put(NTLMSSP).putInt(2).putShort((short) name.length).putShort((short) name.length).putInt(56)
                    .putInt(0xE28A8215).putLong(r.nextLong()).putLong(0)
                    .putShort((short) info.length).putShort((short) info.length).putInt(56 + name.length).put(VERSION)
                    .put(name).put(info);
            return b.array();
        }

        byte[] ntlmAuthenticate() {
            byte[] domain = "SYNTH".getBytes(StandardCharsets.UTF_16LE), user = "bench".getBytes(StandardCharsets.UTF_16LE),
                    ws = "CLIENT".getBytes(StandardCharsets.UTF_16LE), info = targetInfo();
            ByteBuffer nt = le(16 + 28 + info.length + 4);
            nt.putLong(r.nextLong()).putLong(r.nextLong()); // NTProofStr (made up)
            nt.put((byte) 1).put((byte) 1).putShort((short) 0).putInt(0).putLong(filetime()).putLong(r.nextLong()).putInt(0)
                    .put(info).putInt(0);
            byte[] ntr = nt.array(), lm = new byte[24], key = new byte[16];
            r.nextBytes(key);
            int off = 88;
            ByteBuffer b = le(88 + lm.length + ntr.length + domain.length + user.length + ws.length + key.length);
            b.put(NTLMSSP).putInt(3);
            off = fields(b, lm.length, off);
            off = fields(b, ntr.length, off);
            off = fields(b, domain.length, off);
            off = fields(b, user.length, off);
            off = fields(b, ws.length, off);
            fields(b, key.length, off);
            b.putInt(0xE2888215).put(VERSION);
            b.putLong(r.nextLong()).putLong(r.nextLong()); // MIC (made up)
            b.put(lm).put(ntr).put(domain).put(user).put(ws).put(key);
            return b.array();
        }

        int fields(ByteBuffer b, int len, int off) {
            b.putShort((short) len).putShort((short) len).putInt(off);
            return off + len;
        }
    }

    static final byte[] NTLMSSP = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    static final byte[] VERSION = {10, 0, 0x61, 0x4A, 0, 0, 0, 15}; // Windows 10.0 build 19041, NTLM revision 15
    static final byte[] SPNEGO_OID = {0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x02};
    static final byte[] NTLMSSP_OID = {0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0A};

    /** DER tag-length-value. */
    static byte[] tlv(int tag, byte[] v) {
        int n = v.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n} : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >>> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(v, 0, out, 1 + len.length, n);
        return out;
    }

    static byte[] cat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) { System.arraycopy(p, 0, out, o, p.length); o += p.length; }
        return out;
    }

    static String ip(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF);
    }

    // ------------------------------------------------------------------ file formats

    /** Builds Ethernet/IPv4/TCP frames and writes them through a large reused buffer. */
    abstract class Output {
        final FileChannel ch;
        final ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20);
        final byte[] frame = new byte[14 + 60 + 60 + 65536];
        long written, frames;

        Output(FileChannel ch) { this.ch = ch; }

        abstract void begin() throws IOException;

        abstract void record(long timeNanos, byte[] f, int len) throws IOException;

        void packet(long timeNanos, Conn c, Pkt k) throws IOException {
            int optLen = k.syn ? 4 : 0;
            int tcpLen = 20 + optLen;
            int ipLen = 20 + tcpLen + k.len;
            byte[] f = frame;
            // Ethernet: 02:00:00:00:00:xx locally administered MACs
            int cm = 0x10 + (c.index & 0x7F), sm = 0x01 + (c.serverIp & 3);
            putMac(f, k.fromClient ? 6 : 0, cm);
            putMac(f, k.fromClient ? 0 : 6, sm);
            f[12] = 0x08; f[13] = 0x00;
            // IPv4
            int o = 14;
            f[o] = 0x45; f[o + 1] = 0;
            be16(f, o + 2, ipLen);
            be16(f, o + 4, k.fromClient ? c.cIpId++ : c.sIpId++);
            be16(f, o + 6, 0x4000);
            f[o + 8] = (byte) (k.fromClient ? 128 : 64); f[o + 9] = 6;
            be16(f, o + 10, 0);
            int src = k.fromClient ? c.clientIp : c.serverIp, dst = k.fromClient ? c.serverIp : c.clientIp;
            be32(f, o + 12, src);
            be32(f, o + 16, dst);
            be16(f, o + 10, checksum(f, o, 20, 0));
            // TCP
            o = 34;
            be16(f, o, k.fromClient ? c.clientPort : 445);
            be16(f, o + 2, k.fromClient ? 445 : c.clientPort);
            be32(f, o + 4, (int) k.seq);
            be32(f, o + 8, (int) k.ack);
            f[o + 12] = (byte) ((tcpLen / 4) << 4);
            f[o + 13] = (byte) k.flags;
            be16(f, o + 14, 65535);
            be16(f, o + 16, 0);
            be16(f, o + 18, 0);
            if (k.syn) { f[o + 20] = 2; f[o + 21] = 4; be16(f, o + 22, MSS); }
            System.arraycopy(k.data, k.off, f, 14 + 20 + tcpLen, k.len);
            if (tcpChecksums) {
                long pseudo = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + 6 + tcpLen + k.len;
                be16(f, o + 16, checksum(f, o, tcpLen + k.len, pseudo));
            }
            record(timeNanos, f, 14 + ipLen);
            frames++;
        }

        void put(byte[] a, int off, int len) throws IOException {
            if (buf.remaining() < len) drain();
            buf.put(a, off, len);
            written += len;
        }

        void drain() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }

        void flush() throws IOException { drain(); }

        final byte[] small = new byte[64];
        final byte[] ZERO = new byte[4];
    }

    /** Classic pcap, little-endian, microsecond timestamps, LINKTYPE_ETHERNET. */
    final class PcapOutput extends Output {
        PcapOutput(FileChannel ch) { super(ch); }

        @Override void begin() throws IOException {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            put(h.array(), 0, 24);
        }

        @Override void record(long t, byte[] f, int len) throws IOException {
            ByteBuffer h = ByteBuffer.wrap(small).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L / 1000)).putInt(len).putInt(len);
            put(small, 0, 16);
            put(f, 0, len);
        }
    }

    /** Uncompressed NDIS-PacketCapture ETL (EtlWriter.java). */
    final class EtlOutput extends Output {
        final EtlWriter w = new EtlWriter(this::put);
        EtlOutput(FileChannel ch) { super(ch); }
        @Override void begin() throws IOException { w.begin(clock); }
        @Override void record(long t, byte[] f, int len) throws IOException { w.packet(t, f, len); }
        @Override void flush() throws IOException { w.end(); super.flush(); }
    }

    /** pcapng: SHB, one IDB (Ethernet, if_tsresol = 9: nanoseconds), EPBs. */
    final class PcapngOutput extends Output {
        PcapngOutput(FileChannel ch) { super(ch); }

        @Override void begin() throws IOException {
            ByteBuffer h = ByteBuffer.allocate(28 + 32).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).putInt(28);
            // IDB with if_tsresol (9) = 9 and opt_endofopt
            h.putInt(1).putInt(32).putShort((short) 1).putShort((short) 0).putInt(65535)
                    .putShort((short) 9).putShort((short) 1).put((byte) 9).put((byte) 0).put((byte) 0).put((byte) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(32);
            put(h.array(), 0, h.position());
        }

        @Override void record(long t, byte[] f, int len) throws IOException {
            int pad = (4 - (len & 3)) & 3;
            int total = 32 + len + pad;
            ByteBuffer h = ByteBuffer.wrap(small).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(6).putInt(total).putInt(0).putInt((int) (t >>> 32)).putInt((int) t).putInt(len).putInt(len);
            put(small, 0, 28);
            put(f, 0, len);
            if (pad > 0) put(ZERO, 0, pad);
            h.clear();
            h.putInt(total);
            put(small, 0, 4);
        }
    }

    /** Network Monitor 2.3 through {@link NetmonWriter} (its own class: the format's layout lives there). */
    final class NetmonOutput extends Output {
        final NetmonWriter w;
        NetmonOutput(FileChannel ch) { super(ch); w = new NetmonWriter(ch); }
        @Override void begin() throws IOException { w.begin(); written = w.written(); }
        @Override void record(long t, byte[] f, int len) throws IOException { w.record(t, f, len); written = w.written(); }
        @Override void flush() throws IOException { w.finish(); written = w.written(); }
    }

    static void putMac(byte[] f, int at, int last) {
        f[at] = 0x02; f[at + 1] = 0; f[at + 2] = 0; f[at + 3] = 0; f[at + 4] = 0; f[at + 5] = (byte) last;
    }

    static void be16(byte[] f, int at, int v) { f[at] = (byte) (v >>> 8); f[at + 1] = (byte) v; }

    static void be32(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 24); f[at + 1] = (byte) (v >>> 16); f[at + 2] = (byte) (v >>> 8); f[at + 3] = (byte) v;
    }

    static int checksum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        int i = off, end = off + len;
        for (; i + 1 < end; i += 2) sum += (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
        if (i < end) sum += (b[i] & 0xFF) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }
}
