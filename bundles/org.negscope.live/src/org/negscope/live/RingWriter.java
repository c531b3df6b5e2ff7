package org.negscope.live;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.negscope.capture.PcapngBlocks;

/**
 * Writes captured frames into a ring of pcapng files: a new file is started when the current one would grow
 * beyond {@code maxBytesPerFile}, and the oldest file is deleted when there would be more than {@code maxFiles}.
 * The disk used therefore stays below {@code maxFiles × maxBytesPerFile} (plus one frame) however long the
 * capture runs. Each file is a complete capture on its own (section header, interface description, frames),
 * readable by NegScope and Wireshark; timestamps are written in nanoseconds (if_tsresol 9).
 */
final class RingWriter implements AutoCloseable {
    private final Path dir;
    private final String prefix;
    private final int maxFiles;
    private final long maxBytesPerFile;
    private final int linkType;
    private final int snaplen;
    private final String application;
    private final ArrayDeque<Path> files = new ArrayDeque<>();
    private final List<Path> deleted = new ArrayList<>();
    private OutputStream out;
    private long written;
    private long framesInFile;
    private int sequence;

    /**
     * @param prefix file names are {@code prefix-NNNNN.pcapng}, NNNNN counting from 00001
     */
    RingWriter(Path dir, String prefix, int maxFiles, long maxBytesPerFile, int linkType, int snaplen, String application) {
        if (maxFiles < 1) throw new IllegalArgumentException("ring needs at least 1 file: " + maxFiles);
        if (maxBytesPerFile < 4096) throw new IllegalArgumentException("ring file size below 4 KiB: " + maxBytesPerFile);
        this.dir = dir;
        this.prefix = prefix;
        this.maxFiles = maxFiles;
        this.maxBytesPerFile = maxBytesPerFile;
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.application = application;
    }

    /** Appends one frame; the first call creates the first file. */
    void write(long timeNanos, byte[] b, int off, int caplen, long origLen) throws IOException {
        int record = PcapngBlocks.enhancedPacketLength(caplen, null);
        if (out == null || (framesInFile > 0 && written + record > maxBytesPerFile)) {
            next();
        }
        PcapngBlocks.writeEnhancedPacket(out, timeNanos, b, off, caplen, origLen, null);
        written += record;
        framesInFile++;
    }

    /** Makes what was written so far visible to readers of the file (called when the network is quiet). */
    void flush() throws IOException {
        if (out != null) out.flush();
    }

    /** The files of the ring that still exist, oldest first. */
    List<Path> files() { return List.copyOf(files); }

    /** Files deleted to keep the ring bounded, oldest first. */
    List<Path> deleted() { return List.copyOf(deleted); }

    /** The file being written, or null before the first frame. */
    Path current() { return out == null ? null : files.peekLast(); }

    private void next() throws IOException {
        close();
        Path f = dir.resolve(String.format("%s-%05d.pcapng", prefix, ++sequence));
        out = new BufferedOutputStream(Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
        files.addLast(f);
        written = header(out);
        framesInFile = 0;
        while (files.size() > maxFiles) {
            Path old = files.removeFirst();
            Files.deleteIfExists(old);
            deleted.add(old);
        }
    }

    private int header(OutputStream o) throws IOException {
        byte[] section = PcapngBlocks.sectionHeader(application, null);
        byte[] iface = PcapngBlocks.interfaceDescription(linkType, snaplen);
        o.write(section);
        o.write(iface);
        return section.length + iface.length;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            OutputStream o = out;
            out = null;
            o.close();
        }
    }
}
