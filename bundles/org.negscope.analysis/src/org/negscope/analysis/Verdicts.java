package org.negscope.analysis;

/**
 * The words the user reads for a verdict (docs/protocol.md, Verdicts): a headline that says what happened and who
 * drops the connection, whether it is fatal, and the VALIDATE response's signature state in plain language. The
 * analysis' summary sentence gives the specifics (fields, values, frames); these texts explain the category. One
 * place for every front end (reports, CLI, workbench), so that they all say the same.
 */
public final class Verdicts {
    private Verdicts() {}

    public static String headline(Verdict v) {
        return switch (v) {
            case VALIDATED -> "Validate Negotiate succeeded: the VALIDATE exchange repeats the NEGOTIATE values.";
            case REQUEST_MISMATCH -> "The client's VALIDATE request does not repeat its NEGOTIATE request: the server drops the connection.";
            case RESPONSE_MISMATCH -> "The server's VALIDATE response does not repeat its NEGOTIATE response: the client drops the connection.";
            case RESPONSE_UNSIGNED -> "The VALIDATE response is not signed: the client must drop the connection.";
            case SIGNATURE_INVALID -> "The VALIDATE response carries a wrong signature: the client drops the connection.";
            case SERVER_REFUSED -> "The server answered VALIDATE with an error.";
            case SERVER_TERMINATED -> "The server closed the connection instead of answering VALIDATE: it saw a different "
                    + "NEGOTIATE than this capture shows. Capture the server side too.";
            case NOT_SENT -> "The client never sent VALIDATE although the session called for it.";
            case ENCRYPTED -> "The exchange is encrypted (SMB3 encryption) and no keys were given.";
            case NOT_APPLICABLE -> "Validate Negotiate does not apply here (SMB 3.1.1 uses preauth integrity; guest "
                    + "and anonymous sessions cannot sign).";
            case INCOMPLETE -> "The capture lacks part of the exchange, so no verdict can be given.";
        };
    }

    public static String fatal(ConnectionReport r) {
        return r.fatal() ? "Fatal: a Windows client loses the connection." : "Not fatal.";
    }

    public static String signature(SignatureStatus s) {
        return switch (s) {
            case VALID -> "VALID (checked with the given credentials)";
            case INVALID -> "INVALID (does not match the given credentials)";
            case UNVERIFIED -> "UNVERIFIED (signed; no credentials given to check it)";
            case UNSIGNED -> "UNSIGNED (the SIGNED flag is not set)";
            case NONE -> "NONE (no VALIDATE response in the capture)";
        };
    }
}
