package org.negscope.remedy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.negscope.analysis.ConnectionReport;
import org.negscope.analysis.Difference;
import org.negscope.analysis.Verdict;

/**
 * Turns a connection's verdict and the client's operating system into a {@link Remedy} (docs/protocol.md).
 * <p>
 * Order of advice: when something in the path broke the exchange, fixing the path comes first (it is the
 * only fix on Windows 10 / Server 2016 and later); then what the client OS allows (the
 * RequireSecureNegotiate workaround exists only on Windows 8 / 2012 / 8.1 / 2012 R2); then requiring
 * signing. Nothing here ever advises making signing optional.
 * <p>
 * Why one class of this size: it is the decision table (verdict x client OS x who is at fault) with the wording
 * of each recommendation next to the case that chooses it, so that one reads a case and its advice together; the
 * scripts themselves are written by {@link RegistryChange}, {@link SigningChange} and {@link ScriptText}.
 */
public final class RemedyAdvisor {
    /** The Microsoft article this advice follows (the seed article; cited by title, it moves between URLs). */
    public static final String SEED_ARTICLE = "Microsoft support article \"TCP connection is aborted during Validate Negotiate\" "
            + "(Windows Server troubleshooting, SMB)";

    static final String WORKSTATION_KEY = "SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters";
    static final String SECURE_NEGOTIATE = "RequireSecureNegotiate";
    static final String SECURE_NEGOTIATE_FULL = "HKLM\\" + WORKSTATION_KEY + "\\" + SECURE_NEGOTIATE;

    private RemedyAdvisor() {}

    /**
     * Advice tailored to the operating systems the capture names: the client's from the NTLMSSP Version of its
     * NEGOTIATE / AUTHENTICATE message, the server's from its CHALLENGE ({@link HostOs#fromNtlmssp}); unknown when
     * the capture has none (Kerberos). Use {@link #advise(ConnectionReport, HostOs, HostOs)} when the user chose.
     */
    public static Remedy advise(ConnectionReport report) {
        Objects.requireNonNull(report, "report");
        return advise(report, clientOs(report), serverOs(report));
    }

    /** The client OS the capture names (NTLMSSP Version), or {@link HostOs#unknown()}. */
    public static HostOs clientOs(ConnectionReport report) {
        return HostOs.fromNtlmssp(report.clientVersion());
    }

    /** The server OS the capture names (NTLMSSP CHALLENGE Version), or {@link HostOs#unknown()}. */
    public static HostOs serverOs(ConnectionReport report) {
        return HostOs.fromNtlmssp(report.serverVersion());
    }

    public static Remedy advise(ConnectionReport report, HostOs client) {
        return advise(report, client, HostOs.unknown());
    }

