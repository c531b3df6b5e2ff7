package org.negscope.probe;

/**
 * A probe step failed. {@link #failure()} is the category the UI and CLI switch on; the message is one
 * sentence naming host, step and cause (never a password, hash or key).
 */
public final class ProbeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ProbeFailure failure;
    private final long status;

    public ProbeException(ProbeFailure failure, String message) {
        this(failure, message, -1, null);
    }

    public ProbeException(ProbeFailure failure, String message, Throwable cause) {
        this(failure, message, -1, cause);
    }

    public ProbeException(ProbeFailure failure, String message, long status, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.status = status;
    }

    public ProbeFailure failure() {
        return failure;
    }

    /** NTSTATUS behind the failure (AUTH_FAILED, TREE_CONNECT_FAILED, NEGOTIATE_FAILED), else -1. */
    public long status() {
        return status;
    }
}
