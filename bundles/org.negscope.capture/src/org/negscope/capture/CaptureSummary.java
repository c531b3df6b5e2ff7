package org.negscope.capture;

import java.util.List;

/**
 * What reading a capture produced, beyond the streams.
 *
 * @param path             the file as given (for a capture set: the set's name)
 * @param format           "pcap", "pcapng", "netmon", "etl", "matp" (".gz" appended when the file was
 *                         gzip-compressed), "live", or "set" for several files read as one
 * @param frames           packet records read, numbered as Wireshark / NetMon / pktmon number them (a
 *                         truncated last record is not counted)
 * @param bytes            bytes of capture data read (after decompression)
 * @param warnings         damage found, in file order, capped (the last one then says how many were left out)
 * @param canceled         true when {@link Progress#isCanceled()} stopped the read early
 * @param duplicates       copies of a packet set aside because the capture tool logged the same packet once
 *                         per network-stack component (pktmon); they keep their frame numbers but are not analysed
 * @param nonPacketRecords records counted as frames that hold no packet (NetMon's ETW NetEvent records), not analysed
 * @param members          the files of a capture set in the order read, with the set-wide number of each one's
 *                         first frame; empty for a single file
 */
public record CaptureSummary(String path, String format, long frames, long bytes, List<CaptureWarning> warnings,
                             boolean canceled, long duplicates, long nonPacketRecords, List<Member> members) {

    /** The summary of a single file (no duplicates, no non-packet records, not a set). */
    public CaptureSummary(String path, String format, long frames, long bytes, List<CaptureWarning> warnings, boolean canceled) {
        this(path, format, frames, bytes, warnings, canceled, 0, 0, List.of());
    }

    /**
     * One file of a capture set.
     *
     * @param path       the file as given
     * @param format     as {@link CaptureSummary#format()}
     * @param frames     frames of this file
     * @param firstFrame the set-wide number of this file's first frame (1 for the first member)
     */
    public record Member(String path, String format, long frames, long firstFrame) {}
}
