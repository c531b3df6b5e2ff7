package org.negscope.analysis;

/**
 * How the judged VALIDATE response was protected and what checking its signature gave (docs/protocol.md, "Signing"). The
 * server signs the response with the session's signing key (MS-SMB2 3.3.5.15.12); the client accepts it only when it is
 * signed and the signature verifies, or when it came encrypted (3.2.5.14.12). {@link ConnectionReport#signature()} is
 * the analysis' judgement of it; this is the check behind that judgement: the two differ when the credentials are
 * suspect (every signed message of the session fails: {@code check} INVALID, judged UNVERIFIED, see
 * {@link SignatureChecks#credentialsHint()}). Nothing secret: both signatures travel on the wire or follow from it.
 *
 * @param response  a final VALIDATE response is in the capture (false: nothing else is set)
 * @param signed    the response carries the SMB2_FLAGS_SIGNED flag (MS-SMB2 2.2.1.2)
 * @param encrypted the response came inside an SMB3 TRANSFORM message that was decrypted (authenticated by AES-CCM/GCM)
 * @param check     the signature checked with the session's key: VALID, INVALID or UNVERIFIED ({@code reason} says why);
 *                  null when nothing was checked (no credentials, no response, unsigned, or encrypted)
 * @param algorithm MS-SMB2 name of the signing algorithm checked with ("AES-128-CMAC"); null when unknown
 * @param expected  the signature the key computes (hex) when {@code check} is VALID or INVALID, else null
 * @param found     the signature the response carries (hex) when {@code check} is VALID or INVALID, else null
 * @param reason    why the signature could not be checked when {@code check} is UNVERIFIED, else null
 */
public record ValidateSignature(boolean response, boolean signed, boolean encrypted, SignatureStatus check, String algorithm, String expected,
                                String found, String reason) {

    /** No VALIDATE response, or a report built without one. */
    public static final ValidateSignature NONE = new ValidateSignature(false, false, false, null, null, null, null, null);

    /** True when the response's signature was checked with the credentials (whatever came out). */
    public boolean checked() {
        return check != null;
    }

    /**
     * "VALID (AES-128-CMAC, signature 5a…)", "INVALID (AES-128-CMAC): expected 01…, found 00…", "UNVERIFIED: why";
     * "" when nothing was checked.
     */
    public String text() {
        if (check == null) {
            return "";
        }
        return switch (check) {
            case VALID -> "VALID (" + algorithm + ", signature " + found + ")";
            case INVALID -> "INVALID (" + algorithm + "): expected " + expected + ", found " + found;
            default -> check.name() + ": " + reason;
        };
    }
}
