package org.negscope.analysis;

import java.util.List;
import org.negscope.capture.CaptureSummary;
import org.negscope.capture.CaptureWarning;

/**
 * One input as reported in JSON "captures": a file, or a capture set read as one (format "set").
 *
 * @param duplicates       packet copies set aside (pktmon logs a packet once per component); 0 for most files
 * @param nonPacketRecords records counted as frames that hold no packet (NetMon's ETW NetEvent records)
 * @param members          a capture set's files in the order read, each with the set-wide number of its first frame;
 *                         empty for a single file
 */
public record CaptureReport(String path, String format, long frames, List<CaptureWarning> warnings, long duplicates,
                            long nonPacketRecords, List<CaptureSummary.Member> members) {

    /** A single file without duplicates or non-packet records. */
    public CaptureReport(String path, String format, long frames, List<CaptureWarning> warnings) {
        this(path, format, frames, warnings, 0, 0, List.of());
    }

    /** True for a capture set (several files read as one). */
    public boolean isSet() {
        return !members.isEmpty();
    }

    /**
     * Where a set-wide frame number lies: "file B.pcap, frame 34" (the member's file name and its own frame number);
     * null for a single file or a frame outside every member.
     */
    public String locate(long frame) {
        if (frame <= 0) {
            return null;
        }
        for (CaptureSummary.Member m : members) {
            long own = m.locate(frame);
            if (own > 0) {
                String p = m.path();
                String name = p.substring(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
                return "file " + (name.isEmpty() ? p : name) + ", frame " + own;
            }
        }
        return null;
    }
}
