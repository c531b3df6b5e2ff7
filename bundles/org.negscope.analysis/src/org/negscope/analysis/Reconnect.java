package org.negscope.analysis;

/**
 * What the capture shows about other connections between the same two hosts (same client address, same server
 * address and port): whether the client came back after this connection ended, with which dialect and how soon,
 * how many such connections there are, and whether they form a reconnect storm (a client that is dropped after
 * VALIDATE and tries again and again).
 *
 * @param sameHosts     connections between these hosts in the capture, this one included
 * @param position      1-based position of this connection among them, by start time
 * @param concurrent    others that were open at the same time (multichannel, or parallel connections)
 * @param reconnected   a later connection between the same hosts started after this one ended
 * @param nextClient    its client address ("10.0.0.2:50433"), null when none
 * @param nextFirstFrame its first frame, 0 when none
 * @param nextDialect   its dialect, null when none or not negotiated
 * @param nextVerdict   its verdict, null when none
 * @param delayNanos    from this connection's end (FIN/RST, else last frame) to the next one's first frame; -1 when none
 * @param closeSeen     this connection's end is a FIN or RST in the capture (false: "ended" means its last captured frame)
 * @param storm         length of the run of quick reconnects (each within {@link #STORM_WINDOW_NANOS} of the previous
 *                      connection's end) this connection belongs to; {@link #isStorm()} from {@link #STORM_MIN} on
 */
public record Reconnect(int sameHosts, int position, int concurrent, boolean reconnected, String nextClient, long nextFirstFrame,
                        String nextDialect, Verdict nextVerdict, long delayNanos, int storm, boolean closeSeen) {
    /** A reconnect counts towards a storm when it starts within this time after the previous connection ended. */
    public static final long STORM_WINDOW_NANOS = 10_000_000_000L;
    /** Connections in a run of quick reconnects from which it is called a storm. */
    public static final int STORM_MIN = 3;

    /** A connection alone between its hosts. */
    public static final Reconnect NONE = new Reconnect(1, 1, 0, false, null, 0, null, null, -1, 1, true);

    public boolean isStorm() { return storm >= STORM_MIN; }

    /** One or two sentences, e.g. "The client reconnected 12 ms later (frame 30, 10.0.0.2:50433, dialect 3.0.2, VALIDATED)." */
    public String text(String clientHost) {
        StringBuilder b = new StringBuilder();
        if (reconnected && !closeSeen) {
            // No FIN or RST of this connection is in the capture: never say it "ended" (its terminatedBy is none).
            b.append("The client opened another connection ").append(FieldFormat.duration(delayNanos))
                    .append(" after this one's last captured frame (frame ")
                    .append(nextFirstFrame).append(", ").append(nextClient).append(nextDialect != null ? ", dialect " + nextDialect : ", no dialect")
                    .append(nextVerdict != null ? ", " + nextVerdict : "")
                    .append("); the capture shows no FIN or RST of this one, so it may still have been open.");
        } else if (reconnected) {
            b.append("The client reconnected ").append(FieldFormat.duration(delayNanos)).append(" after this connection ended (frame ")
                    .append(nextFirstFrame).append(", ").append(nextClient).append(nextDialect != null ? ", dialect " + nextDialect : ", no dialect")
                    .append(nextVerdict != null ? ", " + nextVerdict : "").append(").");
        } else if (sameHosts > 1) {
            b.append("No later connection from ").append(clientHost).append(" to this server after this one ")
                    .append(closeSeen ? "ended." : "(its last captured frame; no FIN or RST).");
        } else {
            b.append("The capture has no other connection between these hosts.");
        }
        if (sameHosts > 1) {
            b.append(' ').append(sameHosts).append(" connections between these hosts in the capture (this is number ").append(position);
            if (concurrent > 0) {
                b.append("; ").append(concurrent).append(concurrent == 1 ? " other was" : " others were")
                        .append(" open at the same time: parallel connections or multichannel");
            }
            b.append(").");
        }
        if (isStorm()) {
            b.append(" Reconnect storm: ").append(storm).append(" connections in a row, each started within ")
                    .append(STORM_WINDOW_NANOS / 1_000_000_000L).append(" s after the previous one ended.");
        }
        return b.toString();
    }
}
