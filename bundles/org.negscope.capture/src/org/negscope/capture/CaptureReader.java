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
import java.util.zip.GZIPInputStream;

/**
 * Entry point: reads a pcap / pcapng file (optionally gzip-compressed, detected by content), an ETW trace
 * ({@link EtlFormat}) or a Message Analyzer package ({@link MatpFormat}), all recognised by content; decodes
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
        if (Files.isDirectory(file)) throw new CaptureException(name, 0, "is a directory, not a capture file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) throw new CaptureException(name, 0, "empty file");
            ByteBuffer head = ByteBuffer.allocate(2);
            while (head.hasRemaining() && ch.read(head) > 0) { /* a FileChannel returns what the file has */ }
            ch.position(0);
            // Message Analyzer package (.matp): a zip whose parts are read by name, never by extension of the file
            ByteBuffer zipHead = ByteBuffer.allocate(4);
            while (zipHead.hasRemaining() && ch.read(zipHead, zipHead.position()) > 0) { /* as above */ }
            if (zipHead.position() == 4 && zipHead.getInt(0) == MatpFormat.ZIP_MAGIC) {
                return MatpFormat.readCapture(file, name, size, listener, progress, options);
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
            return read(name, in, gzip, ch, size, listener, progress, options);
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

    private static CaptureSummary read(String name, InputWindow in, boolean gzip, FileChannel ch, long size,
                                       StreamListener listener, Progress progress, CaptureOptions options)
            throws CaptureException {
        if (!in.ensure(4)) {
            if (in.error() != null) throw new CaptureException(name, 0, "damaged gzip data: " + in.error().getMessage());
            if (in.available() == 0) throw new CaptureException(name, 0, gzip ? "empty file (after gzip decompression)" : "empty file");
            throw new CaptureException(name, 0, "too short to be a capture file (" + in.available() + " bytes)");
        }
        // ETW trace (netsh / pktmon .etl): recognised by its first buffer's layout, read by buffers
        in.ensure(EtlFormat.BUFFER_HEADER + 32); // a shorter file is simply not an ETL
        if (!gzip && EtlFormat.looksLike(in.array(), in.pos(), in.available())) {
            return EtlFormat.readCapture(name, ch, size, listener, progress, options);
        }
        int magic = PacketDecoder.i32be(in.array(), in.pos());
        boolean pcapng = magic == PcapngFormat.SHB;
        if (!pcapng && !PcapFormat.isMagic(magic)) {
            throw new CaptureException(name, 0, String.format("not a pcap or pcapng file (magic 0x%08x)", magic));
        }
        Warnings warnings = new Warnings(name, options.maxWarnings(), listener);
        TcpReassembler reassembler = new TcpReassembler(listener, warnings, options);
        PacketDecoder decoder = new PacketDecoder(reassembler, warnings);
        ReadContext ctx = new ReadContext(name, in, decoder, warnings, options, progress, () -> {
            try { return ch.position(); } catch (IOException e) { return 0; }
        }, size);
        if (pcapng) PcapngFormat.read(ctx); else PcapFormat.read(ctx);
        reassembler.finishAll();
        long bytes = in.offset() + in.available();
        progress.worked(ctx.canceled ? Math.min(size, safePosition(ch)) : size, size);
        String format = (pcapng ? "pcapng" : "pcap") + (gzip ? ".gz" : "");
        return new CaptureSummary(name, format, ctx.frames, bytes, warnings.finish(in.offset()), ctx.canceled,
                ctx.duplicates, 0, java.util.List.of());
    }

    private static long safePosition(FileChannel ch) {
        try { return ch.position(); } catch (IOException e) { return 0; }
    }
}
