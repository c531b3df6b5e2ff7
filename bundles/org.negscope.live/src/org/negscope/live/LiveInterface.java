package org.negscope.live;

import java.util.List;

/**
 * A capture interface as libpcap lists it.
 *
 * @param name        what {@link LiveSettings#iface()} takes
 * @param description libpcap's description (Npcap: the adapter's friendly name), or ""
 * @param loopback    true for the loopback interface
 * @param addresses   its IP addresses, as text
 */
public record LiveInterface(String name, String description, boolean loopback, List<String> addresses) {
    /** One line for a list or a combo box: name, description, addresses. */
    public String label() {
        StringBuilder b = new StringBuilder(name);
        if (!description.isEmpty()) b.append(" (").append(description).append(')');
        if (loopback) b.append(" [loopback]");
        if (!addresses.isEmpty()) b.append(' ').append(String.join(", ", addresses));
        return b.toString();
    }
}
