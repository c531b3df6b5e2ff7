package org.negscope.capture;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: a manual speed check. {@code java ... ReadSpeed FILE...} reads captures and prints MB/s;
 * {@code ReadSpeed --make FILE MB [SEGMENT]} first writes a SYNTHETIC capture of that size (200 interleaved
 * connections, segments of 1460 bytes, or the size given, each way, one ACK every two segments).
 */
public final class ReadSpeed {
    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("--make")) {
            make(Path.of(args[1]), Long.parseLong(args[2]) << 20, args.length > 3 ? Integer.parseInt(args[3]) : 1460);
            return;
        }
        for (int round = 0; round < 3; round++) {
            for (String a : args) {
                Path p = Path.of(a);
                long[] bytes = {0};
                long t0 = System.nanoTime();
                CaptureSummary s = CaptureReader.read(p, new StreamListener() {
                    @Override public void data(TcpConnection c, Direction d, ByteBuffer b, long off, long fr, long t) { bytes[0] += b.remaining(); }
                }, Progress.NONE);
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s: %d frames, %d payload bytes, %.2f s, %.0f MB/s, %d warnings%n", p.getFileName(), s.frames(),
                        bytes[0], sec, s.bytes() / sec / 1e6, s.warnings().size());
            }
        }
    }

    private static void make(Path file, long size, int segment) throws Exception {
        int conns = 200;
        int[] cseq = new int[conns], sseq = new int[conns];
        byte[] payload = SyntheticCapture.pattern(segment, 1);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(new SyntheticCapture.Pcap(1).bytes());
            long written = 24, t = 1_700_000_000_000_000_000L;
            ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (long n = 0; written < size; n++) {
                int c = (int) (n % conns);
                String client = "10.0." + (c / 250) + "." + (c % 250 + 1);
                byte[] ip;
                int kind = (int) (n / conns % 5);
                if (kind < 2) { ip = SyntheticCapture.tcp4(client, 40000 + c, "10.9.9.9", 445, cseq[c], sseq[c], 0x18, payload); cseq[c] += segment; }
                else if (kind < 4) { ip = SyntheticCapture.tcp4("10.9.9.9", 445, client, 40000 + c, sseq[c], cseq[c], 0x18, payload); sseq[c] += segment; }
                else ip = SyntheticCapture.tcp4(client, 40000 + c, "10.9.9.9", 445, cseq[c], sseq[c], 0x10, new byte[0]);
                byte[] frame = SyntheticCapture.ethernet(ip);
                h.clear();
                h.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L / 1000)).putInt(frame.length).putInt(frame.length);
                out.write(h.array());
                out.write(frame);
                written += 16 + frame.length;
                t += 10_000;
            }
        }
    }
}
