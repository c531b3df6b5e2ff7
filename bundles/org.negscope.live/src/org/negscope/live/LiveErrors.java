package org.negscope.live;

import java.util.Locale;

/**
 * Turns what libpcap, JNA and pcap4j throw into messages that tell the user what to do. libpcap's own
 * texts differ by platform and version ("You don't have permission to capture on that device",
 * "socket: Operation not permitted", Npcap's "Error opening adapter: Access is denied"), so the tests here
 * look for the common words rather than one exact sentence.
 */
final class LiveErrors {
    private LiveErrors() {}

    static String os() { return System.getProperty("os.name", "").toLowerCase(Locale.ROOT); }

    static boolean windows(String os) { return os.startsWith("windows"); }

    static boolean mac(String os) { return os.startsWith("mac") || os.startsWith("darwin"); }

    /** How to get capture rights on this operating system. */
    static String rightsAdvice(String os) {
        if (windows(os)) {
            return "run NegScope as Administrator, or reinstall Npcap without \"Restrict Npcap driver's access to Administrators only\"";
        }
        if (mac(os)) {
            return "run as root (sudo), or give your user read access to /dev/bpf* (Wireshark's ChmodBPF does this)";
        }
        return "run as root, or grant the Java binary the capture capabilities: "
                + "sudo setcap cap_net_raw,cap_net_admin=eip \"$(readlink -f \"$(command -v java)\")\"";
    }

    /** What to install to get libpcap/Npcap on this operating system. */
    static String libraryAdvice(String os) {
        if (windows(os)) {
            return "install Npcap (npcap.com) with \"WinPcap API-compatible Mode\" ticked";
        }
        if (mac(os)) {
            return "libpcap is part of macOS; check that /usr/lib/libpcap.dylib is present";
        }
        return "install libpcap: Debian/Ubuntu `apt-get install libpcap0.8`, Fedora/RHEL `dnf install libpcap`";
    }

    static boolean isPermissionProblem(String message) {
        if (message == null) return false;
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("permission") || m.contains("not permitted") || m.contains("access is denied")
                || m.contains("access denied") || m.contains("eperm");
    }

    static boolean isNoSuchDevice(String message) {
        if (message == null) return false;
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("no such device") || m.contains("doesn't exist") || m.contains("no such interface");
    }

    /** A libpcap error on opening {@code iface} (PcapNativeException text). */
    static LiveException opening(String iface, String message, Throwable cause, String os) {
        if (isPermissionProblem(message)) {
            return new LiveException(LiveException.Kind.NO_RIGHTS, "no capture rights on " + iface + " (" + message.trim()
                    + "): " + rightsAdvice(os), cause);
        }
        if (isNoSuchDevice(message)) {
            return new LiveException(LiveException.Kind.NO_SUCH_INTERFACE, "no interface named " + iface + " (" + message.trim()
                    + "); `negscope capture --list` shows the interfaces", cause);
        }
        return new LiveException(LiveException.Kind.CAPTURE, "cannot capture on " + iface + ": " + message, cause);
    }

    /**
     * libpcap/Npcap could not be loaded (JNA's UnsatisfiedLinkError, then NoClassDefFoundError "Could not
     * initialize class NativeMappings" on every later use), or pcap4j/JNA themselves are missing.
     */
    static LiveException library(Throwable t, String os) {
        String what = String.valueOf(t.getMessage());
        if (t instanceof NoClassDefFoundError && (what.contains("org/pcap4j") && !what.contains("NativeMappings")
                || what.contains("com/sun/jna"))) {
            return new LiveException(LiveException.Kind.NO_LIBRARY, "live capture is not installed completely (" + what
                    + " is missing): the product needs the pcap4j and JNA bundles", t);
        }
        return new LiveException(LiveException.Kind.NO_LIBRARY, (windows(os) ? "Npcap" : "libpcap")
                + " is not available (" + firstLine(what) + "): " + libraryAdvice(os), t);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
