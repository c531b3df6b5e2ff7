package org.negscope.analysis;

import java.util.List;

/**
 * One SMB connection seen at two capture points — on the client's side of a middlebox (WAN accelerator, proxy,
 * NAT) and on the server's side — with everything the path between them changed. "Sent" is always what the
 * sending peer put on the wire (a request as the client-side capture shows it, a response as the server-side
 * capture shows it), "received" what arrived at the other peer.
 *
 * @param clientSide  the connection as the client-side capture shows it
 * @param serverSide  the same connection as the server-side capture shows it
 * @param matchedBy   why these two are one connection, for people (which evidence, its values, the clock offset)
 * @param evidence    the evidence that matched, by name: {@link TwoPointMatcher#BY_NTLM}, {@link TwoPointMatcher#BY_KERBEROS},
 *                    {@link TwoPointMatcher#BY_SESSION_ID}, {@link TwoPointMatcher#BY_CLIENT_GUID},
 *                    {@link TwoPointMatcher#BY_MESSAGE_IDS}, {@link TwoPointMatcher#BY_TIMING}
 * @param strength    exact (authentication bytes), strong (SessionId or ClientGuid) or weak (MessageIds and timing only)
 * @param middlebox   who sits between the capture points, named by the addresses each side saw
 * @param changes     field differences, NEGOTIATE request / response first, then each VALIDATE exchange
 * @param bytes       byte differences of the same messages (bounded; see {@code bytesOmitted})
 * @param bytesOmitted byte differences not listed (more than {@link TwoPointMatcher#MAX_BYTE_CHANGES} per message)
 * @param summary     one paragraph for people: what the middlebox changed and what it caused
 */
public record ConnectionPair(ConnectionReport clientSide, ConnectionReport serverSide, String matchedBy, List<String> evidence,
                             String strength, String middlebox,
                             List<Change> changes, List<ByteChange> bytes, int bytesOmitted, String summary) {
    public ConnectionPair {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        changes = List.copyOf(changes);
        bytes = List.copyOf(bytes);
    }

    /** True when the path changed anything in the compared messages. */
    public boolean changed() { return !changes.isEmpty(); }

    /**
     * A field that left one peer with one value and reached the other with another.
     *
     * @param message       "NEGOTIATE request", "NEGOTIATE response", "VALIDATE request", "VALIDATE response"
     *                      (", MessageId n" is added for VALIDATE exchanges after the first)
     * @param field         MS-SMB2 field name ("Capabilities", "DialectCount", "Dialects", "Header.Signature"),
     *                      "(message)" when the message itself is missing on one side, "(length)" for its length
     * @param sent          value as the sender put it on the wire (docs/cli.md formats where they apply)
     * @param received      value as it arrived
     * @param sentFrame     frame in the sending side's capture (0 = not there)
     * @param receivedFrame frame in the receiving side's capture (0 = not there)
     * @param offset        offset of the field in the sent message (from its ProtocolId), -1 when not applicable
     * @param note          what the change means, e.g. "LARGE_MTU cleared by the path"; "" when nothing to add
     */
    public record Change(String message, String field, String sent, String received, long sentFrame, long receivedFrame,
                         int offset, String note) {}

    /**
     * One byte that differs between the message as sent and as received.
     *
     * @param offset   from the message's ProtocolId (as the packet-detail tree and hex view count)
     * @param sent     the byte as sent, 0..255
     * @param received the byte as received, 0..255
     * @param field    the innermost field of the sent message that holds this offset
     */
    public record ByteChange(String message, int offset, int sent, int received, String field) {}
}
