package org.negscope.capture;

import java.io.IOException;

/** A capture that cannot be read at all (missing, a directory, unknown magic). Message names file and offset. */
public class CaptureException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public CaptureException(String file, long offset, String reason) {
        super(file + ", offset " + offset + ": " + reason);
        this.offset = offset;
    }
    public CaptureException(String file, long offset, String reason, Throwable cause) {
        super(file + ", offset " + offset + ": " + reason, cause);
        this.offset = offset;
    }
    public long offset() { return offset; }
}
