package org.negscope.capture;

/**
 * The 4-tuple of a TCP connection, independent of direction (the lower endpoint is always "a").
 * Mutable so that one instance is reused for every packet's map look-up; a copy is stored only when a
 * connection is created. IPv4 addresses are kept in {@code lo} with {@code hi = 0}.
 */
final class FlowKey {
    boolean v6;
    long aHi, aLo, bHi, bLo;
    int aPort, bPort;
    private int hash;

    /** Sets the key from a packet's source and destination; returns true when the source is endpoint "a". */
    boolean set(boolean v6, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        this.v6 = v6;
        boolean srcIsA = compare(sHi, sLo, sPort, dHi, dLo, dPort) <= 0;
        if (srcIsA) {
            aHi = sHi; aLo = sLo; aPort = sPort; bHi = dHi; bLo = dLo; bPort = dPort;
        } else {
            aHi = dHi; aLo = dLo; aPort = dPort; bHi = sHi; bLo = sLo; bPort = sPort;
        }
        long h = aHi * 0x9E3779B97F4A7C15L ^ aLo * 0xC2B2AE3D27D4EB4FL ^ bHi * 0x165667B19E3779F9L
                ^ bLo * 0x85EBCA77C2B2AE63L ^ ((long) aPort << 16 | bPort) * 0x27D4EB2F165667C5L;
        h ^= h >>> 31;
        hash = (int) (h ^ (h >>> 32)) ^ (v6 ? 1 : 0);
        return srcIsA;
    }

    private static int compare(long xHi, long xLo, int xPort, long yHi, long yLo, int yPort) {
        int c = Long.compareUnsigned(xHi, yHi);
        if (c != 0) return c;
        c = Long.compareUnsigned(xLo, yLo);
        if (c != 0) return c;
        return Integer.compare(xPort, yPort);
    }

    void assign(FlowKey k) {
        v6 = k.v6; aHi = k.aHi; aLo = k.aLo; bHi = k.bHi; bLo = k.bLo; aPort = k.aPort; bPort = k.bPort; hash = k.hash;
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.v6 = v6; k.aHi = aHi; k.aLo = aLo; k.bHi = bHi; k.bLo = bLo; k.aPort = aPort; k.bPort = bPort; k.hash = hash;
        return k;
    }

    static Endpoint endpoint(boolean v6, long hi, long lo, int port) {
        byte[] a = new byte[v6 ? 16 : 4];
        if (v6) {
            for (int i = 0; i < 8; i++) { a[i] = (byte) (hi >>> (56 - 8 * i)); a[8 + i] = (byte) (lo >>> (56 - 8 * i)); }
        } else {
            for (int i = 0; i < 4; i++) a[i] = (byte) (lo >>> (24 - 8 * i));
        }
        return new Endpoint(a, port);
    }

    @Override public int hashCode() { return hash; }

    @Override public boolean equals(Object o) {
        return o instanceof FlowKey k && k.aLo == aLo && k.bLo == bLo && k.aPort == aPort && k.bPort == bPort
                && k.aHi == aHi && k.bHi == bHi && k.v6 == v6;
    }
}
