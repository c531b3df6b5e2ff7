package org.negscope.analysis;

/** The one-word outcome of a connection's Validate Negotiate (docs/protocol.md). {@link #fatal} is the default; see ConnectionReport#fatal. */
public enum Verdict {
    VALIDATED(false),
    REQUEST_MISMATCH(true),
    RESPONSE_MISMATCH(true),
    RESPONSE_UNSIGNED(true),
    SIGNATURE_INVALID(true),
    /** Error answer; fatal only for ACCESS_DENIED (ConnectionReport#fatal decides). */
    SERVER_REFUSED(false),
    SERVER_TERMINATED(true),
    NOT_SENT(false),
    ENCRYPTED(false),
    NOT_APPLICABLE(false),
    INCOMPLETE(false);

    private final boolean fatal;
    Verdict(boolean fatal) { this.fatal = fatal; }
    public boolean fatalByDefault() { return fatal; }
}
