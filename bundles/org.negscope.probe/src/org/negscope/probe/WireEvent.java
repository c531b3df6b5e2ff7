package org.negscope.probe;

/**
 * One thing that happened on the probe's TCP connection, in order: what the pcapng export turns into frames.
 * {@code bytes} of a {@link Type#DATA} event are exactly what went over the wire (4-byte direct-TCP header
 * included); times are epoch nanoseconds.
 */
public record WireEvent(Type type, boolean fromClient, long timeNanos, byte[] bytes) {
    public enum Type {
        /** The three-way handshake completed (client → server SYN). */
        CONNECT,
        /** Application bytes. */
        DATA,
        /** A FIN from {@code fromClient}'s side. */
        FIN,
        /** A RST from {@code fromClient}'s side. */
        RST
    }

    public WireEvent {
        bytes = bytes == null ? new byte[0] : bytes;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    byte[] bytesInternal() {
        return bytes;
    }
}
