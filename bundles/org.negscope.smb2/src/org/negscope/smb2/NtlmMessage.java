package org.negscope.smb2;

/** A decoded NTLMSSP message: {@link NtlmNegotiate}, {@link NtlmChallenge} or {@link NtlmAuthenticate}. */
public sealed interface NtlmMessage permits NtlmNegotiate, NtlmChallenge, NtlmAuthenticate {
    /** NegotiateFlags. */
    int flags();

    /** Version, or null when the message has none. */
    NtlmVersion version();

    /** The encoded NTLMSSP message. */
    byte[] encode();
}
