package org.negscope.analysis;

/**
 * The signature of every signed SMB2 message of a connection checked with the user's credentials (docs/cli.md, signatureCheck): how many
 * came out VALID, INVALID and UNVERIFIED, the first INVALID one with the signature the session's key computes and the
 * one the message carries, the first reason one could not be checked, and a hint when the credentials are probably
 * wrong (then everything is INVALID). Also the VALIDATE response's expected and found signature when it is INVALID.
 * Nothing secret: a signature travels on the wire, the expected one is a MAC output that does not reveal the key.
 *
 * @param checked              false when no credentials were given (then nothing else is set)
 * @param algorithm            MS-SMB2 name of the signing algorithm, e.g. "AES-128-CMAC"; null when nothing was checked
 * @param firstInvalidFrame    frame of the first INVALID message, 0 when none
 * @param firstUnverifiedFrame frame of the first message that could not be checked, 0 when none
 * @param credentialsHint      why the credentials are probably wrong, null when there is no sign of it
 * @param validateExpected     when the judged VALIDATE response's signature does not match the key (INVALID, or UNVERIFIED
 *                             with a credentials hint): what the key computes (hex), else null
 * @param validateFound        ... and what the response carries (hex), else null
 * @param encrypted            SMB3 TRANSFORM messages seen
 * @param decrypted            of those, decrypted (and so authenticated: AES-CCM/GCM) with the credentials
 */
public record SignatureChecks(boolean checked, String algorithm, long valid, long invalid, long unverified,
                              long firstInvalidFrame, String firstInvalidExpected, String firstInvalidFound,
                              long firstUnverifiedFrame, String firstUnverifiedReason, String credentialsHint,
                              String validateExpected, String validateFound, long encrypted, long decrypted) {

    public static final SignatureChecks NONE = new SignatureChecks(false, null, 0, 0, 0, 0, null, null, 0, null, null, null, null, 0, 0);

    /** Signed messages seen (each is VALID, INVALID or UNVERIFIED). */
    public long signedMessages() {
        return valid + invalid + unverified;
    }

    /**
     * "29 signed messages: 29 VALID, 0 INVALID, 0 UNVERIFIED (AES-128-CMAC)", with ", 36 of 36 encrypted messages
     * decrypted" when there were some; "" when no credentials were given.
     */
    public String text() {
        if (!checked) {
            return "";
        }
        long n = signedMessages();
        return n + (n == 1 ? " signed message: " : " signed messages: ") + valid + " VALID, " + invalid + " INVALID, "
                + unverified + " UNVERIFIED" + (algorithm == null ? "" : " (" + algorithm + ")")
                + (encrypted == 0 ? "" : ", " + decrypted + " of " + encrypted + " encrypted messages decrypted");
    }
}
