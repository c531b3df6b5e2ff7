package org.negscope.crypto;

/** A keytab that cannot be read: names the file and the byte offset where reading failed (never key bytes). */
public final class KeytabFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long offset;

    public KeytabFormatException(String file, long offset, String message) {
        super(file + ": offset " + offset + ": " + message);
        this.file = file;
        this.offset = offset;
    }

    public String file() { return file; }
    public long offset() { return offset; }
}
