/**
 * SMB2/3 message model and codec (MS-SMB2), plain Java, no dependencies.
 * <ul>
 * <li>{@link org.negscope.smb2.Smb2StreamDecoder}: one per direction of a TCP stream; direct-TCP framing,
 * compound chains, SMB1 / transform / compressed recognition, gaps; delivers {@link org.negscope.smb2.Smb2Message}s
 * to an {@link org.negscope.smb2.Smb2Listener}.</li>
 * <li>Body decoders, each {@code X.decode(Smb2Message)} and {@code X.describe(Smb2Message)} (a {@link org.negscope.smb2.Field}
 * tree with offsets from the ProtocolId): NegotiateRequest/Response (+ NegotiateContext), SessionSetupRequest/Response,
 * TreeConnectRequest/Response, Logoff, IoctlRequest/Response, ValidateNegotiateInfoRequest/Response, ErrorResponse;
 * {@link org.negscope.smb2.FieldTree#describe(Smb2Message)} picks the right one and never throws.</li>
 * <li>Security blobs: {@link org.negscope.smb2.Spnego} (bounded DER walk), {@link org.negscope.smb2.Ntlmssp} with
 * NtlmNegotiate / NtlmChallenge / NtlmAuthenticate, NtlmVersion (Windows build), AvPair.</li>
 * <li>Encoders for the probe: {@code encode(Smb2Header)} on the request bodies, NTLMSSP {@code encode()},
 * {@code Spnego.encodeInit/encodeResp}.</li>
 * </ul>
 * Malformed input surfaces only as {@link org.negscope.smb2.Smb2FormatException} (unchecked) naming structure,
 * field and offset; no decoder allocates more than the bytes it was given.
 */
package org.negscope.smb2;
