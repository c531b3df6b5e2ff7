package org.negscope.analysis;

/** The host and port of a report's "10.0.0.2:50432" / "[fe80::1]:445" endpoint text (as the capture bundle's Endpoint writes it). */
final class Endpoints {
    private Endpoints() {}

    /** "10.0.0.2" / "fe80::1" (no brackets); the whole text when it has no port. */
    static String host(String endpoint) {
        if (endpoint == null) {
            return "";
        }
        if (endpoint.startsWith("[")) {
            int close = endpoint.indexOf(']');
            return close > 0 ? endpoint.substring(1, close) : endpoint;
        }
        int colon = endpoint.lastIndexOf(':');
        return colon > 0 && endpoint.indexOf(':') == colon ? endpoint.substring(0, colon) : endpoint;
    }

    /** The port, or -1 when the text has none. */
    static int port(String endpoint) {
        if (endpoint == null) {
            return -1;
        }
        int colon = endpoint.lastIndexOf(':');
        if (colon < 0 || !endpoint.startsWith("[") && endpoint.indexOf(':') != colon
                || endpoint.startsWith("[") && colon < endpoint.indexOf(']')) {
            return -1;
        }
        try {
            return Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isIpv6(String endpoint) {
        return endpoint != null && endpoint.startsWith("[");
    }
}
