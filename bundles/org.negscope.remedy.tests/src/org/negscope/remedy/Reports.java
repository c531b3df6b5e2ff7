package org.negscope.remedy;

import java.util.List;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.SignatureStatus;
import org.negscope.analysis.TerminatedBy;
import org.negscope.analysis.Verdict;

/**
 * Synthetic ConnectionReports for the remedy's unit tests: the remedy reads only the report's fields, so the
 * tests build them directly (the analysis of real captures is tested in the analysis bundle).
 */
final class Reports {
    private Reports() {}

    static final Difference SIGNING_STRIPPED = new Difference("response", "SecurityMode", "0x0001", "0x0003");
    static final Difference CAPS_MASKED = new Difference("response", "Capabilities", "0x00000007", "0x0000004f");
    static final Difference DIALECTS_CUT = new Difference("request", "Dialects", "[2.0.2, 2.1]", "[2.0.2, 2.1, 3.0, 3.0.2]");

    static ConnectionReport synthetic(Verdict v, boolean fatal, Difference... diffs) {
        return synthetic("10.0.0.2:50432", "10.0.0.9:445", v, fatal, diffs);
    }

    static ConnectionReport synthetic(String client, String server, Verdict v, boolean fatal, Difference... diffs) {
        SignatureStatus sig = switch (v) {
            case RESPONSE_UNSIGNED -> SignatureStatus.UNSIGNED;
            case SIGNATURE_INVALID -> SignatureStatus.INVALID;
            case SERVER_TERMINATED, NOT_SENT, INCOMPLETE, ENCRYPTED, NOT_APPLICABLE -> SignatureStatus.NONE;
            default -> SignatureStatus.VALID;
        };
        return new ConnectionReport(0, client, server, "3.0.2", v, fatal, "synthetic " + v + " case.", List.of(diffs), sig,
                fatal ? TerminatedBy.CLIENT : TerminatedBy.NONE, new ConnectionReport.Frames(4, 5, 12, 13, 14),
                "MS-SMB2 3.2.5.14.12", null, null, null, null);
    }

    /** A representative OS of each family, as its NTLMSSP Version shows it. */
    static HostOs win7() { return HostOs.fromNtlmssp(6, 1, 7601); }
    static HostOs vista() { return HostOs.fromNtlmssp(6, 0, 6002); }
    static HostOs win8() { return HostOs.fromNtlmssp(6, 2, 9200); }
    static HostOs win81() { return HostOs.fromNtlmssp(6, 3, 9600); }
    static HostOs win10() { return HostOs.fromNtlmssp(10, 0, 19045); }
    static HostOs server2016() { return HostOs.fromNtlmssp(10, 0, 14393); }
    static HostOs server2019() { return HostOs.fromNtlmssp(10, 0, 17763); }
    static HostOs server2022() { return HostOs.fromNtlmssp(10, 0, 20348); }
    static HostOs win11() { return HostOs.fromNtlmssp(10, 0, 22631); }
    static HostOs win11_24h2() { return HostOs.fromNtlmssp(10, 0, 26100); }
    static HostOs win11_25h2() { return HostOs.fromNtlmssp(10, 0, 26200); }
    static HostOs samba() { return HostOs.fromNtlmssp(6, 1, 0); }

    static List<HostOs> allFamilies() {
        return List.of(HostOs.fromNtlmssp(5, 1, 2600), vista(), win7(), win8(), win81(), win10(), server2016(), server2019(),
                server2022(), win11(), win11_24h2(), win11_25h2(), samba(), HostOs.nonWindows("Linux cifs"), HostOs.unknown(),
                HostOs.chosen(WindowsVersion.WINDOWS_81_2012R2));
    }
}
