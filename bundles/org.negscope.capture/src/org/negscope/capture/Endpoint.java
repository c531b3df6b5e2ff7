package org.negscope.capture;

import java.util.Arrays;

/** One side of a TCP connection: IPv4 or IPv6 address and port. Immutable. */
public final class Endpoint {
    private final byte[] address; // 4 or 16 bytes
    private final int port;

    public Endpoint(byte[] address, int port) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must have 4 or 16 bytes, not " + address.length);
        }
        this.address = address.clone();
        this.port = port;
    }

    public byte[] address() { return address.clone(); }
    public int port() { return port; }
    public boolean isIpv6() { return address.length == 16; }

    /** "10.0.0.2:50432" or "[::1]:445" (IPv6 in RFC 5952 short form), the form used in reports and JSON (docs/cli.md). */
    @Override public String toString() {
        return isIpv6() ? "[" + ipv6Text(address) + "]:" + port : ipv4Text(address) + ":" + port;
    }

    private static String ipv4Text(byte[] a) {
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }

    /** RFC 5952: lower-case hex, no leading zeros, the longest run (first on a tie) of two or more zero groups as "::". */
    private static String ipv6Text(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (a[2 * i] & 0xFF) << 8 | (a[2 * i + 1] & 0xFF);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Endpoint e && e.port == port && Arrays.equals(e.address, address);
    }
    @Override public int hashCode() { return Arrays.hashCode(address) * 31 + port; }
}
