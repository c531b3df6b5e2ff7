package org.negscope.probe;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything the probe's connection carried, with both endpoints: the source of the pcapng export
 * ({@link PcapngWriter}) and of the byte counts in the steps. Appended by {@link SmbTransport} only.
 */
public final class Transcript {
    private final List<WireEvent> events = new ArrayList<>();
    private InetSocketAddress client;
    private InetSocketAddress server;

    void endpoints(InetSocketAddress client, InetSocketAddress server) {
        this.client = client;
        this.server = server;
    }

    synchronized void add(WireEvent e) {
        events.add(e);
    }

    /** Local address and port of the probe's socket (null when the connection never opened). */
    public InetSocketAddress client() { return client; }
    /** The server's address and port (null when the connection never opened). */
    public InetSocketAddress server() { return server; }

    public synchronized List<WireEvent> events() {
        return Collections.unmodifiableList(new ArrayList<>(events));
    }

    /** Index of the last event, -1 when there is none. */
    synchronized int lastIndex() {
        return events.size() - 1;
    }

    public synchronized boolean isEmpty() {
        return events.isEmpty();
    }
}
