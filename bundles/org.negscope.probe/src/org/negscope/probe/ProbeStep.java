package org.negscope.probe;

/**
 * One step of a probe run as the user sees it: "NEGOTIATE", "SESSION_SETUP (NTLMSSP NEGOTIATE)", ...
 *
 * @param name          step name
 * @param startMillis   start, milliseconds since the probe began
 * @param durationMillis how long it took
 * @param bytesSent     bytes the step put on the wire (direct-TCP headers included)
 * @param bytesReceived bytes the step read
 * @param status        "OK", an NTSTATUS name (e.g. "STATUS_LOGON_FAILURE"), "SKIPPED", or the failure kind
 * @param detail        one plain sentence (never a secret), may be empty
 */
public record ProbeStep(String name, long startMillis, long durationMillis, long bytesSent, long bytesReceived,
        String status, String detail) {

    public boolean ok() {
        return "OK".equals(status) || "STATUS_SUCCESS".equals(status);
    }

    @Override
    public String toString() {
        return String.format("%-34s %6d ms  +%4d ms  sent %5d  recv %5d  %s%s", name, startMillis, durationMillis,
                bytesSent, bytesReceived, status, detail.isEmpty() ? "" : "  " + detail);
    }
}
