package org.negscope.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A sliding window over the (possibly decompressed) capture: one array, refilled in large reads and
 * compacted in place, so records are parsed where they lie and nothing is allocated per packet.
 * The window only grows when a single record is longer than the array (bounded by the caller's
 * maximum record length).
 */
final class InputWindow {
    private final FileChannel channel;   // plain file: read straight into the array
    private final InputStream stream;    // gzip: decompressed bytes
    private byte[] buf;
    private ByteBuffer bb;
    private int pos;
    private int lim;
    private long base;                    // offset in the (decompressed) file of buf[0]
    private boolean eof;
    private IOException error;            // a read failure mid-file; reported by the caller as a warning

    InputWindow(FileChannel channel, InputStream stream, int size) {
        this.channel = channel;
        this.stream = stream;
        this.buf = new byte[size];
        this.bb = ByteBuffer.wrap(buf);
    }

    byte[] array() { return buf; }
    /** Index in {@link #array()} of the next unread byte. */
    int pos() { return pos; }
    int available() { return lim - pos; }
    /** Offset in the (decompressed) file of the next unread byte. */
    long offset() { return base + pos; }
    void skip(int n) { pos += n; }
    /** The read failure that ended the input early, or null when the input simply ended. */
    IOException error() { return error; }

    /**
     * Makes {@code n} bytes available from {@link #pos()}; false when the input ends first (then
     * {@link #available()} tells how many there are). {@code n} must be bounded by the caller.
     */
    boolean ensure(int n) {
        if (lim - pos >= n) return true;
        return fill(n);
    }

    private boolean fill(int n) {
        if (n > buf.length) {
            byte[] bigger = new byte[n]; // exactly one over-long record; bounded by the caller
            System.arraycopy(buf, pos, bigger, 0, lim - pos);
            base += pos; lim -= pos; pos = 0;
            buf = bigger;
            bb = ByteBuffer.wrap(buf);
        } else if (pos + n > buf.length) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos; lim -= pos; pos = 0;
        }
        while (lim - pos < n && !eof) {
            int r;
            try {
                if (stream != null) {
                    r = stream.read(buf, lim, buf.length - lim);
                } else {
                    bb.limit(buf.length).position(lim);
                    r = channel.read(bb);
                }
            } catch (IOException e) {
                error = e;
                eof = true;
                break;
            }
            if (r < 0) eof = true; else lim += r;
        }
        return lim - pos >= n;
    }
}
