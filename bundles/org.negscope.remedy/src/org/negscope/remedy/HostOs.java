package org.negscope.remedy;

import java.util.Objects;
import org.negscope.smb2.NtlmVersion;

/**
 * The operating system of one SMB peer as far as NegScope knows it, and how it knows.
 * <p>
 * The client's NTLMSSP NEGOTIATE / AUTHENTICATE messages and the server's CHALLENGE carry a VERSION
 * structure (MS-NLMP 2.2.2.10) when the NTLMSSP_NEGOTIATE_VERSION flag is set; Windows fills it with the
 * real product version and build. Samba fills it with 6.1 and build 0 (a build no Windows ever had), which
 * is why build 0 is read as "not Windows" rather than as Windows 7. Kerberos sessions carry no version.
 *
 * @param version what the remedy decides on
 * @param major   ProductMajorVersion, -1 when not from NTLMSSP
 * @param minor   ProductMinorVersion, -1 when not from NTLMSSP
 * @param build   ProductBuild, -1 when not from NTLMSSP
 * @param source  where the knowledge comes from
 * @param product human name of the product, as precise as the evidence allows
 * @param note    caveat for the reader ("" when none)
 */
public record HostOs(WindowsVersion version, int major, int minor, int build, Source source, String product, String note) {

    public enum Source {
        /** Inferred from an NTLMSSP VERSION structure in the capture. */
        NTLMSSP,
        /** Chosen by the user. */
        USER,
        /** Nothing known. */
        NONE
    }

    public HostOs {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
        product = product == null ? version.displayName() : product;
        note = note == null ? "" : note;
    }

    public static HostOs unknown() {
        return new HostOs(WindowsVersion.UNKNOWN, -1, -1, -1, Source.NONE, "unknown operating system",
                "No NTLMSSP Version in the capture (Kerberos, or the client left it out) and none chosen.");
    }

    /** The user says which release it is. */
    public static HostOs chosen(WindowsVersion version) {
        return new HostOs(version, -1, -1, -1, Source.USER, version.displayName(), version.ambiguity());
    }

    /** The user says it is not Windows, e.g. "Samba smbclient 4.17", "Linux cifs", "macOS". */
    public static HostOs nonWindows(String product) {
        return new HostOs(WindowsVersion.NON_WINDOWS, -1, -1, -1, Source.USER,
                product == null || product.isBlank() ? "not Windows" : product, "");
    }

    /** Infers the release from a decoded NTLMSSP VERSION; {@link #unknown()} for null (no Version in the capture). */
    public static HostOs fromNtlmssp(NtlmVersion version) {
        return version == null ? unknown() : fromNtlmssp(version.major(), version.minor(), version.build());
    }

    /** Infers the release from an NTLMSSP VERSION structure (MS-NLMP 2.2.2.10). */
    public static HostOs fromNtlmssp(int major, int minor, int build) {
        // concatenation, not String.format: no Formatter per connection, and ASCII digits whatever the locale
        String seen = "NTLMSSP Version " + major + "." + minor + " build " + build;
        if (build == 0 && major == 6 && minor == 1) {
            return new HostOs(WindowsVersion.NON_WINDOWS, major, minor, build, Source.NTLMSSP, "probably Samba",
                    seen + " is what Samba sends (no Windows release has build 0); treated as not Windows.");
        }
        if (build == 0) {
            return new HostOs(WindowsVersion.UNKNOWN, major, minor, build, Source.NTLMSSP, "unknown operating system",
                    seen + ": build 0 is not a Windows build; choose the operating system by hand.");
        }
        WindowsVersion v;
        String product;
        switch (major) {
            case 5 -> {
                v = WindowsVersion.WINDOWS_XP_2003;
                product = minor == 0 ? "Windows 2000" : minor == 1 ? "Windows XP" : "Windows XP x64 / Server 2003";
            }
            case 6 -> {
                switch (minor) {
                    case 0 -> { v = WindowsVersion.WINDOWS_VISTA_2008; product = v.displayName(); }
                    case 1 -> { v = WindowsVersion.WINDOWS_7_2008R2; product = v.displayName(); }
                    case 2 -> { v = WindowsVersion.WINDOWS_8_2012; product = v.displayName(); }
                    case 3 -> { v = WindowsVersion.WINDOWS_81_2012R2; product = v.displayName(); }
                    // 6.4 was the Windows 10 Technical Preview (builds 98xx-99xx)
                    default -> { v = WindowsVersion.WINDOWS_10; product = "Windows 10 preview"; }
                }
            }
            case 10 -> {
                v = windows10Family(build);
                product = windows10Product(build, v);
            }
            default -> {
                return new HostOs(WindowsVersion.UNKNOWN, major, minor, build, Source.NTLMSSP, "unknown operating system",
                        seen + " matches no known Windows release; choose the operating system by hand.");
            }
        }
        String note = v.ambiguity();
        return new HostOs(v, major, minor, build, Source.NTLMSSP, product, note);
    }

    private static WindowsVersion windows10Family(int build) {
        if (build == 14393) return WindowsVersion.WINDOWS_10_1607_SERVER_2016;
        if (build == 17763) return WindowsVersion.WINDOWS_10_1809_SERVER_2019;
        if (build == 26100) return WindowsVersion.WINDOWS_11_24H2_SERVER_2025;
        if (build > 26100) return WindowsVersion.WINDOWS_11_25H2_OR_LATER;
        if (build == 25398) return WindowsVersion.WINDOWS_SERVER_2022; // Server 23H2 behaves like 2022 here
        if (build >= 22000) return WindowsVersion.WINDOWS_11;
        if (build >= 20348) return WindowsVersion.WINDOWS_SERVER_2022;
        return WindowsVersion.WINDOWS_10;
    }

    private static String windows10Product(int build, WindowsVersion v) {
        return switch (build) {
            case 10240 -> "Windows 10 1507";
            case 10586 -> "Windows 10 1511";
            case 14393 -> "Windows 10 1607 or Windows Server 2016";
            case 15063 -> "Windows 10 1703";
            case 16299 -> "Windows 10 1709";
            case 17134 -> "Windows 10 1803";
            case 17763 -> "Windows 10 1809 or Windows Server 2019";
            case 18362 -> "Windows 10 1903";
            case 18363 -> "Windows 10 1909";
            case 19041 -> "Windows 10 2004";
            case 19042 -> "Windows 10 20H2";
            case 19043 -> "Windows 10 21H1";
            case 19044 -> "Windows 10 21H2";
            case 19045 -> "Windows 10 22H2";
            case 20348 -> "Windows Server 2022";
            case 22000 -> "Windows 11 21H2";
            case 22621 -> "Windows 11 22H2";
            case 22631 -> "Windows 11 23H2";
            case 25398 -> "Windows Server, version 23H2";
            case 26100 -> "Windows 11 24H2 or Windows Server 2025";
            case 26200 -> "Windows 11 25H2";
            default -> v.displayName() + " (build " + build + ")";
        };
    }

    /** "Windows 8.1 / Server 2012 R2 (NTLMSSP Version 6.3 build 9600)", "Windows Server 2022 (chosen)". */
    public String describe() {
        return switch (source) {
            case NTLMSSP -> product + " (NTLMSSP Version " + major + "." + minor + " build " + build + ")";
            case USER -> product + " (chosen)";
            case NONE -> product;
        };
    }
}
