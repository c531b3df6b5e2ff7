/*
 * BrokenCaptures — writes NegScope's corpus of damaged capture files (releng/captures/broken/) from one
 * committed, real Samba capture, with the exact outcome each file must have: EXPECTED.tsv. Run by
 * releng/scripts/make-broken-captures.sh; Java 17, no dependencies, single-file launch:
 *
 *   java BrokenCaptures.java SOURCE.pcap CAPTURES_EXPECTED.tsv OUTDIR
 *
 * The expectations are derived here, from the file structure this program parses itself (record and block
 * offsets, lengths, TCP sequence numbers), not by running NegScope: the corpus test
 * (releng/fuzz .../BrokenCapturesTest) then checks the real CLI against them. The message texts are the
 * reader's documented wording; a change of wording is a deliberate change of EXPECTED.tsv.
 *
 * Everything is deterministic (fixed random seed), so re-running on the same source gives the same bytes.
 *
 * Why one file of this size: it runs as a single-file source program and derives every expectation itself (not
 * through NegScope's reader, which it tests), one damaged file per case.
 */
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

public class BrokenCaptures {
    static final long SEED = 20261125L;
    static final int PLAUSIBLE = 262144; // the pcap reader's record-length limit for a 256 KiB snap length
    /** What the reader says it reads, after the magic of a file of no known format (CaptureFormat.readable()). */
    static final String READS = "); it reads pcap, pcapng, Network Monitor 2.x (.cap), ETL (netsh trace, pktmon), Message Analyzer (.matp); pcap and pcapng also gzip-compressed";

    /** One pcap record of the source, with its TCP facts. */
    record Rec(int index, int offset, int incl, int orig, byte[] header, byte[] data, int tcpPayload, int tcpPayloadOffset,
               int srcPort, int dstPort, long seq) {
        int frame() { return index + 1; }
        int end() { return offset + 16 + incl; }
    }

