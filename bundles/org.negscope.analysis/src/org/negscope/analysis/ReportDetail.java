package org.negscope.analysis;

/**
 * How much of each connection's report an analysis keeps (releng/bench/README.md: memory independent of the capture's size).
 */
public enum ReportDetail {
    /**
     * Everything: the decoded NEGOTIATE and VALIDATE messages behind the side-by-side view, every VALIDATE exchange
     * and the timeline; every report stays in memory. The HTML and text reports, {@code --timeline} and
     * {@code compare} need this.
     */
    FULL,
    /**
     * What {@code negscope analyze} prints (verdict, fields, frames, evidence, signature checks): no decoded
     * messages, no timeline. A connection that has ended (FIN both ways or RST) is judged once
     * {@link CaptureAnalyzer#ENDED_GRACE_NANOS} of capture time have passed after its end, and its report is
     * kept packed (about a kilobyte) until the output is written; its streaming state is dropped at once.
     * The workbench analyses this way too: its listener gets each connection's full final report when it is judged and
     * keeps only a bounded number of them; the others are read again when selected ({@link ConnectionReread},
     * docs/architecture.md "Memory").
     */
    COMPACT
}
