package org.negscope.live;

import java.io.File;

/**
 * Npcap installs wpcap.dll into %SystemRoot%\System32\Npcap, which is not on the DLL search path unless
 * its "WinPcap API-compatible Mode" was chosen: tell JNA (through which pcap4j loads it) to look there too.
 * Elsewhere nothing to do: on Linux JNA finds the versioned libpcap.so.0.8 of Debian's libpcap0.8 without
 * the -dev package's libpcap.so link, and org.pcap4j.core.pcapLibName still overrides the name.
 */
final class NpcapPath {
    private static final String JNA_PATH = "jna.library.path";

    private NpcapPath() {}

    static synchronized void prepare(String os) {
        if (!LiveErrors.windows(os)) return;
        String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
        String npcap = root + "\\System32\\Npcap";
        String path = System.getProperty(JNA_PATH, "");
        if (!path.contains(npcap)) {
            System.setProperty(JNA_PATH, path.isEmpty() ? npcap : path + File.pathSeparator + npcap);
        }
    }
}
