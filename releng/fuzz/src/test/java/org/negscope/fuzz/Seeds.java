package org.negscope.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.negscope.capture.CaptureException;
import org.negscope.capture.CaptureReader;
import org.negscope.capture.Direction;
import org.negscope.capture.Progress;
import org.negscope.capture.StreamListener;
import org.negscope.capture.TcpConnection;
import org.negscope.smb2.Smb2Command;
import org.negscope.smb2.Smb2Listener;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.Smb2StreamDecoder;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Spnego;
import org.negscope.smb2.NtlmChallenge;
import org.negscope.smb2.Ntlmssp;
import org.negscope.smb2.TransformHeader;

/**
 * Writes the seed corpora of the fuzz targets from the real captures: the committed Samba captures
 * (releng/captures) and, when present, the external ones (../shared/external-captures, read in place).
 * Run by the pom (exec-maven-plugin, phase process-test-classes) with the test-classes directory as
 * output: seeds land in {@code <out>/org/negscope/fuzz/<Target>Inputs/fuzz/}, where Jazzer replays them
 * in regression mode and starts from them when fuzzing. Nothing here is committed.
 * <p>
 * Seeds are kept small (about 16 KiB at most): libFuzzer mutates small inputs much faster, and every
 * structure the targets parse appears within the first kilobytes of a capture.
 */
public final class Seeds {
    static final int MAX_FILE_SEED = 16 * 1024;
    static final int MAX_STREAM_SEED = 8 * 1024;

    private final Path out;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, Set<String>> seen = new HashMap<>();
    private final Map<String, Integer> perKind = new HashMap<>();
    static final int MAX_PER_KIND = 12;

