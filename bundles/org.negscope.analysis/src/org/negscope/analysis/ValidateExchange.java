package org.negscope.analysis;

import java.util.UUID;
import org.negscope.smb2.Smb2Message;

/**
 * One FSCTL_VALIDATE_NEGOTIATE_INFO exchange: the IOCTL request (CtlCode 0x00140204, MS-SMB2 2.2.31.4
 * payload) and its final response matched by MessageId (interim STATUS_PENDING answers are not final).
 * Fields are filled as the messages arrive; a value object per exchange, a handful per connection.
 */
final class ValidateExchange {
    long messageId;
    long sessionId;

    // Request (2.2.31 / 2.2.31.4).
    long requestFrame;
    long requestTimeNanos;
    long maxOutputResponse;
    boolean requestDecoded;
    long capabilities;
    UUID clientGuid;
    int clientSecurityMode;
    int[] dialects;
    /** Why the VALIDATE_NEGOTIATE_INFO request could not be read, or null. */
    String requestProblem;
    Smb2Message requestMessage;

    // Final response (2.2.32 / 2.2.32.6); responseFrame 0 = none in the capture.
    long responseFrame;
    long responseTimeNanos;
    long status;
    boolean responseSigned;
    /** The response came inside an SMB3 TRANSFORM message we decrypted: AES-CCM authenticated it. */
    boolean responseEncrypted;
    boolean requestEncrypted;
    boolean responseDecoded;
    long serverCapabilities;
    UUID serverGuid;
    int serverSecurityMode;
    int dialect;
    String responseProblem;
    Smb2Message responseMessage;
    /** Result of checking the response signature with the user's credentials; null = not checked. */
    SignatureStatus verifiedSignature;
    /** Why the signature could not be checked although credentials were given (never contains a secret). */
    String signatureNote;
    /**
     * What the key computes and what the response carries when they differ (hex; neither reveals the key): with an
     * INVALID signature, or an UNVERIFIED one whose key the credentials gave but probably wrongly (see signatureNote).
     */
    String expectedSignature;
    String foundSignature;
    /** MS-SMB2 name of the algorithm checked with, null when unchecked. */
    String signingAlgorithm;
    /**
     * The check of the response's signature with the session's key as it came out, before the analysis judges it (VALID
     * for a key the credentials probably got wrong stays INVALID here); null when not checked. See {@link ValidateSignature}.
     */
    SignatureStatus signatureCheck;
    /** With {@link #signatureCheck} VALID or INVALID: what the key computes and what the response carries (hex). */
    String checkedExpected, checkedFound;


    boolean answered() { return responseFrame > 0; }
}