    /**
     * @param report the connection's diagnosis
     * @param client the client OS (from the client's NTLMSSP Version, or chosen); {@link HostOs#unknown()} when not known
     * @param server the server OS (from the server's NTLMSSP CHALLENGE Version, or chosen); used for server-side signing advice
     */
    public static Remedy advise(ConnectionReport report, HostOs client, HostOs server) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(report.verdict(), "report.verdict()");
        Ctx c = new Ctx(report, client == null ? HostOs.unknown() : client, server == null ? HostOs.unknown() : server);
        switch (report.verdict()) {
            case REQUEST_MISMATCH, RESPONSE_MISMATCH, RESPONSE_UNSIGNED, SIGNATURE_INVALID, SERVER_TERMINATED -> pathFailure(c);
            case SERVER_REFUSED -> {
                if (report.fatal()) {
                    refusedFatal(c);
                } else {
                    refusedNotImplemented(c);
                }
            }
            case NOT_SENT -> notSent(c);
            case VALIDATED, NOT_APPLICABLE, ENCRYPTED -> nothingToFix(c);
            case INCOMPLETE -> incomplete(c);
        }
        return new Remedy(report.verdict(), c.client, c.server, c.headline, c.recs, c.scripts, c.vendor);
    }

    /** Working state of one call. */
    private static final class Ctx {
        final ConnectionReport r;
        final HostOs client;
        final HostOs server;
        final List<Recommendation> recs = new ArrayList<>();
        final List<Script> scripts = new ArrayList<>();
        final List<VendorQuestions> vendor = new ArrayList<>();
        String headline = "";

        Ctx(ConnectionReport r, HostOs client, HostOs server) {
            this.r = r;
            this.client = client;
            this.server = server;
        }

        String clientAddr() { return r.client() == null ? "the client" : r.client(); }
        String serverAddr() { return r.server() == null ? "the server" : r.server(); }

        String generatedFrom() {
            return "connection " + clientAddr() + " -> " + serverAddr() + ", verdict " + r.verdict()
                    + ", client OS " + client.describe() + ".";
        }

        void add(Recommendation rec) { recs.add(rec); }
    }

    // ------------------------------------------------------------------------------------------ verdict families

    private static void pathFailure(Ctx c) {
        Verdict v = c.r.verdict();
        List<Difference> diffs = c.r.differences();
        String fields = fieldList(diffs);
        c.headline = switch (v) {
            case REQUEST_MISMATCH -> "The SMB NEGOTIATE request was changed on the way" + fields
                    + ", so the server drops the connection: make the device in the path stop rewriting NEGOTIATE.";
            case RESPONSE_MISMATCH -> "The SMB NEGOTIATE response was changed on the way" + fields
                    + ", so the client drops the connection: make the device in the path stop rewriting NEGOTIATE.";
            case RESPONSE_UNSIGNED -> "The VALIDATE response reached the client unsigned, so the client drops the connection: "
                    + "fix the server, or the device that answers for it.";
            case SIGNATURE_INVALID -> "The VALIDATE response's signature does not verify, so the client drops the connection: "
                    + "something modified it or answered for the server.";
            default -> "The server dropped the connection after the VALIDATE request: it saw a different NEGOTIATE than this "
                    + "capture shows. Capture on the server side and fix the device in the path.";
        };
        c.add(pathRecommendation(c));
        if (v == Verdict.REQUEST_MISMATCH || v == Verdict.SERVER_TERMINATED || v == Verdict.SIGNATURE_INVALID) {
            c.add(captureBothSides(c));
        }
        osWorkaround(c);
        signing(c);
        c.vendor.add(wanVendorQuestions(c));
        if (v == Verdict.RESPONSE_UNSIGNED) {
            c.vendor.add(serverVendorQuestions(c));
        }
    }

    private static void refusedFatal(Ctx c) {
        c.headline = "The server answered the VALIDATE request with STATUS_ACCESS_DENIED, and clients must drop the connection "
                + "on that answer (MS-SMB2 3.2.5.14.12): find out why the server refuses.";
        c.add(new Recommendation("server-refuses", "Find out why " + c.serverAddr() + " denies the VALIDATE request",
                "The VALIDATE response" + at(c.r.frames().validateResponse()) + " carries STATUS_ACCESS_DENIED. A server that finds "
                        + "the VALIDATE values different from the NEGOTIATE it received must drop the connection (MS-SMB2 3.3.5.15.12); "
                        + "some SMB servers answer ACCESS_DENIED instead, so the usual cause is still a NEGOTIATE rewritten on the way. "
                        + "Compare with a capture taken at the server. Otherwise the server refuses the FSCTL itself (IPC$ share "
                        + "permissions, a security product on the server, or an SMB server bug): ask its vendor.",
                "None: investigation only.", "the SMB server " + c.serverAddr() + " and the network path to it", List.of()));
        c.add(captureBothSides(c));
        osWorkaround(c);
        signing(c);
        c.vendor.add(wanVendorQuestions(c));
        c.vendor.add(serverVendorQuestions(c));
    }

    private static void refusedNotImplemented(Ctx c) {
        c.headline = "The server does not implement VALIDATE_NEGOTIATE_INFO and said so in a signed error; the client accepts "
                + "that and carries on. Nothing breaks, but this connection has no downgrade protection: require signing.";
        c.add(new Recommendation("server-update", "Update the SMB server software on " + c.serverAddr(),
                "The signed error answer" + at(c.r.frames().validateResponse()) + " means the server does not implement "
                        + "FSCTL_VALIDATE_NEGOTIATE_INFO (older Windows builds, older NAS firmware and Samba's NTVFS server answer "
                        + "NOT_SUPPORTED, INVALID_DEVICE_REQUEST, FILE_CLOSED, FS_DRIVER_REQUIRED or INVALID_PARAMETER). Clients accept "
                        + "such an answer only because it is signed (MS-SMB2 3.2.5.14.12). A current version that supports SMB 3.1.1 "
                        + "replaces validate negotiate with pre-authentication integrity.",
                "None.", "the SMB server " + c.serverAddr(), List.of()));
        signing(c);
        c.vendor.add(serverVendorQuestions(c));
    }

    private static void notSent(Ctx c) {
        c.headline = "The client did not validate this SMB " + dialectOr(c, "3.0 / 3.0.2") + " connection: validation is probably "
                + "off on this client (RequireSecureNegotiate=0?). Consider re-enabling it once the path is fixed.";
        WindowsVersion os = c.client.version();
        String seen = "This authenticated, signed SMB " + dialectOr(c, "3.0 / 3.0.2") + " session"
                + at(c.r.frames().negotiateResponse(), "NEGOTIATE response") + " connected a tree but sent no "
                + "FSCTL_VALIDATE_NEGOTIATE_INFO. ";
        if (os.honoursRequireSecureNegotiate()) {
            RegistryChange restore = secureNegotiateRestore(c);
            c.add(new Recommendation("reenable-secure-negotiate",
                    "Validation is already off on this client (RequireSecureNegotiate=0?): consider re-enabling it after fixing the path",
                    seen + c.client.product() + " skips the check when " + SECURE_NEGOTIATE_FULL + " is 0 - usually left over from the "
                            + "workaround in the " + SEED_ARTICLE + ". Check with: Get-ItemProperty -Path "
                            + "'HKLM:\\" + WORKSTATION_KEY + "' -Name " + SECURE_NEGOTIATE + ". Once the device in the path no longer "
                            + "rewrites NEGOTIATE, delete the value (Windows then validates again) with the scripts below.",
                    "Re-enabling restores the protection. If the path still rewrites NEGOTIATE, connections through it will fail "
                            + "again: fix the path first, and keep the revert script at hand.",
                    "Windows 8 / Server 2012 / 8.1 / 2012 R2 SMB clients", restore.fileNames()));
            c.scripts.addAll(restore.scripts());
        } else if (os.validatesNegotiate()) {
            c.headline = "The client did not validate this SMB " + dialectOr(c, "3.0 / 3.0.2") + " connection, which "
                    + c.client.product() + " always does: check the evidence before acting.";
            c.add(new Recommendation("unexpected-skip", "Unexpected: " + c.client.product() + " always validates on SMB 3.0 / 3.0.2",
                    seen + "Windows 10 / Server 2016 and later cannot turn validation off (" + SEED_ARTICLE + "), so check the "
                            + "evidence: the IOCTL may be missing from the capture (capture started late, packets dropped, or it "
                            + "was encrypted), or the NTLMSSP Version belongs to another host; choose the client OS by hand if so.",
                    "", c.client.product(), List.of()));
        } else if (os == WindowsVersion.NON_WINDOWS) {
            c.headline = "The client (" + c.client.product() + ") did not validate this SMB " + dialectOr(c, "3.0 / 3.0.2")
                    + " connection: check its settings, and re-enable validation once the path is fixed.";
            c.add(new Recommendation("non-windows-skip", "The client is not Windows (" + c.client.product() + "): check its settings",
                    seen + nonWindowsBehaviour() + " On macOS, remove validate_neg_off=yes from nsmb.conf to re-enable the check.",
                    "Re-enabling validation restores the protection; fix the path first if it rewrites NEGOTIATE.",
                    "the SMB client " + c.clientAddr(), List.of()));
        } else if (os == WindowsVersion.UNKNOWN) {
            c.add(new Recommendation("unknown-skip", "Find out why the client skipped validation",
                    seen + "On Windows 8 / Server 2012 / 8.1 / 2012 R2 this means " + SECURE_NEGOTIATE_FULL + " = 0 (the workaround "
                            + "from the " + SEED_ARTICLE + "); Windows 10 / Server 2016 and later cannot skip it. "
                            + nonWindowsBehaviour() + " Choose the client OS in NegScope for scripts.",
                    "", "the SMB client " + c.clientAddr(), List.of()));
        } else {
            c.headline = "The client did not validate this connection; " + c.client.product() + " never does (SMB "
                    + c.client.version().maxDialect() + " at most): check which client this really is.";
            c.add(olderWindows(c));
        }
        signing(c);
    }

    private static void nothingToFix(Ctx c) {
        Verdict v = c.r.verdict();
        String why = switch (v) {
            case VALIDATED -> "The VALIDATE values equal the NEGOTIATE values and the response is signed ("
                    + c.r.signature() + (c.r.signature() == org.negscope.analysis.SignatureStatus.UNVERIFIED
                    ? ": present but not checked, because no credentials were given" : "") + "). No device in the path "
                    + "rewrote this connection's NEGOTIATE.";
            case NOT_APPLICABLE -> "Validate negotiate does not apply here: SMB 3.1.1 protects the NEGOTIATE with "
                    + "pre-authentication integrity instead (a rewritten NEGOTIATE makes the session setup fail), guest or "
                    + "anonymous sessions have no key to sign with, and a client that offers only SMB 2.x (Windows 7, Vista) "
                    + "does not implement the check.";
            default -> "The exchange is inside SMB 3 encryption, which no device in the path can change without breaking it. "
                    + "Give NegScope the password, NT hash or session key to see the exchange itself.";
        };
        c.headline = "Nothing to fix for validate negotiate on this connection.";
        c.add(new Recommendation("nothing-to-fix", "Nothing to fix for validate negotiate",
                why + " If users still see failures on this connection, the cause lies elsewhere.", "",
                "connection " + c.clientAddr() + " -> " + c.serverAddr(), List.of()));
    }

    private static void incomplete(Ctx c) {
        c.headline = "The capture lacks part of the exchange: capture again before judging this connection.";
        c.add(new Recommendation("capture-again", "Capture the whole connection",
                "The capture does not hold everything the diagnosis needs (" + c.r.summary() + "). Start the capture before the "
                        + "client connects (before mapping the drive or opening the share), capture whole packets (no snap length "
                        + "limit), and keep it running until the failure shows. Capture on the client and on the server at the same "
                        + "time when a device sits in between.",
                "None.", "the capture", List.of()));
    }

    // ------------------------------------------------------------------------------------------ building blocks

    private static Recommendation pathRecommendation(Ctx c) {
        Verdict v = c.r.verdict();
        StringBuilder why = new StringBuilder();
        switch (v) {
            case REQUEST_MISMATCH -> why.append("The client's signed VALIDATE request").append(at(c.r.frames().validateRequest()))
                    .append(" repeats what the client put in its NEGOTIATE request, but the NEGOTIATE request in this capture")
                    .append(at(c.r.frames().negotiateRequest())).append(" differs. The server compares the two and drops the ")
                    .append("connection on any difference (MS-SMB2 3.3.5.15.12). ");
            case RESPONSE_MISMATCH -> why.append("The server's signed VALIDATE response").append(at(c.r.frames().validateResponse()))
                    .append(" repeats what the server put in its NEGOTIATE response, but the NEGOTIATE response the client got")
                    .append(at(c.r.frames().negotiateResponse())).append(" differs. The client compares the two and drops the ")
                    .append("connection on any difference (MS-SMB2 3.2.5.14.12). ");
            case RESPONSE_UNSIGNED -> why.append("The VALIDATE response").append(at(c.r.frames().validateResponse()))
                    .append(" is neither signed nor encrypted; clients must then drop the connection (MS-SMB2 3.2.5.14.12). Windows ")
                    .append("servers always sign it, so either the server's SMB implementation is faulty (NAS firmware) or a ")
                    .append("device answered for the server (a proxy cannot sign: it does not have the session key). ");
            case SIGNATURE_INVALID -> why.append("The VALIDATE response").append(at(c.r.frames().validateResponse()))
                    .append(" is signed, but the signature does not match the session key: the message was changed on the way, ")
                    .append("or a device answered for the server. The client drops the connection (MS-SMB2 3.2.5.14.12). ")
                    .append("(If the credentials given to NegScope are wrong every signature fails: check that other signed ")
                    .append("messages verify.) ");
            default -> why.append("The server closed the connection").append(at(c.r.frames().termination()))
                    .append(" right after the VALIDATE request").append(at(c.r.frames().validateRequest()))
                    .append(" without answering: that is what a server does when the VALIDATE values differ from the NEGOTIATE ")
                    .append("it received (MS-SMB2 3.3.5.15.12). This capture shows no difference, so the NEGOTIATE request was ")
                    .append("changed between this capture point and the server. ");
        }
        for (Difference d : c.r.differences()) {
            why.append(FieldText.explain(d)).append(' ');
        }
        why.append("Microsoft names the usual cause: a WAN accelerator modifying the SMB NEGOTIATE, which it no longer allows ")
                .append("for any reason because it is a serious security risk (").append(SEED_ARTICLE).append(").");
        String title = switch (v) {
            case RESPONSE_UNSIGNED -> "Make the VALIDATE response reach the client signed: fix the server, or stop the device answering for it";
            case SIGNATURE_INVALID -> "Find and stop what modifies SMB between " + c.clientAddr() + " and " + c.serverAddr();
            default -> "Stop the device between " + c.clientAddr() + " and " + c.serverAddr() + " from rewriting SMB NEGOTIATE";
        };
        return new Recommendation("fix-path", title, why.toString().trim(),
                "None for security: this restores the protection validate negotiate provides. SMB to this server may no longer be "
                        + "accelerated unless the device supports signed SMB 3.",
                "the WAN accelerator, SMB proxy or firewall with SMB inspection between " + c.clientAddr() + " and " + c.serverAddr()
                        + (v == Verdict.RESPONSE_UNSIGNED ? ", or the SMB server itself" : ""),
                List.of());
    }

    private static Recommendation captureBothSides(Ctx c) {
        return new Recommendation("capture-both-sides", "Capture on both sides of the device at the same time",
                "A capture at one point shows only one version of the NEGOTIATE. Capture on the client and on the server (or on both "
                        + "sides of the WAN device) while reproducing the failure, then open both captures in NegScope: it matches "
                        + "the connection across the two and shows which NEGOTIATE fields the device changed - the evidence the "
                        + "vendor will ask for.",
                "None.", "the client " + c.clientAddr() + " and the server " + c.serverAddr(), List.of());
    }

    private static void osWorkaround(Ctx c) {
        WindowsVersion os = c.client.version();
        if (os.honoursRequireSecureNegotiate()) {
            RegistryChange off = secureNegotiateOff(c);
            c.add(new Recommendation("disable-secure-negotiate",
                    "Temporary workaround on this client only: set RequireSecureNegotiate = 0",
                    c.client.product() + " honours " + SECURE_NEGOTIATE_FULL + " (REG_DWORD). With 0 the client no longer sends "
                            + "FSCTL_VALIDATE_NEGOTIATE_INFO, so neither the server's check (MS-SMB2 3.3.5.15.12) nor the client's "
                            + "(3.2.5.14.12) can drop the connection. This is the workaround in the " + SEED_ARTICLE + ". It hides the "
                            + "tampering; it does not stop it.",
                    "Weakens security: the client stops detecting a NEGOTIATE downgrade, so a device or attacker in the path can strip "
                            + "the signing requirement or force an older dialect unnoticed. Use it only until the path is fixed, "
                            + "require signing meanwhile (next recommendation), and run the revert script afterwards.",
                    "Windows 8 / Server 2012 / 8.1 / 2012 R2 SMB clients only; Windows 10, Server 2016 and later ignore the value. "
                            + "The PowerShell pair saves and restores the exact previous state and needs PowerShell 4.0 (on Windows 8 / "
                            + "Server 2012, which ship 3.0, use the .reg pair or install WMF 4.0 or later)",
                    off.fileNames()));
            c.scripts.addAll(off.scripts());
        } else if (os.validatesNegotiate()) {
            c.add(new Recommendation("cannot-disable",
                    "Validate negotiate cannot be disabled on " + c.client.product(),
                    "The " + SEED_ARTICLE + " says it plainly: the validate negotiate process cannot be disabled on Windows 10, "
                            + "Windows Server 2016 or later, because Microsoft no longer allows the NEGOTIATE to be modified for any "
                            + "reason - it is a serious security risk. " + SECURE_NEGOTIATE + " is ignored on these releases: do not "
                            + "set it (and remove it if an old script did). " + c.client.product() + " speaks SMB 3.1.1 and validates "
                            + "only when a connection ends at 3.0 or 3.0.2" + (c.r.dialect() != null ? " (this one: " + c.r.dialect() + ")" : "")
                            + ", i.e. when the server is Windows 8 / 2012 / 8.1 / 2012 R2, an older NAS, or when the path limits the "
                            + "dialect. A server that speaks SMB 3.1.1 replaces VALIDATE with pre-authentication integrity - which "
                            + "fails just the same if the NEGOTIATE is rewritten, so that is no way around the device. The fix is in "
                            + "the path (or the server).",
                    "", c.client.product(), List.of()));
        } else if (os == WindowsVersion.NON_WINDOWS) {
            c.add(new Recommendation("non-windows-client",
                    "The client is not Windows (" + c.client.product() + "): registry settings do not apply",
                    nonWindowsBehaviour(),
                    "Turning validation off on macOS weakens security exactly like RequireSecureNegotiate=0: only temporarily, "
                            + "with signing required (nsmb.conf signing_required=yes), and remove the line afterwards.",
                    "the SMB client " + c.clientAddr(), List.of()));
        } else if (os == WindowsVersion.UNKNOWN) {
            c.add(new Recommendation("os-unknown",
                    "Client OS unknown: whether a client-side workaround exists depends on it",
                    "Windows 8 / Server 2012 / 8.1 / 2012 R2 accept the temporary workaround " + SECURE_NEGOTIATE_FULL + " = 0; "
                            + "Windows 10 / Server 2016 and later cannot turn validation off (" + SEED_ARTICLE + "). "
                            + nonWindowsBehaviour() + " The capture holds no NTLMSSP Version for this client (Kerberos, or the client "
                            + "left it out): choose the client OS in NegScope to get the matching scripts.",
                    "", "the SMB client " + c.clientAddr(), List.of()));
        } else {
            c.add(olderWindows(c));
        }
    }

    private static Recommendation olderWindows(Ctx c) {
        return new Recommendation("client-does-not-validate", c.client.product() + " does not validate negotiate",
                c.client.product() + " speaks at most " + c.client.version().maxDialect() + "; FSCTL_VALIDATE_NEGOTIATE_INFO belongs "
                        + "to SMB 3.0 / 3.0.2 (MS-SMB2 2.2.31.4), which Windows 8 / Server 2012 introduced. This connection nevertheless "
                        + "shows " + c.r.verdict() + (c.r.dialect() != null ? " at dialect " + c.r.dialect() : "")
                        + ": check that the NTLMSSP Version really belongs to this client (NAT or a proxy can mix hosts up) and choose "
                        + "the client OS by hand if not.",
                "", c.client.product(), List.of());
    }

    private static String nonWindowsBehaviour() {
        return "Samba's smbclient and libsmbclient validate on SMB 2.0.2 to 3.0.2 whenever the tree connect is signed (always on "
                + "IPC$); on a field mismatch they report NT_STATUS_ACCESS_DENIED and may carry on, on a missing or bad signature "
                + "they disconnect; no setting turns the check off. The Linux kernel cifs client validates on vers=3.0 / 3.02 "
                + "mounts, accepts a signed 'not supported' answer, ignores the ServerGuid and masks some capability bits; no mount "
                + "option turns it off, and vers=3.1.1 uses pre-authentication integrity instead. macOS validates too; "
                + "validate_neg_off=yes in the [default] section of /etc/nsmb.conf turns that off.";
    }

    private static void signing(Ctx c) {
        WindowsVersion cos = c.client.version();
        WindowsVersion sos = c.server.version();
        StringBuilder why = new StringBuilder();
        why.append("Signing protects every SMB message after authentication. With signing required at both ends a device in ")
                .append("the path cannot strip the signing requirement from the NEGOTIATE unnoticed - each side insists on ")
                .append("signing whatever the NEGOTIATE says - and WAN accelerators typically leave such connections alone instead ")
                .append("of rewriting them (confirm with the vendor). The ").append(SEED_ARTICLE).append(" calls SMB signing more ")
                .append("secure than validate negotiate and the alternative where validate negotiate cannot be used. It does not ")
                .append("switch validate negotiate off: Windows 8 and later still validate on 3.0 / 3.0.2, so the path must still ")
                .append("stop rewriting NEGOTIATE. ");
        if (cos.requiresClientSigningByDefault()) {
            why.append(c.client.product()).append(" already requires signing on outbound SMB by default (Windows 11 24H2 and ")
                    .append("Windows Server 2025 do): check with Get-SmbClientConfiguration; the client script reports it and ")
                    .append("changes nothing then. ");
        }
        if (!c.client.note().isEmpty() && cos == WindowsVersion.WINDOWS_11_24H2_SERVER_2025) {
            why.append(c.client.note()).append(' ');
        }
        if (sos == WindowsVersion.WINDOWS_11_24H2_SERVER_2025) {
            why.append("The server (build 26100) is Windows 11 24H2 or Server 2025: the first already requires signing on inbound ")
                    .append("SMB, the second only on domain controllers. ");
        }
        if (sos == WindowsVersion.NON_WINDOWS) {
            why.append("The server is not Windows (").append(c.server.product()).append("): on Samba set 'server signing = mandatory' ")
                    .append("in smb.conf; on a NAS use its SMB signing setting. ");
        }
        if (cos == WindowsVersion.NON_WINDOWS) {
            why.append("The client is not Windows: Samba tools take 'client signing = required' (smb.conf) or ")
                    .append("--client-protection=sign, Linux cifs mounts take the 'sign' option, macOS nsmb.conf takes ")
                    .append("signing_required=yes. ");
        }

        List<String> files = new ArrayList<>();
        String generated = c.generatedFrom();
        if (cos != WindowsVersion.NON_WINDOWS) {
            boolean ps = cos.hasSmbCmdlets() || cos == WindowsVersion.UNKNOWN;
            boolean reg = !cos.requiresClientSigningByDefault();
            ScriptHeader h = new ScriptHeader("require SMB signing on this SMB client",
                    "sets RequireSecuritySignature = true for the SMB client (Set-SmbClientConfiguration; registry: "
                            + "HKLM\\" + SigningChange.Role.CLIENT.key + "\\RequireSecuritySignature = 1).",
                    "validate negotiate failed on " + c.clientAddr() + " -> " + c.serverAddr() + " (" + c.r.verdict() + "). Requiring "
                            + "signing keeps SMB protected against tampering in the path and makes SMB accelerators leave the traffic alone.",
                    "raises security. Costs CPU and throughput; every server this client uses must support signing (all Windows and "
                            + "Samba servers do). Never make signing optional to fix a connection.",
                    "undoes the change (PowerShell: the exact previous value; .reg: the Windows default). Requiring signing is the safer state: revert only if it causes a problem "
                            + "that cannot be solved otherwise.",
                    "Windows SMB clients (PowerShell: Windows 8 / Server 2012 and later; .reg: any Windows)",
                    generated);
            SigningChange client = new SigningChange(SigningChange.Role.CLIENT, h, ps, reg,
                    "Do not import the .reg revert on Windows 11 24H2 / Server 2025 or later, which require signing by default; "
                            + (ps ? "the PowerShell revert restores the exact previous value." : "note the previous value first."));
            files.addAll(client.fileNames());
            c.scripts.addAll(client.scripts());
        }
        if (sos != WindowsVersion.NON_WINDOWS) {
            boolean ps = sos.hasSmbCmdlets() || sos == WindowsVersion.UNKNOWN;
            ScriptHeader h = new ScriptHeader("require SMB signing on this SMB server",
                    "sets RequireSecuritySignature = true for the SMB server (Set-SmbServerConfiguration; registry: "
                            + "HKLM\\" + SigningChange.Role.SERVER.key + "\\requiresecuritysignature = 1).",
                    "validate negotiate failed on " + c.clientAddr() + " -> " + c.serverAddr() + " (" + c.r.verdict() + "). Requiring "
                            + "signing on the server protects every client's SMB traffic against tampering in the path.",
                    "raises security. Costs CPU and throughput; every client of this server must support signing (check old "
                            + "printers, scanners and appliances that write to its shares). Never make signing optional to fix a connection.",
                    "undoes the change (PowerShell: the exact previous value; .reg: the Windows default). Requiring signing is the safer state: revert only if it causes a problem "
                            + "that cannot be solved otherwise.",
                    "Windows SMB servers (PowerShell: Windows Server 2012 and later; .reg: any Windows)", generated);
            SigningChange server = new SigningChange(SigningChange.Role.SERVER, h, ps, true,
                    "Never import the .reg revert on a domain controller (domain controllers require signing by policy); "
                            + (ps ? "the PowerShell revert restores the exact previous value." : "note the previous value first."));
            files.addAll(server.fileNames());
            c.scripts.addAll(server.scripts());
        }
        c.add(new Recommendation("require-signing", "Require SMB signing on the client and on the server",
                why.toString().trim(),
                "Raises security. Throughput: signing costs CPU at both ends and can lower SMB throughput noticeably on fast links "
                        + "(10 GbE and up) or older CPUs; recent releases sign SMB 3.1.1 with AES-GMAC, which costs much less. "
                        + "Compatibility: every SMB client of the server must be able to sign (all Windows releases and "
                        + "Samba can; check old printers, scanners and appliances). A WAN accelerator that cannot handle signed SMB "
                        + "stops optimising this traffic. Keep signing required once it works.",
                "client " + c.clientAddr() + " (" + c.client.describe() + ") and server " + c.serverAddr() + " ("
                        + c.server.describe() + "); domain-wide through Group Policy (\"Digitally sign communications (always)\")",
                files));
    }

    private static ScriptHeader secureNegotiateHeader(Ctx c, boolean off) {
        return new ScriptHeader(off ? "turn off secure negotiate (RequireSecureNegotiate = 0) on this SMB client"
                        : "turn secure negotiate back on (delete RequireSecureNegotiate) on this SMB client",
                off ? "sets " + SECURE_NEGOTIATE_FULL + " = 0 (REG_DWORD): the SMB client stops sending FSCTL_VALIDATE_NEGOTIATE_INFO."
                        : "deletes " + SECURE_NEGOTIATE_FULL + ": without the value Windows validates negotiation again (the default).",
                off ? "validate negotiate failed on " + c.clientAddr() + " -> " + c.serverAddr() + " (" + c.r.verdict() + ") because a "
                        + "device in the path changes the SMB NEGOTIATE. Temporary workaround from the " + SEED_ARTICLE + "."
                        : "this client skipped validate negotiate on " + c.clientAddr() + " -> " + c.serverAddr() + "; re-enable it "
                        + "once the device in the path no longer rewrites NEGOTIATE.",
                off ? "WEAKENS SECURITY: the client no longer detects a NEGOTIATE downgrade (signing stripped, older dialect forced). "
                        + "Use only until the path is fixed, keep SMB signing required meanwhile, then revert."
                        : "raises security. If the path still rewrites NEGOTIATE, connections through it fail again.",
                off ? "restores the previous state; when that is the Windows default (no value), validation is on again and the "
                        + "protection is back. If the path still rewrites NEGOTIATE, connections through it fail again."
                        : "WEAKENS SECURITY: puts back RequireSecureNegotiate = 0, so the client stops validating negotiation again.",
                "Windows 8 / Server 2012 / 8.1 / 2012 R2 only (Windows 10, Server 2016 and later ignore this value). The "
                        + "PowerShell scripts need PowerShell 4.0 or later (8.1 / 2012 R2 ship it; on 8 / 2012 install WMF 4.0 or "
                        + "later, or use the .reg files).",
                c.generatedFrom());
    }

    private static final RegistryChange.OsGuard WIN8_TO_81 = new RegistryChange.OsGuard(
            "$os.Major -eq 6 -and ($os.Minor -eq 2 -or $os.Minor -eq 3)",
            "RequireSecureNegotiate only has an effect on Windows 8 / Server 2012 / 8.1 / 2012 R2 (6.2 / 6.3); Windows 10, "
                    + "Server 2016 and later cannot disable validate negotiate.");

    private static final String SECURE_NEGOTIATE_EFFECT = "New SMB connections use the new setting; if one keeps failing, "
            + "disconnect mapped drives or restart the computer.";

    private static RegistryChange secureNegotiateOff(Ctx c) {
        return new RegistryChange(WORKSTATION_KEY, SECURE_NEGOTIATE, 0, "negscope-secure-negotiate-off", "client",
                secureNegotiateHeader(c, true), WIN8_TO_81, true, null,
                "Windows has no RequireSecureNegotiate value by default, which means validation is on, so the .reg revert deletes "
                        + "the value (\"RequireSecureNegotiate\"=-).",
                SECURE_NEGOTIATE_EFFECT);
    }

    private static RegistryChange secureNegotiateRestore(Ctx c) {
        return new RegistryChange(WORKSTATION_KEY, SECURE_NEGOTIATE, null, "negscope-secure-negotiate-on", "client",
                secureNegotiateHeader(c, false), WIN8_TO_81, true, 0,
                "it writes 0 again, the value this client most likely had (validation off); if it had none, delete the value "
                        + "instead.",
                SECURE_NEGOTIATE_EFFECT);
    }

    private static VendorQuestions wanVendorQuestions(Ctx c) {
        String srv = c.serverAddr();
        StringBuilder intro = new StringBuilder();
        intro.append("SMB connections from ").append(c.clientAddr()).append(" to ").append(srv)
                .append(" fail during SMB 3 Validate Negotiate (FSCTL_VALIDATE_NEGOTIATE_INFO, MS-SMB2 2.2.31.4, 3.3.5.15.12 and ")
                .append("3.2.5.14.12). Diagnosis: ").append(c.r.verdict());
        if (c.r.summary() != null && !c.r.summary().isBlank()) {
            intro.append(" - ").append(stripPeriod(c.r.summary()));
        }
        intro.append(". Windows 10 / Server 2016 and later cannot turn this check off, so the SMB NEGOTIATE must reach both ends ")
                .append("unmodified.");
        List<String> q = new ArrayList<>();
        q.add("Does your device optimise, proxy or inspect SMB2/SMB3 (TCP 445) between " + c.clientAddr() + " and " + srv
                + "? Please configure a bypass (pass-through, no SMB optimisation) for " + srv + " and tell us how to verify it is in effect.");
        if (c.r.differences().isEmpty()) {
            q.add("Does your device modify the SMB2 NEGOTIATE request or response in any way (SecurityMode signing bits, Capabilities, "
                    + "ClientGuid / ServerGuid, the Dialects list)? Which features do that, and can they be turned off for " + srv + "?");
        } else {
            for (Difference d : c.r.differences()) {
                q.add("Our capture shows the " + d.field() + " field of the NEGOTIATE " + d.side() + " changed: it carried "
                        + org.negscope.analysis.FieldFormat.withNames(d.field(), d.negotiate()) + " while the signed VALIDATE " + d.side() + " says "
                        + org.negscope.analysis.FieldFormat.withNames(d.field(), d.validate()) + ". Which feature of your device changes this field "
                        + "(signing downgrade, capability masking, dialect limiting), and how is it turned off?");
            }
        }
        q.add("Does your product support SMB 3.0 / 3.0.2 / 3.1.1 with signing and Validate Negotiate (a signing-aware or secure SMB "
                + "optimisation mode, usually with a delegated domain account)? From which software version, and what does it need?");
        q.add("Which software / firmware versions run on the devices at both ends of the link? Are there known issues or fixes for "
                + "SMB 3 Validate Negotiate, or for resets right after the SMB TREE_CONNECT?");
        q.add("Does the device answer SMB on behalf of " + srv + " (proxy or caching mode)? It cannot sign the VALIDATE response "
                + "without the session key, and clients drop the connection then (MS-SMB2 3.2.5.14.12).");
        q.add("Can the device log, for " + c.clientAddr() + " -> " + srv + ", whether it optimised, passed through or reset each "
                + "connection, and why?");
        return new VendorQuestions("WAN accelerator / SMB proxy / firewall vendor", intro.toString(), q);
    }

    private static VendorQuestions serverVendorQuestions(Ctx c) {
        String srv = c.serverAddr();
        List<String> q = new ArrayList<>();
        q.add("Does your SMB server implement FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 3.3.5.15.12) for SMB 3.0 / 3.0.2 and sign its "
                + "response? From which firmware / software version?");
        switch (c.r.verdict()) {
            case RESPONSE_UNSIGNED -> q.add("In our capture the VALIDATE response" + at(c.r.frames().validateResponse())
                    + " is not signed, and clients must drop the connection then (MS-SMB2 3.2.5.14.12). Under which conditions does "
                    + "your server send it unsigned, and which version fixes it?");
            case SERVER_REFUSED -> q.add(c.r.fatal()
                    ? "Your server answered the VALIDATE request with STATUS_ACCESS_DENIED" + at(c.r.frames().validateResponse())
                    + ", which makes Windows clients drop the connection. When does it do that (values differing from the "
                    + "NEGOTIATE, share permissions on IPC$, a security feature)?"
                    : "Your server answered the VALIDATE request with a signed error" + at(c.r.frames().validateResponse())
                    + " (not implemented). Which version implements it, or SMB 3.1.1, which makes it unnecessary?");
            default -> { }
        }
        q.add("Which SMB dialects and signing settings does the current version support, and how are they configured?");
        return new VendorQuestions("SMB server vendor (NAS / storage / appliance) for " + srv,
                "Clients connecting to " + srv + " run SMB 3 Validate Negotiate; the diagnosis of connection " + c.clientAddr() + " -> "
                        + srv + " is " + c.r.verdict() + ".", q);
    }

    // ------------------------------------------------------------------------------------------ small text helpers

    /** " (fields: SecurityMode, Capabilities)" or "". */
    private static String fieldList(List<Difference> diffs) {
        if (diffs.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (Difference d : diffs) {
            if (!names.contains(d.field())) {
                names.add(d.field());
            }
        }
        return " (" + String.join(", ", names) + ")";
    }

    private static String stripPeriod(String s) {
        String t = s.trim();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    private static String at(long frame) {
        return frame > 0 ? " (frame " + frame + ")" : "";
    }

    private static String at(long frame, String what) {
        return frame > 0 ? " (" + what + " in frame " + frame + ")" : "";
    }

    private static String dialectOr(Ctx c, String fallback) {
        return c.r.dialect() != null ? c.r.dialect() : fallback;
    }
}
