package org.negscope.smb2;

/**
 * NTLMSSP VERSION (MS-NLMP 2.2.2.10): ProductMajorVersion, ProductMinorVersion, ProductBuild, Reserved (3),
 * NTLMRevisionCurrent (0x0F). Windows fills in its own version, which is how a capture tells which
 * Windows the client or server runs (the advice differs: RequireSecureNegotiate can only be turned off
 * before Windows 10). Other implementations (Samba, macOS) put arbitrary values here.
 */
public record NtlmVersion(int major, int minor, int build, int ntlmRevision) {
    public static final int NTLMSSP_REVISION_W2K3 = 0x0F;

    static NtlmVersion read(MessageReader r, int off) {
        r.open("Version", off, "");
        int major = r.u8(off, "ProductMajorVersion");
        int minor = r.u8(off + 1, "ProductMinorVersion");
        int build = r.u16(off + 2, "ProductBuild", MessageReader.DEC);
        r.need(off + 4, 3, "Reserved");
        r.field("Reserved", off + 4, 3, "");
        int rev = r.u8(off + 7, "NTLMRevisionCurrent", MessageReader.HEX2);
        NtlmVersion v = new NtlmVersion(major, minor, build, rev);
        if (r.recording()) {
            r.value(v + " — " + v.windowsName());
        }
        r.close(off + 8);
        return v;
    }

    void write(LeWriter w) {
        w.u8(major).u8(minor).u16(build).zeros(3).u8(ntlmRevision);
    }

    /**
     * A friendly name: 10.0 builds → "Windows 10 / Server 2016 or later (build 19041)"; 6.3 → "Windows 8.1 /
     * Server 2012 R2"; 6.2 → "Windows 8 / Server 2012"; 6.1 → "Windows 7 / Server 2008 R2"; others "Windows
     * major.minor (build n)". Builds are not mapped further on purpose: client and server editions share them.
     */
    public String windowsName() {
        String base = switch (major * 100 + minor) {
            case 1000 -> "Windows 10 / Server 2016 or later";
            case 603 -> "Windows 8.1 / Server 2012 R2";
            case 602 -> "Windows 8 / Server 2012";
            case 601 -> "Windows 7 / Server 2008 R2";
            case 600 -> "Windows Vista / Server 2008";
            case 502 -> "Windows XP x64 / Server 2003";
            case 501 -> "Windows XP";
            default -> "Windows " + major + "." + minor;
        };
        return base + " (build " + build + ")";
    }

    /** True for 10.0 and later, where RequireSecureNegotiate cannot be disabled. */
    public boolean isWindows10OrLater() {
        return major >= 10;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build;
    }
}
