package org.negscope.probe;

/**
 * Why a probe stopped before it could judge the VALIDATE exchange. Each kind has one plain meaning for a
 * support engineer; the message of {@link ProbeException} adds host, step and detail (never a secret).
 */
public enum ProbeFailure {
    /** The name does not resolve. */
    UNKNOWN_HOST,
    /** TCP connect answered with RST: nothing listens on that port (or a firewall rejects). */
    CONNECTION_REFUSED,
    /** No route / network unreachable. */
    UNREACHABLE,
    /** A step (or the whole probe) ran out of time: a firewall dropping packets, or a hung server. */
    TIMEOUT,
    /** The peer reset the TCP connection (RST). */
    CONNECTION_RESET,
    /** The peer closed the TCP connection (FIN) before answering. */
    CONNECTION_CLOSED,
    /** The peer does not speak SMB2 over direct TCP (other framing, SMB1 only, or garbage). */
    NOT_SMB2,
    /** A message was larger than the probe accepts (16 MiB). */
    MESSAGE_TOO_LARGE,
    /** A message that claims to be SMB2 could not be decoded, or answered something else than asked. */
    PROTOCOL_ERROR,
    /** No common dialect (the server rejected the NEGOTIATE). */
    NEGOTIATE_FAILED,
    /** SESSION_SETUP failed; the message names the NTSTATUS (e.g. STATUS_LOGON_FAILURE). */
    AUTH_FAILED,
    /** A user logon without a password or NT hash. */
    NO_CREDENTIALS,
    /** The server requires signing but the probe has no credentials (guest/anonymous cannot sign). */
    SIGNING_REQUIRED_NO_CREDENTIALS,
    /** The server demands SMB3 encryption for the session or share; the probe does not encrypt. */
    ENCRYPTION_REQUIRED,
    /** TREE_CONNECT failed; the message names the NTSTATUS. */
    TREE_CONNECT_FAILED,
    /** The user cancelled. */
    CANCELLED,
    /** Anything else (local I/O error); the message says what. */
    IO_ERROR
}
