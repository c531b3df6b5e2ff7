package org.negscope.capture;

/**
 * MS-XCA "plain LZ77" (LZXpress) decompression, the algorithm of compressed ETW buffers (see
 * docs/formats.md, "Compressed buffers"). The input is a run of 32-bit little-endian flag words, each
 * followed by the 32 items it describes: a 0 bit is one literal byte, a 1 bit a 16-bit match token
 * (length in the low 3 bits, offset - 1 in the high 13), whose length may continue in a shared
 * half-byte, then a byte, then 16 or 32 bits.
 * <p>
 * Bounded: never reads past the input nor writes past {@code outLen}; damage (an offset before the start
 * of the output, a length running past the end of either buffer) ends decompression with a negative
 * result whose {@link #errorInput()} says where in the input it was found.
 */
final class XpressLz77 {
    private int errorInput;
    private int written;
    private String error;

    /** Input offset (relative to {@code inOff}) of the last damage found. */
    int errorInput() { return errorInput; }
    /** Bytes written before the last damage was found (valid output). */
    int written() { return written; }
    /** What the last damage was. */
    String error() { return error; }

    /**
     * Decompresses {@code in[inOff .. inOff+inLen)} into {@code out[outOff ..)}, at most {@code outLen}
     * bytes. Returns the number of bytes written, or -1 on damage (what was written before it stays).
     */
    int decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen) {
        int ip = inOff, inEnd = inOff + inLen;
        int op = outOff, outEnd = outOff + outLen;
        int flags = 0, flagCount = 0;
        int halfByte = -1; // position of the byte whose high half still holds a match length
        while (true) {
            if (flagCount == 0) {
                if (inEnd - ip < 4) return op - outOff; // the stream may end after the last item
                flags = (in[ip] & 0xFF) | (in[ip + 1] & 0xFF) << 8 | (in[ip + 2] & 0xFF) << 16 | (in[ip + 3] & 0xFF) << 24;
                ip += 4;
                flagCount = 32;
            }
            flagCount--;
            if ((flags & (1 << flagCount)) == 0) {
                if (ip >= inEnd || op >= outEnd) return op - outOff;
                out[op++] = in[ip++];
                continue;
            }
            if (ip >= inEnd) return op - outOff;
            if (inEnd - ip < 2) return fail(op - outOff, ip - inOff, "match token cut by the end of the data");
            int token = (in[ip] & 0xFF) | (in[ip + 1] & 0xFF) << 8;
            int tokenAt = ip - inOff;
            ip += 2;
            int length = token & 7;
            int offset = (token >>> 3) + 1;
            if (length == 7) {
                if (halfByte < 0) {
                    if (ip >= inEnd) return fail(op - outOff, tokenAt, "match length cut by the end of the data");
                    length = in[ip] & 0x0F;
                    halfByte = ip++;
                } else {
                    length = (in[halfByte] & 0xFF) >>> 4;
                    halfByte = -1;
                }
                if (length == 15) {
                    if (ip >= inEnd) return fail(op - outOff, tokenAt, "match length cut by the end of the data");
                    length = in[ip++] & 0xFF;
                    if (length == 255) {
                        if (inEnd - ip < 2) return fail(op - outOff, tokenAt, "match length cut by the end of the data");
                        length = (in[ip] & 0xFF) | (in[ip + 1] & 0xFF) << 8;
                        ip += 2;
                        if (length == 0) {
                            if (inEnd - ip < 4) return fail(op - outOff, tokenAt, "match length cut by the end of the data");
                            long l = (in[ip] & 0xFFL) | (in[ip + 1] & 0xFFL) << 8 | (in[ip + 2] & 0xFFL) << 16 | (in[ip + 3] & 0xFFL) << 24;
                            ip += 4;
                            if (l > Integer.MAX_VALUE) return fail(op - outOff, tokenAt, "match length " + l + " is impossible");
                            length = (int) l;
                        }
                        if (length < 15 + 7) return fail(op - outOff, tokenAt, "match length " + length + " is below its encoding's minimum");
                        length -= 15 + 7;
                    }
                    length += 15;
                }
                length += 7;
            }
            length += 3;
            if (offset > op - outOff) {
                return fail(op - outOff, tokenAt, "match refers " + offset + " bytes back, only " + (op - outOff) + " written");
            }
            if (length > outEnd - op) {
                return fail(op - outOff, tokenAt, "match of " + length + " bytes runs past the declared size (" + (outEnd - op) + " left)");
            }
            int from = op - offset;
            if (offset >= length) {
                System.arraycopy(out, from, out, op, length);
                op += length;
            } else {
                for (int i = 0; i < length; i++) out[op++] = out[from++]; // overlapping: repeats the last bytes
            }
        }
    }

    private int fail(int writtenSoFar, int at, String why) {
        written = writtenSoFar;
        errorInput = at;
        error = why;
        return -1;
    }
}
