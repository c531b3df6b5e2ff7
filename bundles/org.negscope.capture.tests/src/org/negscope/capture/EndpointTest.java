package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The text form of endpoints is part of the JSON contract (docs/cli.md): IPv4 dotted, IPv6 RFC 5952 in brackets. */
class EndpointTest {
    private static String text(String address, int port) {
        return new Endpoint(SyntheticCapture.addr(address), port).toString();
    }

    @Test void formats() {
        assertEquals("10.0.0.2:50432", text("10.0.0.2", 50432));
        assertEquals("255.255.255.255:65535", text("255.255.255.255", 65535));
        assertEquals("[::1]:445", text("::1", 445));
        assertEquals("[::]:0", text("::", 0));
        assertEquals("[fe80::b00c:699:2acb:8e78]:49687", text("fe80:0:0:0:b00c:0699:2acb:8e78", 49687));
        assertEquals("[2001:db8::1:0:0:1]:1", text("2001:db8:0:0:1:0:0:1", 1));      // tie: first run
        assertEquals("[2001:0:0:1::1]:1", text("2001:0:0:1:0:0:0:1", 1));            // longest run wins
        assertEquals("[2001:db8:0:1:1:1:1:1]:1", text("2001:db8:0:1:1:1:1:1", 1));  // a single zero group stays
        assertEquals("[1::]:2", text("1::", 2));
    }

    @Test void equality() {
        byte[] a = {10, 0, 0, 1};
        Endpoint e = new Endpoint(a, 445);
        a[3] = 2; // the endpoint keeps its own copy
        assertEquals(new Endpoint(new byte[] {10, 0, 0, 1}, 445), e);
        assertEquals(new Endpoint(new byte[] {10, 0, 0, 1}, 445).hashCode(), e.hashCode());
        assertNotEquals(new Endpoint(new byte[] {10, 0, 0, 1}, 446), e);
        assertThrows(IllegalArgumentException.class, () -> new Endpoint(new byte[5], 1));
    }
}
