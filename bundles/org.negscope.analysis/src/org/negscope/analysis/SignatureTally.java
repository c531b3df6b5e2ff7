package org.negscope.analysis;

import org.negscope.crypto.SignatureCheck;

/**
 * What checking every signed SMB2 message of one connection with the user's credentials gave (docs/cli.md, signatureCheck): counts per
 * outcome, the algorithm, the first INVALID message with its expected and found signature, the first reason a
 * message stayed unverified. A few fields per connection, whatever the capture holds; nothing secret (a signature is
 * on the wire, the expected one is a MAC output that does not reveal the key).
 */
final class SignatureTally {
    long valid;
    long invalid;
    long unverified;
    /** MS-SMB2 name of the algorithm the first checked message used, e.g. "AES-128-CMAC"; null when none was checked. */
    String algorithm;
    long firstInvalidFrame;
    String firstInvalidExpected;
    String firstInvalidFound;
    long firstUnverifiedFrame;
    String firstUnverifiedReason;
    /** The connection's signing algorithm, decided once from the NEGOTIATE response (SignatureVerifier#algorithm). */
    boolean algorithmDecided;
    org.negscope.crypto.SigningAlgorithm negotiatedAlgorithm;
    String algorithmProblem;

    void add(SignatureCheck c, long frame) {
        switch (c.status()) {
            case VALID -> valid++;
            case INVALID -> {
                if (invalid++ == 0) {
                    firstInvalidFrame = frame;
                    firstInvalidExpected = c.expectedHex();
                    firstInvalidFound = c.foundHex();
                }
            }
            case UNVERIFIABLE -> {
                if (unverified++ == 0) {
                    firstUnverifiedFrame = frame;
                    firstUnverifiedReason = c.reason();
                }
            }
        }
        if (algorithm == null && c.status() != SignatureCheck.Status.UNVERIFIABLE && c.algorithm() != null) {
            algorithm = c.algorithm().specName();
        }
    }
}