    final byte[] src;
    final List<Rec> recs = new ArrayList<>();
    final Path out;
    final List<String> manifest = new ArrayList<>();
    final String sourceName;
    final int valResp;     // frame of the VALIDATE response (from the captures' EXPECTED.tsv)
    final String verdict;  // expected verdict of the source

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java BrokenCaptures.java SOURCE.pcap CAPTURES_EXPECTED.tsv OUTDIR");
            System.exit(2);
        }
        new BrokenCaptures(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])).run();
    }

    BrokenCaptures(Path source, Path expected, Path out) throws IOException {
        this.src = Files.readAllBytes(source);
        this.out = out;
        this.sourceName = source.getFileName().toString();
        String[] row = null;
        for (String line : Files.readAllLines(expected)) {
            String[] f = line.split("\t");
            if (f[0].equals(sourceName)) row = f;
        }
        if (row == null) throw new IllegalArgumentException(sourceName + " is not in " + expected);
        // columns: file verdict verdictWithoutPassword fatal differences signature dialect negReq negResp valReq valResp ...
        this.verdict = row[2];
        this.valResp = Integer.parseInt(row[10]);
        parse();
    }

    void parse() {
        ByteBuffer b = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xA1B2C3D4 || (b.getInt(20) & 0xFFFF) != 1) {
            throw new IllegalArgumentException("the source must be a little-endian microsecond pcap of Ethernet frames");
        }
        int p = 24;
        while (p + 16 <= src.length) {
            int incl = b.getInt(p + 8), orig = b.getInt(p + 12);
            byte[] header = Arrays.copyOfRange(src, p, p + 16);
            byte[] data = Arrays.copyOfRange(src, p + 16, p + 16 + incl);
            ByteBuffer d = ByteBuffer.wrap(data);
            int payload = -1, payloadOff = -1, sport = -1, dport = -1;
            long seq = -1;
            if (data.length >= 54 && d.getShort(12) == 0x0800 && data[23] == 6) {
                int ihl = (data[14] & 0x0F) * 4, total = d.getShort(16) & 0xFFFF;
                int tcp = 14 + ihl, thl = ((data[tcp + 12] >> 4) & 0x0F) * 4;
                payloadOff = tcp + thl;
                payload = 14 + total - payloadOff;
                sport = d.getShort(tcp) & 0xFFFF;
                dport = d.getShort(tcp + 2) & 0xFFFF;
                seq = d.getInt(tcp + 4) & 0xFFFFFFFFL;
            }
            recs.add(new Rec(recs.size(), p, incl, orig, header, data, payload, payloadOff, sport, dport, seq));
            p += 16 + incl;
        }
        if (p != src.length) throw new IllegalArgumentException("the source has trailing bytes after its last record");
        if (valResp < 2 || valResp + 3 > recs.size()) throw new IllegalArgumentException("VALIDATE response frame " + valResp + " out of range");
    }

    Rec frame(int n) { return recs.get(n - 1); }

    /** First pure ACK (no payload, no SYN/FIN/RST) of the capture: damaging it costs no stream byte. */
    Rec pureAck() {
        for (Rec r : recs) {
            if (r.tcpPayload == 0 && (r.data[14 + (r.data[14] & 0x0F) * 4 + 13] & 0x07) == 0) return r;
        }
        throw new IllegalStateException("no pure ACK in the source");
    }

    /** First frame after the VALIDATE response whose payload starts an SMB2 message (NBSS header then FE 'SMB'). */
    Rec smb2AfterValidate() {
        for (int f = valResp + 1; f <= recs.size(); f++) {
            Rec r = frame(f);
            if (r.tcpPayload >= 8 && r.data[r.tcpPayloadOffset] == 0 && (r.data[r.tcpPayloadOffset + 4] & 0xFF) == 0xFE
                    && r.data[r.tcpPayloadOffset + 5] == 'S') {
                return r;
            }
        }
        throw new IllegalStateException("no SMB2 message after the VALIDATE response");
    }

    // ---------------------------------------------------------------------------------------------- output

    void write(String name, byte[] bytes) throws IOException {
        Files.write(out.resolve(name), bytes);
    }

    /** An unreadable file: exit 2, the one stderr line ({file} stands for the path as given). */
    void unreadable(String name, String reason, String what) {
        manifest.add(String.join("\t", name, "2", "-", "-", "negscope: {file}, offset " + reason, what));
    }

    /** A readable file: exit code, frames, verdicts, warnings ("frame F, offset O: message", " || " between). */
    void readable(String name, int exit, int frames, String verdicts, List<String> warnings, String what) {
        manifest.add(String.join("\t", name, String.valueOf(exit), String.valueOf(frames), verdicts,
                warnings.isEmpty() ? "-" : String.join(" || ", warnings), what));
    }

    /** How the corpus test prints a warning; a warning without a file offset (-1) prints none. */
    static String w(long frame, long offset, String message) {
        String where = (frame > 0 ? "frame " + frame : "") + (offset >= 0 ? (frame > 0 ? ", " : "") + "offset " + offset : "");
        return where + ": " + message;
    }

    byte[] cut(int length) { return Arrays.copyOf(src, length); }

    byte[] withRecordLength(Rec r, int incl) {
        byte[] b = src.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(r.offset + 8, incl);
        return b;
    }

    // ---------------------------------------------------------------------------------------------- the corpus

    void run() throws IOException {
        Files.createDirectories(out);
        try (Stream<Path> old = Files.list(out)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals("README.md")) Files.delete(p);
            }
        }
        int n = recs.size();
        Rec vr = frame(valResp), after = frame(valResp + 1), ack = pureAck(), smb = smb2AfterValidate();
        String ok = verdict;
        Random rnd = new Random(SEED);

        // ---- unreadable: exit 2 with one line naming the file and the reason
        write("empty.pcap", new byte[0]);
        unreadable("empty.pcap", "0: empty file", "0 bytes");

        byte[] wrong = src.clone();
        wrong[0] = (byte) 0xDE; wrong[1] = (byte) 0xAD; wrong[2] = (byte) 0xBE; wrong[3] = (byte) 0xEF;
        write("wrong-magic.pcap", wrong);
        unreadable("wrong-magic.pcap", "0: not a capture file NegScope reads (magic 0xdeadbeef" + READS, "the real capture with its magic replaced");

        byte[] random = new byte[4096];
        rnd.nextBytes(random);
        write("random-bytes.pcap", random);
        unreadable("random-bytes.pcap", "0: not a capture file NegScope reads (magic " + String.format("0x%08x", ByteBuffer.wrap(random).getInt(0)) + READS,
                "4096 random bytes (java.util.Random seed " + SEED + ")");

        write("too-short.pcap", cut(3));
        unreadable("too-short.pcap", "0: too short to be a capture file (3 bytes)", "the first 3 bytes");

        write("truncated-file-header.pcap", cut(20));
        unreadable("truncated-file-header.pcap", "0: truncated pcap file header: 24 bytes expected, file has 20",
                "cut inside the 24-byte file header");

        write("empty.pcap.gz", gzip(new byte[0]));
        unreadable("empty.pcap.gz", "0: empty file (after gzip decompression)", "gzip of nothing");

        Path dir = out.resolve("a-directory.pcap");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.md"), "A directory named like a capture: `negscope analyze` must refuse it (exit 2).\n");
        unreadable("a-directory.pcap", "0: is a directory, not a capture file", "a directory");

        byte[] ng = pcapng();
        byte[] bom = ng.clone();
        ByteBuffer.wrap(bom).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x11223344);
        write("pcapng-bad-byte-order-magic.pcapng", bom);
        unreadable("pcapng-bad-byte-order-magic.pcapng", "8: bad byte-order magic 0x44332211 in section header block",
                "the section header's byte-order magic damaged");

        write("pcapng-truncated-section-header.pcapng", Arrays.copyOf(ng, 16));
        unreadable("pcapng-truncated-section-header.pcapng", "0: truncated pcapng section header: header says " + SHB_LENGTH
                + " bytes, file has 16", "cut inside the section header block");

        byte[] shbLen = ng.clone();
        ByteBuffer.wrap(shbLen).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 13);
        write("pcapng-bad-section-length.pcapng", shbLen);
        unreadable("pcapng-bad-section-length.pcapng", "4: bad block length 13 (block type 0xa0d0d0a)",
                "the section header's length is 13 (not a multiple of 4)");

        // ---- readable: cut exactly at a boundary is a valid, shorter capture
        write("header-only.pcap", cut(24));
        readable("header-only.pcap", 0, 0, "-", List.of(), "only the 24-byte file header: a valid capture without packets");

        write("cut-after-validate-response.pcap", cut(vr.end()));
        readable("cut-after-validate-response.pcap", 0, valResp, ok, List.of(),
                "cut exactly after frame " + valResp + " (the VALIDATE response): valid, shorter");

        write("clean-big-endian-nanoseconds.pcap", bigEndianNanos());
        readable("clean-big-endian-nanoseconds.pcap", 0, n, ok, List.of(),
                "the source rewritten as a big-endian, nanosecond pcap (magic a1b23c4d): valid");

        // ---- truncations inside a record: a warning naming frame and offset, the rest analysed
        write("cut-in-record-header.pcap", cut(after.offset + 10));
        readable("cut-in-record-header.pcap", 0, valResp, ok,
                List.of(w(after.frame(), after.offset, "truncated record header: 16 bytes expected, file ends after 10")),
                "cut 10 bytes into the header of frame " + after.frame());

        int half = after.incl / 2;
        write("cut-in-record-data.pcap", cut(after.offset + 16 + half));
        readable("cut-in-record-data.pcap", 0, valResp, ok,
                List.of(w(after.frame(), after.offset, "truncated record: header says " + after.incl + " bytes, file ends after " + half)),
                "cut in the middle of frame " + after.frame() + "'s data");

        int vhalf = vr.incl / 2;
        write("cut-in-validate-response.pcap", cut(vr.offset + 16 + vhalf));
        readable("cut-in-validate-response.pcap", 0, valResp - 1, "INCOMPLETE",
                List.of(w(vr.frame(), vr.offset, "truncated record: header says " + vr.incl + " bytes, file ends after " + vhalf)),
                "cut in the middle of frame " + valResp + ", the VALIDATE response: the capture ends before the answer");

        // ---- hostile lengths: 2^31 and unaligned, on a frame whose loss costs no stream byte
        write("record-length-2g.pcap", withRecordLength(ack, 0x80000000));
        readable("record-length-2g.pcap", 0, n - 1, ok,
                List.of(w(ack.frame(), ack.offset, "record length 2147483648 exceeds the maximum of " + PLAUSIBLE
                        + " bytes: the file is damaged here; skipped " + (16 + ack.incl) + " bytes to the next plausible record")),
                "frame " + ack.frame() + " (a pure ACK) claims 2^31 captured bytes; the reader resynchronises on the next record");

        byte[] tail = new byte[4096];
        rnd.nextBytes(tail);
        long tailIncl = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt(8) & 0xFFFFFFFFL;
        write("random-after-header.pcap", concat(cut(24), tail));
        if (tailIncl <= PLAUSIBLE) throw new IllegalStateException("the random tail starts with a plausible length: change the seed");
        readable("random-after-header.pcap", 0, 0, "-",
                List.of(w(1, 24, "record length " + tailIncl + " exceeds the maximum of " + PLAUSIBLE
                        + " bytes: the file is damaged here, rest of file not read")),
                "a valid file header followed by 4096 random bytes");

        // ---- snap length: frame cut after 10 payload bytes (its original length kept, as tcpdump -s does)
        int keep = 10;
        byte[] snap = new byte[src.length - (smb.tcpPayload - keep)];
        ByteBuffer sb = ByteBuffer.wrap(snap).order(ByteOrder.LITTLE_ENDIAN);
        System.arraycopy(src, 0, snap, 0, smb.offset);
        int newIncl = smb.tcpPayloadOffset + keep;
        sb.position(smb.offset);
        sb.putInt(ByteBuffer.wrap(smb.header).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        sb.putInt(ByteBuffer.wrap(smb.header).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
        sb.putInt(newIncl).putInt(smb.orig);
        sb.put(smb.data, 0, newIncl);
        System.arraycopy(src, smb.end(), snap, smb.offset + 16 + newIncl, src.length - smb.end());
        write("snaplen-cut-frame.pcap", snap);
        readable("snaplen-cut-frame.pcap", 0, n, ok, snapWarnings(smb, keep),
                "frame " + smb.frame() + " keeps " + keep + " of its " + smb.tcpPayload + " TCP payload bytes (snap length)");

        // ---- flipped bytes: the ProtocolId of an SMB2 message after the VALIDATE exchange
        byte[] flip = src.clone();
        flip[smb.offset + 16 + smb.tcpPayloadOffset + 4] ^= (byte) 0xFF; // FE 'SMB' -> 01 'SMB'
        write("flipped-smb2-protocol-id.pcap", flip);
        readable("flipped-smb2-protocol-id.pcap", 0, n, ok, flipWarnings(smb),
                "frame " + smb.frame() + ": the SMB2 ProtocolId byte 0xFE flipped to 0x01");

        // ---- pcapng
        write("clean.pcapng", ng);
        readable("clean.pcapng", 0, n, ok, List.of(), "the source rewritten as pcapng (SHB, IDB, one EPB per frame)");

        int[] epb = epbOffsets(ng);
        write("pcapng-cut-at-block-boundary.pcapng", Arrays.copyOf(ng, epb[valResp]));
        readable("pcapng-cut-at-block-boundary.pcapng", 0, valResp, ok, List.of(),
                "cut exactly after the block of frame " + valResp + ": valid, shorter");

        int blockLen = epb[after.frame()] - epb[after.frame() - 1];
        int cutIn = blockLen / 2;
        write("pcapng-cut-in-block.pcapng", Arrays.copyOf(ng, epb[after.frame() - 1] + cutIn));
        readable("pcapng-cut-in-block.pcapng", 0, valResp, ok,
                List.of(w(after.frame(), epb[after.frame() - 1], "truncated record: header says " + blockLen + " bytes, file ends after " + cutIn)),
                "cut in the middle of frame " + after.frame() + "'s block");

        write("pcapng-cut-in-block-header.pcapng", Arrays.copyOf(ng, epb[after.frame() - 1] + 6));
        readable("pcapng-cut-in-block-header.pcapng", 0, valResp, ok,
                List.of(w(0, epb[after.frame() - 1], "truncated block header: 12 bytes expected, file ends after 6")),
                "cut 6 bytes into the block of frame " + after.frame() + " (its length is incomplete)");

        int ackOff = epb[ack.frame() - 1], ackLen = epb[ack.frame()] - ackOff;
        byte[] big = ng.clone();
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putInt(ackOff + 4, 0x80000000);
        write("pcapng-block-length-2g.pcapng", big);
        readable("pcapng-block-length-2g.pcapng", 0, n - 1, ok,
                List.of(w(ack.frame(), ackOff, "bad block length 2147483648 (block type 0x6): the file is damaged here; skipped "
                        + ackLen + " bytes to the next plausible block")),
                "frame " + ack.frame() + "'s block claims 2^31 bytes; the reader resynchronises on the next block");

        byte[] odd = ng.clone();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(ackOff + 4, ackLen + 1);
        write("pcapng-block-length-unaligned.pcapng", odd);
        readable("pcapng-block-length-unaligned.pcapng", 0, n - 1, ok,
                List.of(w(ack.frame(), ackOff, "bad block length " + (ackLen + 1) + " (block type 0x6): the file is damaged here; skipped "
                        + ackLen + " bytes to the next plausible block")),
                "frame " + ack.frame() + "'s block length is not a multiple of 4");

        byte[] trailer = ng.clone();
        ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).putInt(ackOff + ackLen - 4, ackLen + 4);
        write("pcapng-trailer-mismatch.pcapng", trailer);
        readable("pcapng-trailer-mismatch.pcapng", 0, n, ok,
                List.of(w(ack.frame(), ackOff, "block trailer length " + (ackLen + 4) + " differs from header length " + ackLen)),
                "frame " + ack.frame() + "'s block trailer disagrees with its header; the block is still read");

        // ---- gzip
        byte[] gz = gzip(cut(vr.end()));
        write("cut-after-validate-response.pcap.gz", gz);
        readable("cut-after-validate-response.pcap.gz", 0, valResp, ok, List.of(),
                "gzip of cut-after-validate-response.pcap: read through decompression");

        writeManifest();
    }

    // Warnings that follow from the damage beyond the reader's own (computed in methods so the formulas sit together)

    /** A snap-length cut: the reader says so once, the reassembler declares the missing bytes a gap. */
    List<String> snapWarnings(Rec r, int keep) {
        int total = r.tcpPayload;
        List<String> l = new ArrayList<>();
        l.add(w(r.frame(), r.offset, "TCP payload cut by the capture's snap length (" + keep + " of " + total
                + " bytes kept): the streams have gaps where bytes were not captured"));
        long so = streamOffset(r);
        l.add(w(r.frame(), r.offset, "TCP " + conn(r) + " " + dir(r) + ": " + (total - keep) + " bytes missing at stream offset "
                + (so + keep) + " (not in the captured frame)"));
        // the SMB2 decoder loses the message the hole is in (it starts after the 4-byte NBSS header)
        l.add(w(r.frame(), r.offset, conn(r) + " (" + who(r) + " stream offset " + (so + keep) + "): " + (total - keep)
                + " bytes missing from the capture at stream offset " + (so + keep) + ", inside the message starting at stream offset "
                + (so + 4) + " (frame " + r.frame() + "): message dropped"));
        return l;
    }

    /** A damaged SMB2 ProtocolId: no reader warning; the analysis reports the SMB2 decoder's resynchronisation, at the frame's record. */
    List<String> flipWarnings(Rec r) {
        long so = streamOffset(r);
        return List.of(w(r.frame(), r.offset, conn(r) + " (" + who(r) + " stream offset " + so + "): protocol identifier 01 53 4d 42 at stream offset "
                + (so + 4) + " is not FE/FD/FF 'SMB': resynchronising"));
    }

    /** "client -> server" (the first frame is the client's SYN). */
    String conn(Rec r) {
        Rec first = recs.get(0);
        return ip(first.data, 26) + ":" + first.srcPort + " -> " + ip(first.data, 30) + ":" + first.dstPort;
    }

    String dir(Rec r) { return r.srcPort == recs.get(0).srcPort ? "client to server" : "server to client"; }

    String who(Rec r) { return r.srcPort == recs.get(0).srcPort ? "client" : "server"; }

    static String ip(byte[] d, int at) {
        return (d[at] & 0xFF) + "." + (d[at + 1] & 0xFF) + "." + (d[at + 2] & 0xFF) + "." + (d[at + 3] & 0xFF);
    }

    /** Stream offset of the first payload byte of {@code r} in its direction (0 = the byte after the SYN). */
    long streamOffset(Rec r) {
        for (Rec s : recs) {
            if (s.srcPort == r.srcPort && (s.data[14 + (s.data[14] & 0x0F) * 4 + 13] & 0x02) != 0) {
                return (r.seq - (s.seq + 1)) & 0xFFFFFFFFL;
            }
        }
        throw new IllegalStateException("no SYN for port " + r.srcPort);
    }

    // ---------------------------------------------------------------------------------------------- formats

    static final int SHB_LENGTH = 28;

    /** The source as pcapng: SHB (28 bytes, no options), one IDB (Ethernet, µs), one EPB per frame. */
    byte[] pcapng() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(block(0x0A0D0D0A, le(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).array()));
        int snap = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        o.writeBytes(block(1, le(8).putShort((short) 1).putShort((short) 0).putInt(snap).array()));
        for (Rec r : recs) {
            ByteBuffer h = ByteBuffer.wrap(r.header).order(ByteOrder.LITTLE_ENDIAN);
            long us = (h.getInt(0) & 0xFFFFFFFFL) * 1_000_000L + (h.getInt(4) & 0xFFFFFFFFL);
            int pad = (4 - r.incl % 4) % 4;
            ByteBuffer body = le(20 + r.incl + pad);
            body.putInt(0).putInt((int) (us >>> 32)).putInt((int) us).putInt(r.incl).putInt(r.orig).put(r.data);
            o.writeBytes(block(6, body.array()));
        }
        return o.toByteArray();
    }

    /** The source as a big-endian pcap with nanosecond time stamps (what some capture tools on other platforms write). */
    byte[] bigEndianNanos() {
        ByteBuffer o = ByteBuffer.allocate(src.length).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer h = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
        o.putInt(0xA1B23C4D).putShort(h.getShort(4)).putShort(h.getShort(6)).putInt(h.getInt(8)).putInt(h.getInt(12))
                .putInt(h.getInt(16)).putInt(h.getInt(20));
        for (Rec r : recs) {
            ByteBuffer rh = ByteBuffer.wrap(r.header).order(ByteOrder.LITTLE_ENDIAN);
            o.putInt(rh.getInt(0)).putInt(rh.getInt(4) * 1000).putInt(r.incl).putInt(r.orig).put(r.data);
        }
        return o.array();
    }

    /** Offsets of the EPBs: [k] = end of frame k's block (= start of frame k+1's), [0] = start of frame 1's. */
    int[] epbOffsets(byte[] ng) {
        int[] e = new int[recs.size() + 1];
        ByteBuffer b = ByteBuffer.wrap(ng).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0, k = 0;
        while (p < ng.length) {
            int type = b.getInt(p), len = b.getInt(p + 4);
            if (type == 6) {
                if (k == 0) e[0] = p;
                e[++k] = p + len;
            }
            p += len;
        }
        return e;
    }

    static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    static byte[] block(int type, byte[] body) {
        int len = 12 + body.length;
        return le(len).putInt(type).putInt(len).put(body).putInt(len).array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(o)) {
            g.write(data);
        }
        byte[] b = o.toByteArray();
        b[4] = b[5] = b[6] = b[7] = 0; // MTIME: no time stamp, so that the bytes do not depend on when they were made
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    void writeManifest() throws IOException {
        manifest.sort(Comparator.naturalOrder());
        StringBuilder sb = new StringBuilder();
        sb.append("# Generated by releng/scripts/make-broken-captures.sh from ").append(sourceName).append(" — do not edit by hand.\n");
        sb.append("# file\texit\tframes\tverdicts\texpected (exit 2: the stderr line, {file} = the path as given;")
                .append(" else every warning \"frame F, offset O: message\", ' || ' between, '-' none)\twhat\n");
        for (String m : manifest) sb.append(m).append('\n');
        Files.writeString(out.resolve("EXPECTED.tsv"), sb.toString(), StandardCharsets.UTF_8);
        System.out.println("make-broken-captures: " + manifest.size() + " cases from " + sourceName + " in " + out);
    }
}
