package org.negscope.capture;

/**
 * Something in a capture that could not be read as it should, with enough to find it again:
 * the file, the 1-based frame number (0 when not inside a frame, e.g. the file header) and the
 * byte offset in the (decompressed) file where the problem starts.
 */
public record CaptureWarning(String file, long frame, long offset, String message) {
    @Override public String toString() {
        return file + (frame > 0 ? ", frame " + frame : "") + ", offset " + offset + ": " + message;
    }
}
