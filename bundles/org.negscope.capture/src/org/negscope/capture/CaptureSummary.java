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
     * @param runs       empty when this file's frames have the consecutive set-wide numbers firstFrame,
     *                   firstFrame + 1, ...; for a file whose frames were merged by time with another file's (their times
     *                   overlap), the runs of consecutive numbers its frames got, in order (possibly only the first ones:
     *                   see {@link #locate})
     */
    public record Member(String path, String format, long frames, long firstFrame, List<Run> runs) {
        public Member(String path, String format, long frames, long firstFrame) {
            this(path, format, frames, firstFrame, List.of());
        }

        /**
         * This file's own number (1-based) of set-wide frame {@code frame}, or 0 when the frame is not this file's (or
         * lies beyond the runs kept).
         */
        public long locate(long frame) {
            if (runs.isEmpty()) {
                return frame >= firstFrame && frame < firstFrame + frames ? frame - firstFrame + 1 : 0;
            }
            int lo = 0, hi = runs.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                Run r = runs.get(mid);
                if (frame < r.setFrame()) hi = mid - 1;
                else if (frame >= r.setFrame() + r.count()) lo = mid + 1;
                else return r.ownFrame() + (frame - r.setFrame());
            }
            return 0;
        }
    }

    /** Set-wide frames {@code setFrame .. setFrame + count - 1} are a file's frames {@code ownFrame ..}. */
    public record Run(long setFrame, long ownFrame, long count) {}
}
