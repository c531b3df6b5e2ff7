package org.negscope.smb2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Real messages from the external captures, decoded once per file by {@link Smb2StreamDecoder}. */
final class Real {
    private Real() {}

    static final String WIN10_WS2019 = "msod-fasod-ex1-win10-ws2019-workgroup.pcapng";
    static final String WIN10_WS2019_DOMAIN = "msod-fasod-ex2-win10-ws2019-domain.pcapng";
    static final String ZEEK_CONTEXTS = "zeek-smb3_negotiate_context.pcap";
    static final String ZEEK_SMB3 = "zeek-smb3.pcap";
    static final String ZEEK_SMB311 = "zeek-smb311.pcap";
    static final String ZEEK_IOCTL = "zeek-smb2-zero-byte-error-ioctl.pcapng";

    private static final Map<String, Collector> CACHE = new HashMap<>();

    static synchronized Collector decoded(String file) {
        return CACHE.computeIfAbsent(file, f -> {
            try {
                return TestPcap.decodeAll(TestData.external(f), 1 << 20);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Smb2Message message(String file, long frame, int command, boolean response) {
        return decoded(file).at(frame, command, response);
    }
}
