package org.negscope.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Entry point: reads a capture file of any format NegScope knows, recognised by content: pcap, pcapng, NetMon 2.x
 * ({@link CaptureFormat}; pcap and pcapng optionally gzip-compressed), an ETW trace ({@link EtlFormat}) or a Message
 * Analyzer package ({@link MatpFormat}); decodes
 * link layer, IP and TCP, reassembles each direction of each TCP connection and hands the streams to a
 * {@link StreamListener}. Streaming: memory does not grow with the file size.
 * <p>
 * Throws {@link CaptureException} only when the file cannot be read at all (missing, directory, not a
 * capture); damage inside a readable file becomes {@link CaptureWarning}s and the rest is still read.
 */
public final class CaptureReader {
    private static final int GZIP_MAGIC = 0x1F8B;

    private CaptureReader() {}

    public static CaptureSummary read(Path file, StreamListener listener, Progress progress) throws CaptureException {
        return read(file, listener, progress, CaptureOptions.DEFAULTS);
    }

    public static CaptureSummary read(Path file, StreamListener listener, Progress progress, CaptureOptions options)
            throws CaptureException {
        String name = file.toString();
        Warnings warnings = new Warnings(name, options.maxWarnings(), listener);
        TcpReassembler reassembler = new TcpReassembler(listener, warnings, options);
        PacketDecoder decoder = new PacketDecoder(reassembler, warnings);
        ReadContext ctx = readInto(file, decoder, warnings, progress, options);
        reassembler.finishAll();
        return new CaptureSummary(name, ctx.format, ctx.frames, ctx.bytesRead, warnings.finish(ctx.endOffset), ctx.canceled,
                ctx.duplicates, ctx.nonPacketRecords, List.of());
    }

    /** "ETL trace" or "Message Analyzer package" when the file's first bytes are one, else null. */
    private static String ownReader(FileChannel ch, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, EtlFormat.BUFFER_HEADER + 32));
        while (head.hasRemaining() && ch.read(head, head.position()) > 0) { /* a FileChannel returns what the file has */ }
        if (head.position() >= 4 && head.getInt(0) == MatpFormat.ZIP_MAGIC) return "Message Analyzer package";
        if (EtlFormat.looksLike(head.array(), 0, head.position())) return "ETL trace";
        return null;
    }

    /**
     * Opens {@code file}, recognises its format by content and reads every frame into {@code sink}; warnings go to
     * {@code warnings}. Shared by single files and capture sets ({@link CaptureSet}). The returned context holds the
     * counts (frames, non-packet records, duplicates), the bytes read and the format name.
     */
    static ReadContext readInto(Path file, FrameSink sink, Warnings warnings, Progress progress, CaptureOptions options)
            throws CaptureException {
        String name = file.toString();
        if (Files.isDirectory(file)) throw new CaptureException(name, 0, "is a directory, not a capture file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) throw new CaptureException(name, 0, "empty file");
            ByteBuffer head = ByteBuffer.allocate(2);
            while (head.hasRemaining() && ch.read(head) > 0) { /* a FileChannel returns what the file has */ }
            ch.position(0);
            String kind = ownReader(ch, size);
            if (kind != null) { // read by their own readers, which hand their time-ordered packets to the sink
                ReadContext ctx = kind.startsWith("ETL") ? EtlFormat.readInto(name, ch, size, sink, warnings, progress, options, null)
                        : MatpFormat.readInto(file, name, size, sink, warnings, progress, options, null);
                if (!ctx.canceled) progress.worked(size, size);
                return ctx;
            }
            boolean gzip = head.position() == 2 && (head.getShort(0) & 0xFFFF) == GZIP_MAGIC;
            InputStream gz = null;
            if (gzip) {
                try {
                    gz = new GZIPInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16), 1 << 16);
                } catch (IOException e) {
                    throw new CaptureException(name, 0, "damaged gzip header: " + e.getMessage());
                }
            }
            // a small file does not need a big buffer (the window grows if a record needs it)
            int bufferSize = gzip ? options.bufferSize() : (int) Math.min(options.bufferSize(), Math.max(4096, size));
            InputWindow in = new InputWindow(gzip ? null : ch, gz, bufferSize);
            return read(name, in, gzip, ch, size, sink, warnings, progress, options);
        } catch (NoSuchFileException e) {
            throw new CaptureException(name, 0, "no such file");
        } catch (AccessDeniedException e) {
            throw new CaptureException(name, 0, "permission denied");
        } catch (CaptureException e) {
            throw e;
        } catch (IOException e) {
            throw new CaptureException(name, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static ReadContext read(String name, InputWindow in, boolean gzip, FileChannel ch, long size, FrameSink sink,
                                    Warnings warnings, Progress progress, CaptureOptions options) throws CaptureException {
        if (!in.ensure(4)) {
            if (in.error() != null) throw new CaptureException(name, 0, "damaged gzip data: " + in.error().getMessage());
            if (in.available() == 0) throw new CaptureException(name, 0, gzip ? "empty file (after gzip decompression)" : "empty file");
            throw new CaptureException(name, 0, "too short to be a capture file (" + in.available() + " bytes)");
        }
        in.ensure(CaptureFormat.HEAD);
        CaptureFormat format = CaptureFormat.detect(in.array(), in.pos(), Math.min(in.available(), CaptureFormat.HEAD));
        if (format == null) {
            throw new CaptureException(name, 0, String.format("not a capture file NegScope reads (magic 0x%08x); it reads %s",
                    PacketDecoder.i32be(in.array(), in.pos()), CaptureFormat.readable()));
        }
        if (gzip && format.needsFile()) {
            throw new CaptureException(name, 0, "a gzip-compressed " + format.title + " file: decompress it first (gunzip)");
        }
        ReadContext ctx = new ReadContext(name, in, sink, warnings, options, progress, () -> safePosition(ch), size,
                gzip ? null : ch);
        format.read(ctx);
        ctx.endOffset = ctx.bytesRead < 0 ? in.offset() : ctx.bytesRead;
        if (ctx.bytesRead < 0) ctx.bytesRead = in.offset() + in.available();
        progress.worked(ctx.canceled ? Math.min(size, safePosition(ch)) : size, size);
        ctx.format = format.id + (gzip ? ".gz" : "");
        return ctx;
    }

    private static long safePosition(FileChannel ch) {
        try { return ch.position(); } catch (IOException e) { return 0; }
    }
}
