package org.negscope.capture;

/** Reader-side state of one {@link TcpConnection}: its two half streams and which key endpoint is the client. */
final class ConnectionState {
    final TcpConnection connection;
    final boolean clientIsA;
    final HalfStream toServer;
    final HalfStream toClient;
    boolean reset;
    /** Capture time of the last segment, to forget ended connections after a while. */
    long lastTimeNanos;

    ConnectionState(TcpReassembler r, TcpConnection connection, boolean clientIsA) {
        this.connection = connection;
        this.clientIsA = clientIsA;
        this.toServer = new HalfStream(r, this, Direction.CLIENT_TO_SERVER);
        this.toClient = new HalfStream(r, this, Direction.SERVER_TO_CLIENT);
    }

    /** Both sides sent FIN, or one sent RST: a new SYN on the same 4-tuple is a new connection. */
    boolean ended() { return reset || (toServer.finSeen && toClient.finSeen); }

    @Override public String toString() { return "TCP " + connection.client() + " -> " + connection.server(); }
}
