package org.negscope.capture;

/**
 * One TCP connection (4-tuple, one lifetime: a new SYN after the end of the previous one starts a new
 * connection). The client is the side that sent the first SYN; when the capture starts mid-connection,
 * the side using the well-known port (445, 139) or, failing that, the higher port is taken as client.
 */
public final class TcpConnection {
    private final int index;
    private final Endpoint client;
    private final Endpoint server;
    private final long firstFrame;
    private final long firstTimeNanos;
    private final boolean sawSyn;
    /** Any segment (data, ACK, FIN, RST) from the client / the server was in the capture: false for a one-direction capture. */
    private boolean fromClient, fromServer;
    /** Free slot for the consumer (the analysis keeps its per-connection state here, avoiding map look-ups). */
    public Object attachment;

    public TcpConnection(int index, Endpoint client, Endpoint server, long firstFrame, long firstTimeNanos, boolean sawSyn) {
        this.index = index;
        this.client = client;
        this.server = server;
        this.firstFrame = firstFrame;
        this.firstTimeNanos = firstTimeNanos;
        this.sawSyn = sawSyn;
    }

    /** 0-based order of appearance in the capture. */
    public int index() { return index; }
    public Endpoint client() { return client; }
    public Endpoint server() { return server; }
    public long firstFrame() { return firstFrame; }
    public long firstTimeNanos() { return firstTimeNanos; }
    /** True when the connection's first captured segment is its SYN or SYN+ACK (so the client/server roles are certain). */
    public boolean sawSyn() { return sawSyn; }

    /**
     * True once the capture held any segment the client (or, with {@code false}, the server) sent, as the reader
     * assigned the roles. A capture filtered to one direction, asymmetric routing or a one-way SPAN shows only one.
     */
    public boolean seenFrom(boolean client) { return client ? fromClient : fromServer; }

    void seen(Direction d) {
        if (d == Direction.CLIENT_TO_SERVER) fromClient = true; else fromServer = true;
    }

    @Override public String toString() { return client + " -> " + server; }
}
