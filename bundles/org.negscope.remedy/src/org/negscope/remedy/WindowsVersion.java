package org.negscope.remedy;

/**
 * What the remedy needs to know about an SMB peer's operating system: which SMB dialects it speaks,
 * whether it validates negotiation at all, whether {@code RequireSecureNegotiate} still works on it and
 * whether it requires signing out of the box. One constant per group of releases that behave alike;
 * the exact product (from the NTLMSSP build number) is kept by {@link HostOs}.
 * <p>
 * The NTLMSSP VERSION structure (MS-NLMP 2.2.2.10) carries ProductMajorVersion, ProductMinorVersion and
 * ProductBuild, but not the product type: a client and a server release built from the same code share
 * one build number (14393, 17763, 26100), so for those {@link #ambiguity()} says what cannot be told apart.
 */
public enum WindowsVersion {
    WINDOWS_XP_2003("Windows XP / Server 2003", "SMB 1 only", Flags.NONE),
    WINDOWS_VISTA_2008("Windows Vista / Server 2008", "2.0.2", Flags.NONE),
    WINDOWS_7_2008R2("Windows 7 / Server 2008 R2", "2.1", Flags.NONE),
    WINDOWS_8_2012("Windows 8 / Server 2012", "3.0", Flags.VALIDATES | Flags.SWITCH | Flags.CMDLETS),
    WINDOWS_81_2012R2("Windows 8.1 / Server 2012 R2", "3.0.2", Flags.VALIDATES | Flags.SWITCH | Flags.CMDLETS),
    WINDOWS_10("Windows 10", "3.1.1", Flags.VALIDATES | Flags.CMDLETS),
    WINDOWS_10_1607_SERVER_2016("Windows 10 1607 / Server 2016", "3.1.1", Flags.VALIDATES | Flags.CMDLETS),
    WINDOWS_10_1809_SERVER_2019("Windows 10 1809 / Server 2019", "3.1.1", Flags.VALIDATES | Flags.CMDLETS),
    WINDOWS_SERVER_2022("Windows Server 2022", "3.1.1", Flags.VALIDATES | Flags.CMDLETS),
    WINDOWS_11("Windows 11 (before 24H2)", "3.1.1", Flags.VALIDATES | Flags.CMDLETS),
    WINDOWS_11_24H2_SERVER_2025("Windows 11 24H2 / Server 2025", "3.1.1",
            Flags.VALIDATES | Flags.CMDLETS | Flags.SIGNS_OUT),
    WINDOWS_11_25H2_OR_LATER("Windows 11 25H2 or later", "3.1.1", Flags.VALIDATES | Flags.CMDLETS | Flags.SIGNS_OUT),
    /** Samba (smbclient, libsmbclient), Linux cifs, macOS smbfs, Java/Python libraries, NAS firmware. */
    NON_WINDOWS("not Windows", null, Flags.NONE),
    /** No NTLMSSP Version in the capture (Kerberos, or a client that omits it) and nothing chosen. */
    UNKNOWN("unknown", null, Flags.NONE);

    private static final class Flags {
        static final int NONE = 0;
        static final int VALIDATES = 1;  // sends FSCTL_VALIDATE_NEGOTIATE_INFO on 3.0 / 3.0.2
        static final int SWITCH = 2;     // honours LanmanWorkstation\Parameters\RequireSecureNegotiate
        static final int CMDLETS = 4;    // has the SmbShare module (Get-/Set-SmbClientConfiguration)
        static final int SIGNS_OUT = 8;  // requires signing on outbound SMB by default
    }

    private final String displayName;
    private final String maxDialect;
    private final int flags;

    WindowsVersion(String displayName, String maxDialect, int flags) {
        this.displayName = displayName;
        this.maxDialect = maxDialect;
        this.flags = flags;
    }

    public String displayName() { return displayName; }

    /** Highest SMB dialect this release speaks ("2.1", "3.0.2", "3.1.1"), null when not Windows / unknown. */
    public String maxDialect() { return maxDialect; }

    public boolean isWindows() { return this != NON_WINDOWS && this != UNKNOWN; }

    /** True from Windows 8 / Server 2012 on: the client sends VALIDATE after TREE_CONNECT on 3.0 / 3.0.2. */
    public boolean validatesNegotiate() { return (flags & Flags.VALIDATES) != 0; }

    /**
     * True only for Windows 8 / Server 2012 / 8.1 / 2012 R2. Microsoft removed the switch from Windows 10 /
     * Server 2016 on ("TCP connection is aborted during Validate Negotiate": it cannot be disabled there).
     */
    public boolean honoursRequireSecureNegotiate() { return (flags & Flags.SWITCH) != 0; }

    /** True when Get-/Set-SmbClientConfiguration and -SmbServerConfiguration exist (Windows 8 / 2012 and later). */
    public boolean hasSmbCmdlets() { return (flags & Flags.CMDLETS) != 0; }

    /** True when this release requires signing for outbound SMB by default (Windows 11 24H2, Server 2025 and later). */
    public boolean requiresClientSigningByDefault() { return (flags & Flags.SIGNS_OUT) != 0; }

    /**
     * Inbound signing requirement by default. Windows 11 24H2 requires it, Server 2025 does not (except on
     * domain controllers, which always have): for the shared build 26100 the answer is "it depends", so this
     * returns null there; Boolean.FALSE for earlier releases (domain controllers aside).
     */
    public Boolean requiresServerSigningByDefault() {
        return switch (this) {
            case WINDOWS_11_24H2_SERVER_2025, WINDOWS_11_25H2_OR_LATER, NON_WINDOWS, UNKNOWN -> null;
            default -> Boolean.FALSE;
        };
    }

    /** What the build number cannot tell, or "" when it identifies the product family unambiguously. */
    public String ambiguity() {
        return switch (this) {
            case WINDOWS_10_1607_SERVER_2016 -> "Build 14393 is shared by Windows 10 1607 (LTSB 2016) and Windows Server 2016; "
                    + "both behave the same for validate negotiate.";
            case WINDOWS_10_1809_SERVER_2019 -> "Build 17763 is shared by Windows 10 1809 (LTSC 2019) and Windows Server 2019; "
                    + "both behave the same for validate negotiate.";
            case WINDOWS_11_24H2_SERVER_2025 -> "Build 26100 is shared by Windows 11 24H2 and Windows Server 2025: the NTLMSSP "
                    + "Version cannot tell a client release from a server release. Both require signing on outbound SMB "
                    + "by default; only Windows 11 24H2 also requires it on inbound SMB (Server 2025 only on domain controllers).";
            case WINDOWS_11_25H2_OR_LATER -> "Builds after 26100 are Windows 11 25H2 or later, or a newer Windows Server; "
                    + "the build alone does not say which.";
            case WINDOWS_7_2008R2 -> "Build 7600/7601 is shared by Windows 7 and Windows Server 2008 R2.";
            case WINDOWS_8_2012 -> "Build 9200 is shared by Windows 8 and Windows Server 2012.";
            case WINDOWS_81_2012R2 -> "Build 9600 is shared by Windows 8.1 and Windows Server 2012 R2.";
            default -> "";
        };
    }

    /** The releases a user can pick when the capture does not say (everything but UNKNOWN). */
    public static WindowsVersion[] choosable() {
        WindowsVersion[] all = values();
        WindowsVersion[] out = new WindowsVersion[all.length - 1];
        int i = 0;
        for (WindowsVersion v : all) {
            if (v != UNKNOWN) {
                out[i++] = v;
            }
        }
        return out;
    }
}
