package org.negscope.live;

/**
 * Live capture could not start or went on failing. The message is written for the user: it says what to
 * install or how to grant the rights, never a stack trace. {@link #kind()} lets callers pick an exit code.
 */
public final class LiveException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why live capture is not possible. */
    public enum Kind {
        /** The process may not capture (not root/Administrator, no CAP_NET_RAW). */
        NO_RIGHTS,
        /** libpcap (Linux, macOS) or Npcap (Windows) is not installed, or pcap4j/JNA is missing. */
        NO_LIBRARY,
        /** The interface does not exist. */
        NO_SUCH_INTERFACE,
        /** The capture filter does not compile. */
        BAD_FILTER,
        /** Settings that cannot work (e.g. a ring of 0 files). */
        BAD_SETTINGS,
        /** Writing the ring files failed. */
        IO,
        /** Anything else libpcap reports. */
        CAPTURE
    }

    private final Kind kind;

    public LiveException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public LiveException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() { return kind; }
}
