package org.negscope.analysis;

import java.util.Locale;

/**
 * One event of a connection's timeline, as the diagnosis view shows it next to the side-by-side table: a TCP
 * SYN / FIN / RST / gap, or an SMB message (command and, for a response, its status).
 *
 * @param index       0-based position among all events of the connection; a jump between two kept events means
 *                    events in between were not kept (the timeline is bounded, see {@link ConnectionReport#timelineEvents()})
 * @param frame       1-based frame number (the frame that completed the message)
 * @param offsetNanos time since the connection's first frame
 * @param fromClient  true when the client sent it
 * @param kind        what happened
 * @param command     SMB2 command name ("NEGOTIATE", "IOCTL"), "SMB1 0x72" for SMB1, "" for TCP events
 * @param status      NTSTATUS name of a response ("STATUS_SUCCESS"), "" otherwise
 * @param messageId   SMB2 MessageId, -1 when not an SMB2 message
 * @param text        one short line for people, e.g. "IOCTL FSCTL_VALIDATE_NEGOTIATE_INFO request (MessageId 4, signed)"
 */
public record TimelineEvent(long index, long frame, long offsetNanos, boolean fromClient, Kind kind, String command,
                            String status, long messageId, String text) {

    public enum Kind {
        TCP_SYN, TCP_FIN, TCP_RST,
        /** Bytes of one direction are missing from the capture. */
        TCP_GAP,
        SMB2_REQUEST, SMB2_RESPONSE,
        /** An SMB3 TRANSFORM message that was not decrypted. */
        SMB3_ENCRYPTED,
        SMB1;

        /** "tcp-syn", "smb2-request", ... for JSON. */
        public String json() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    /** "client->server" or "server->client". */
    public String direction() { return fromClient ? "client->server" : "server->client"; }

    /** Milliseconds since the connection's first frame, e.g. 12.345. */
    public double offsetMillis() { return offsetNanos / 1e6; }

    /** "+12.345 ms". */
    public String offsetText() { return String.format(Locale.ROOT, "+%.3f ms", offsetNanos / 1e6); }
}
