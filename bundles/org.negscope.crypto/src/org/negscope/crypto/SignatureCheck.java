package org.negscope.crypto;

/**
 * Outcome of checking one SMB2 message's signature. Holds the expected and the found signature
 * (both travel on the wire or are derived from it: neither reveals the key).
 *
 * @param status    VALID, INVALID, or UNVERIFIABLE (with {@code reason})
 * @param algorithm the algorithm used
 * @param expected  the signature computed with the key (null when UNVERIFIABLE)
 * @param found     the signature field of the message (null when UNVERIFIABLE)
 * @param reason    why it could not be verified, else null
 */
public record SignatureCheck(Status status, SigningAlgorithm algorithm, byte[] expected, byte[] found, String reason) {

    public enum Status { VALID, INVALID, UNVERIFIABLE }

    public boolean isValid() {
        return status == Status.VALID;
    }

    public String expectedHex() {
        return expected == null ? null : Bytes.hex(expected);
    }

    public String foundHex() {
        return found == null ? null : Bytes.hex(found);
    }

    /** A check that could not be made, with the reason (no secret in it); {@code algorithm} may be null. */
    public static SignatureCheck unverifiable(SigningAlgorithm algorithm, String reason) {
        return new SignatureCheck(Status.UNVERIFIABLE, algorithm, null, null, reason);
    }

    @Override
    public String toString() {
        return switch (status) {
            case VALID -> "VALID (" + algorithm.specName() + ", signature " + foundHex() + ")";
            case INVALID -> "INVALID (" + algorithm.specName() + "): expected " + expectedHex() + ", found " + foundHex();
            case UNVERIFIABLE -> "UNVERIFIABLE: " + reason;
        };
    }
}
