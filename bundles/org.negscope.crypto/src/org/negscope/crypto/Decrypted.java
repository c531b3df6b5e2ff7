package org.negscope.crypto;

/**
 * Result of decrypting one TRANSFORM_HEADER message.
 *
 * @param plaintext the SMB2 message(s) inside (starting with FE 'SMB'), or null on failure
 * @param problem   null on success, else one sentence naming what failed and where
 */
public record Decrypted(byte[] plaintext, String problem) {

    public boolean ok() {
        return plaintext != null;
    }

    @Override
    public String toString() {
        return ok() ? "Decrypted[" + plaintext.length + " bytes]" : "Decrypted[failed: " + problem + "]";
    }
}