    private Seeds(Path out) { this.out = out; }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        if (args.length > 1) System.setProperty("negscope.repo", args[1]);
        Seeds s = new Seeds(out);
        s.generate();
        StringBuilder sb = new StringBuilder("seed corpora:");
        s.counts.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        System.out.println(sb);
    }

    void generate() throws IOException {
        List<Path> samba = Repo.sambaCaptures();
        List<Path> external = Repo.externalCaptures();
        if (samba.isEmpty()) {
            System.out.println("seeds: no captures in " + Repo.captures() + " (fuzz targets start from scratch)");
        }
        for (Path f : samba) seedsFrom(f, true);
        for (Path f : external) seedsFrom(f, false);
        kerberosSeeds(Repo.captures().resolve("kerberos"));
        // real Network Monitor files (read in place when present), their first frames and table rebuilt
        for (Path f : Repo.netmonCaptures()) {
            write("NetmonReaderFuzz", f.getFileName().toString(), NetmonSeeds.firstFrames(Files.readAllBytes(f), MAX_FILE_SEED));
        }
        windowsTraceSeeds();
    }

    /**
     * ETL and Message Analyzer seeds from ../shared/external-captures-3 (read in place, when present): each trace's
     * first buffers (under 64 KiB, so a compressed buffer is usually among them), and the first 16 KiB of each
     * package's .mmstream parts (behind the shape byte 1 of {@link MatpReaderFuzz}).
     */
    private void windowsTraceSeeds() throws IOException {
        Path root = Repo.root().resolve("../shared/external-captures-3").normalize();
        if (!Files.isDirectory(root)) return;
        List<Path> files;
        try (var walk = Files.walk(root, 2)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".etl")) {
                byte[] b = Files.readAllBytes(f);
                int end = 0;
                while (end + 72 <= b.length) {
                    long size = (b[end] & 0xFFL) | (b[end + 1] & 0xFFL) << 8 | (b[end + 2] & 0xFFL) << 16 | (b[end + 3] & 0xFFL) << 24;
                    if (size < 72 || end + size > b.length || (end > 0 && end + size > (64 << 10))) break;
                    end += (int) size;
                }
                if (end > 0) write("EtlReaderFuzz", name, Arrays.copyOf(b, end));
            } else if (name.endsWith(".matp")) {
                try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f.toFile())) {
                    var entries = z.entries();
                    while (entries.hasMoreElements()) {
                        var e = entries.nextElement();
                        if (!e.getName().endsWith(".mmstream") || e.getSize() < 4096) continue;
                        try (var in = z.getInputStream(e)) {
                            byte[] part = in.readNBytes(16 << 10);
                            write("MatpReaderFuzz", name + "." + Math.abs(e.getName().hashCode()), concat(new byte[] {1}, part));
                        }
                    }
                }
            }
        }
    }

    private void seedsFrom(Path file, boolean samba) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString().replaceAll("\\.pcap(ng)?$", "");
        List<CaptureBytes.Record> records = CaptureBytes.records(bytes);
        byte[] small = cutAtRecord(bytes, records, MAX_FILE_SEED);
        if (CaptureBytes.isPcapng(bytes)) {
            write("PcapngReaderFuzz", name, small);
            // the same packets as a pcap: the pcap reader sees the external link types too
            write("PcapReaderFuzz", name + ".as-pcap", cutAtRecord(CaptureBytes.pcap(linkType(records), 262144, records), null, MAX_FILE_SEED));
        } else {
            write("PcapReaderFuzz", name, small);
            write("PcapngReaderFuzz", name + ".as-pcapng", cutAtRecord(CaptureBytes.pcapng(linkType(records), 262144, records), null, MAX_FILE_SEED));
        }
        write("AnalyzerFuzz", name, small);
        // the same packets as Network Monitor 2.3 (every fourth record an ETW NetEvent record), and as a capture set
        List<CaptureBytes.Record> few = first(records, MAX_FILE_SEED);
        int[] media = new int[few.size()];
        for (int i = 0; i < media.length; i++) media[i] = i % 4 == 3 ? 0xFFE0 : linkType(records) == 1 ? 1 : 0xE000 | linkType(records);
        write("NetmonReaderFuzz", name + ".as-netmon", CaptureBytes.netmon(few, media));
        if (few.size() >= 2) { // a set: the first half as pcap, the second as pcapng (given in the other order)
            byte[] a = CaptureBytes.pcap(linkType(records), 262144, few.subList(0, few.size() / 2));
            byte[] b = CaptureBytes.pcapng(linkType(records), 262144, few.subList(few.size() / 2, few.size()));
            write("CaptureSetFuzz", name + ".set", CaptureSetFuzz.join(b, a));
        }
        // reassembly scripts: real segments under two different reader limits
        write("TcpReassemblyFuzz", name, TcpScript.fromCapture(bytes, 0xFF, MAX_STREAM_SEED));
        write("TcpReassemblyFuzz", name + ".tight", TcpScript.fromCapture(bytes, 0x00, MAX_STREAM_SEED));
        streamSeeds(file, name);
    }

    private static int linkType(List<CaptureBytes.Record> records) {
        return records.isEmpty() ? CaptureBytes.LINKTYPE_ETHERNET : records.get(0).linkType();
    }

    /** The file cut after the last whole record that keeps it under {@code max} bytes (at least one record). */
    static byte[] cutAtRecord(byte[] f, List<CaptureBytes.Record> records, int max) {
        if (f.length <= max) return f;
        if (records == null) records = CaptureBytes.records(f);
        int end = CaptureBytes.headerLength(f);
        for (CaptureBytes.Record r : records) {
            long e = r.fileOffset() + r.recordLength();
            if (e > max && end > CaptureBytes.headerLength(f)) break;
            end = (int) e;
        }
        byte[] c = new byte[end];
        System.arraycopy(f, 0, c, 0, end);
        return c;
    }

    /** Per direction: the reassembled stream, its SMB2 messages and their security blobs. */
    private void streamSeeds(Path file, String name) {
        Map<String, ByteBuffer> streams = new LinkedHashMap<>();
        Set<String> broken = new HashSet<>();
        try {
            CaptureReader.read(file, new StreamListener() {
                @Override public void data(TcpConnection c, Direction d, ByteBuffer bytes, long off, long frame, long t) {
                    String k = c.index() + (d == Direction.CLIENT_TO_SERVER ? ".c2s" : ".s2c");
                    if (broken.contains(k)) return;
                    ByteBuffer s = streams.computeIfAbsent(k, x -> ByteBuffer.allocate(MAX_STREAM_SEED));
                    int n = Math.min(bytes.remaining(), s.remaining());
                    ByteBuffer src = bytes.duplicate();
                    src.limit(src.position() + n);
                    s.put(src);
                }
                @Override public void gap(TcpConnection c, Direction d, long off, long missing, long frame) {
                    broken.add(c.index() + (d == Direction.CLIENT_TO_SERVER ? ".c2s" : ".s2c"));
                }
            }, Progress.NONE);
        } catch (CaptureException e) {
            System.out.println("seeds: skipped " + file + ": " + e.getMessage());
            return;
        }
        int kept = 0;
        for (Map.Entry<String, ByteBuffer> e : streams.entrySet()) {
            ByteBuffer s = e.getValue();
            byte[] stream = new byte[s.position()];
            s.flip();
            s.get(stream);
            if (stream.length < 8 || (stream[4] & 0xFF) < 0xFC || stream[5] != 'S') continue; // not an SMB stream
            if (kept++ >= 2) break; // a few connections per capture are plenty
            // header: max kept bytes selector, chunking seed
            write("Smb2StreamFuzz", name + "." + e.getKey(), concat(new byte[] {5, 0}, stream));
            write("Smb2StreamFuzz", name + "." + e.getKey() + ".small-chunks", concat(new byte[] {1, (byte) 0x81}, stream));
            write("Smb2StreamFuzz", name + "." + e.getKey() + ".gaps", concat(new byte[] {2, (byte) 0x43}, stream));
            messages(name + "." + e.getKey(), stream);
            if (e.getKey().endsWith(".s2c")) {
                probeReplies(name + "." + e.getKey(), stream);
            }
        }
    }

    /** A server's stream as ProbeReplyFuzz input: each NBSS frame one reply (2-byte length, the frame's bytes). */
    private void probeReplies(String name, byte[] stream) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int p = 0;
        int n = 0;
        while (p + 4 <= stream.length && n < 12) {
            int len = ((stream[p + 1] & 0xFF) << 16) | ((stream[p + 2] & 0xFF) << 8) | (stream[p + 3] & 0xFF);
            int frame = Math.min(4 + len, stream.length - p);
            if (frame > 0xFFFF) break;
            out.write(frame >> 8);
            out.write(frame);
            out.write(stream, p, frame);
            p += frame;
            n++;
        }
        if (n > 0) write("ProbeReplyFuzz", name, out.toByteArray());
    }

    private void messages(String name, byte[] stream) {
        List<Smb2Message> msgs = new ArrayList<>();
        List<TransformHeader> transforms = new ArrayList<>();
        Smb2StreamDecoder dec = new Smb2StreamDecoder(new Smb2Listener() {
            @Override public void message(Smb2Message m) { msgs.add(m); }
            @Override public void encrypted(TransformHeader t, long f, long l, long time) { transforms.add(t); }
        }, 64 * 1024);
        dec.feed(ByteBuffer.wrap(stream), 0, 1, 0);
        int i = 0;
        for (Smb2Message m : msgs) {
            i++;
            if (m.truncated()) continue;
            int cmd = m.header().command();
            boolean resp = m.header().isResponse();
            String what = Smb2Command.name(cmd) + (resp ? ".resp" : ".req");
            // a few of each kind (from different captures) keep the replay short; SESSION_SETUP blobs are all taken
            if (perKind.merge(what, 1, Integer::sum) > MAX_PER_KIND && cmd != Smb2Command.SESSION_SETUP) continue;
            write("Smb2MessageFuzz", name + "." + i + "." + what, concat(new byte[] {(byte) Smb2MessageFuzz.selector(cmd, resp)}, m.bytes()));
            if (cmd == Smb2Command.SESSION_SETUP) securityBlobs(name + "." + i, m, resp);
        }
        for (TransformHeader t : transforms) {
            write("SecurityBlobFuzz", name + ".transform", concat(new byte[] {SecurityBlobFuzz.DECRYPT}, t.bytes()));
            break;
        }
    }

    private void securityBlobs(String name, Smb2Message m, boolean resp) {
        byte[] blob;
        try {
            blob = resp ? SessionSetupResponse.decode(m).securityBuffer() : SessionSetupRequest.decode(m).securityBuffer();
        } catch (RuntimeException e) {
            return;
        }
        if (blob.length == 0) return;
        write("SecurityBlobFuzz", name + ".spnego", concat(new byte[] {SecurityBlobFuzz.SPNEGO}, blob));
        byte[] ntlm;
        try {
            ntlm = Spnego.decode(blob).ntlmssp();
        } catch (RuntimeException e) {
            return;
        }
        if (ntlm == null) return;
        write("SecurityBlobFuzz", name + ".ntlmssp", concat(new byte[] {SecurityBlobFuzz.NTLMSSP}, ntlm));
        try {
            if (Ntlmssp.decode(ntlm) instanceof NtlmChallenge c) {
                write("SecurityBlobFuzz", name + ".avpairs", concat(new byte[] {SecurityBlobFuzz.AV_PAIRS}, c.targetInfoBytes()));
            }
        } catch (RuntimeException e) {
            // a seed that does not decode is still a seed
        }
    }

    /**
     * KerberosFuzz: the keytabs of releng/captures/kerberos, and each capture's GSS AP-REQ and AP-REP tokens (found by
     * their krb5 OID and token id in the raw file: loopback captures keep each token in one frame).
     */
    private void kerberosSeeds(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        List<Path> files;
        try (var st = Files.list(dir)) {
            files = st.sorted().toList();
        }
        for (Path f : files) {
            String n = f.getFileName().toString();
            byte[] b = Files.readAllBytes(f);
            if (n.endsWith(".keytab")) {
                write("KerberosFuzz", n, concat(new byte[] {0}, b));
            } else if (n.startsWith("krb-") && n.endsWith(".pcap")) {
                byte[] req = gssToken(b, 0x01), rep = gssToken(b, 0x02);
                if (req != null) {
                    write("KerberosFuzz", n + ".ap", concat(new byte[] {1}, rep == null ? req : concat(concat(req, new byte[] {-1, -1}), rep)));
                }
            }
        }
    }

    private static final byte[] KRB5_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};

    /** The first GSS krb5 token [APPLICATION 0] (DER length of 1 to 3 bytes) with token id {@code id} 0x00, or null. */
    static byte[] gssToken(byte[] b, int id) {
        for (int i = 0; i + 5 + KRB5_OID.length + 2 < b.length; i++) {
            if ((b[i] & 0xff) != 0x60) continue;
            int l0 = b[i + 1] & 0xff, hdr, len;
            if (l0 < 0x80) { hdr = 2; len = l0; }
            else if (l0 == 0x81) { hdr = 3; len = b[i + 2] & 0xff; }
            else if (l0 == 0x82) { hdr = 4; len = (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff); }
            else continue;
            int o = i + hdr;
            if (!java.util.Arrays.equals(b, o, o + KRB5_OID.length, KRB5_OID, 0, KRB5_OID.length)) continue;
            if (b[o + KRB5_OID.length] != id || b[o + KRB5_OID.length + 1] != 0) continue;
            if (i + hdr + len > b.length) continue;
            return java.util.Arrays.copyOfRange(b, i, i + hdr + len);
        }
        return null;
    }

    /** The first records whose data add up to at most {@code max} bytes (at least one). */
    static List<CaptureBytes.Record> first(List<CaptureBytes.Record> records, int max) {
        int n = 0, bytes = 0;
        while (n < records.size() && (n == 0 || bytes + records.get(n).data().length <= max)) bytes += records.get(n++).data().length;
        return records.subList(0, n);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private void write(String target, String name, byte[] data) {
        String h = sha256(data);
        if (!seen.computeIfAbsent(target, k -> new HashSet<>()).add(h)) return; // same content seen already
        Path dir = out.resolve("org/negscope/fuzz/" + target + "Inputs/fuzz");
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")), data);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write seed " + name + " for " + target, e);
        }
        counts.merge(target, 1, Integer::sum);
    }

    private static String sha256(byte[] d) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(d);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) sb.append(String.format("%02x", h[i]));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
