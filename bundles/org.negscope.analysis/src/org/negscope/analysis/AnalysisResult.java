package org.negscope.analysis;

import java.util.List;

/** Everything `negscope analyze` reports: the inputs and one ConnectionReport per SMB2 TCP connection. */
public record AnalysisResult(List<CaptureReport> captures, List<ConnectionReport> connections) {
    /** Exit-code rule of docs/cli.md (2 is decided by the caller when an input could not be read at all). */
    public boolean anyFatal() { return ReportList.anyFatal(connections); }
}
