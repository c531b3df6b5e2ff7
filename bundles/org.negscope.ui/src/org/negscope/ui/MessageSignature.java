package org.negscope.ui;

import org.negscope.crypto.SignatureCheck;

/**
 * What checking one signed message with the user's credentials gave: VALID, INVALID with the signature the key
 * computes and the one the message carries (both travel on the wire or follow from it, so neither reveals the
 * key), or UNVERIFIED with the reason (no key for the session, Kerberos, wrong password, message not kept whole).
 */
public record MessageSignature(Status status, String algorithm, String expectedHex, String foundHex, String reason) {

    public enum Status { VALID, INVALID, UNVERIFIED }

    static MessageSignature of(SignatureCheck c) {
        return switch (c.status()) {
            case VALID -> new MessageSignature(Status.VALID, c.algorithm().specName(), c.expectedHex(), c.foundHex(), null);
            case INVALID -> new MessageSignature(Status.INVALID, c.algorithm().specName(), c.expectedHex(), c.foundHex(), null);
            case UNVERIFIABLE -> unverified(c.reason());
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
