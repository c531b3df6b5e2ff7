package org.negscope.analysis;

/**
 * A Wireshark display filter for one connection's packets: both addresses and both ports, and, when the report comes
 * from a single pcap / pcapng / NetMon file (where Wireshark's stream numbers and ours count the same conversations),
 * {@code tcp.stream eq N}. For an ETL trace or a merged set Wireshark sees other files (converted, or one at a
 * time), so the number would not hold there: only the addresses and ports are given.
 */
public final class WiresharkFilter {
    private WiresharkFilter() {}

    /** E.g. {@code ip.addr == 10.1.1.2 && tcp.port == 49152 && ip.addr == 10.0.0.1 && tcp.port == 445 && tcp.stream eq 7}. */
    public static String of(ConnectionReport r, boolean withStream) {
        String c = r.client(), s = r.server();
        String addr = Endpoints.isIpv6(c) || Endpoints.isIpv6(s) ? "ipv6.addr" : "ip.addr";
        StringBuilder b = new StringBuilder();
        b.append(addr).append(" == ").append(Endpoints.host(c));
        int cp = Endpoints.port(c), sp = Endpoints.port(s);
        if (cp >= 0) {
            b.append(" && tcp.port == ").append(cp);
        }
        b.append(" && ").append(addr).append(" == ").append(Endpoints.host(s));
        if (sp >= 0) {
            b.append(" && tcp.port == ").append(sp);
        }
        if (withStream && r.details().tcpStream() >= 0) {
            b.append(" && tcp.stream eq ").append(r.details().tcpStream());
        }
        return b.toString();
    }

    /** Whether a file of this format numbers streams as Wireshark does when opened alone (JSON "format", gz noted or not). */
    public static boolean streamsMatch(String format, int files) {
        if (files != 1 || format == null) {
            return false;
        }
        String f = format.endsWith(".gz") ? format.substring(0, format.length() - 3) : format;
        return f.equals("pcap") || f.equals("pcapng") || f.equals("netmon");
    }

    /** The frame Wireshark should jump to: the first frame of the evidence (VALIDATE, else NEGOTIATE, else the end). */
    public static long evidenceFrame(ConnectionReport r) {
        ConnectionReport.Frames f = r.frames();
        if (f == null) {
            return r.firstFrame();
        }
        for (long x : new long[] {f.validateResponse(), f.validateRequest(), f.negotiateResponse(), f.negotiateRequest(),
                f.termination()}) {
            if (x > 0) {
                return x;
            }
        }
        return r.firstFrame();
    }
}
