package org.negscope.smb2;

/**
 * A message (or a structure inside one) does not have the layout MS-SMB2 / MS-NLMP / ASN.1 DER
 * require. The message text names the structure, the field and the byte offset relative to the start
 * of the SMB2 message (its ProtocolId), e.g.
 * {@code "NegotiateResponse.SecurityBufferOffset 0x1234 points past the end of the 120-byte message"}.
 * <p>
 * Unchecked on purpose: callers decode many kinds of structures and handle every failure the same way
 * (report it, carry on with the next message); the decoders guarantee that no other runtime exception
 * (IndexOutOfBounds, NegativeArraySize, OutOfMemory from a hostile count) escapes them.
 * Messages never contain secrets (key material, hashes, response bytes): only names, offsets, lengths.
 */
public class Smb2FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Smb2FormatException(String message) {
        super(message);
    }
}
