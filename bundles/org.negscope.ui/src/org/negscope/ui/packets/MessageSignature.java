package org.negscope.ui.packets;

import org.negscope.analysis.ValidateSignature;
import org.negscope.crypto.SignatureCheck;

/**
 * How the analysis' check of one signed message with the user's credentials came out ({@link
 * org.negscope.analysis.AnalysisListener#messageChecked}; nothing is checked here): VALID, INVALID with the signature
 * the key computes and the one the message carries (both travel on the wire or follow from it, so neither reveals the
 * key; a wrong password makes every message INVALID), or UNVERIFIED with the reason (no key for the session, Kerberos,
 * message not kept whole).
 */
public record MessageSignature(Status status, String algorithm, String expectedHex, String foundHex, String reason) {

    public enum Status { VALID, INVALID, UNVERIFIED }

    public static MessageSignature of(SignatureCheck c) {
        return switch (c.status()) {
            case VALID -> new MessageSignature(Status.VALID, c.algorithm().specName(), c.expectedHex(), c.foundHex(), null);
            case INVALID -> new MessageSignature(Status.INVALID, c.algorithm().specName(), c.expectedHex(), c.foundHex(), null);
            case UNVERIFIABLE -> unverified(c.reason());
        };
    }

    /**
     * The analysis' check of the judged VALIDATE response as the report carries it ({@link
     * org.negscope.analysis.ConnectionReport#validateSignature()}); null when nothing was checked (no credentials,
     * unsigned, encrypted, or no response).
     */
    public static MessageSignature of(ValidateSignature v) {
        if (v == null || v.check() == null) {
            return null;
        }
        return switch (v.check()) {
            case VALID -> new MessageSignature(Status.VALID, v.algorithm(), v.expected(), v.found(), null);
            case INVALID -> new MessageSignature(Status.INVALID, v.algorithm(), v.expected(), v.found(), null);
            default -> unverified(v.reason());
        };
    }

    static MessageSignature unverified(String reason) {
        return new MessageSignature(Status.UNVERIFIED, null, null, null, reason);
    }

    /** "VALID (AES-128-CMAC)", "INVALID (AES-128-CMAC): expected 01…, found 00…", "UNVERIFIED: why". */
    public String text() {
        return switch (status) {
            case VALID -> "VALID (" + algorithm + ")";
            case INVALID -> "INVALID (" + algorithm + "): expected " + expectedHex + ", found " + foundHex;
            case UNVERIFIED -> "UNVERIFIED: " + reason;
        };
    }
}
