package org.negscope.analysis;

import java.util.List;

/**
 * The outcome of matching a client-side and a server-side capture ({@link TwoPointMatcher}): the connections seen
 * at both points, and those seen at one point only.
 */
public record TwoPointResult(List<ConnectionPair> pairs, List<ConnectionReport> unmatchedClientSide,
                             List<ConnectionReport> unmatchedServerSide) {
    public TwoPointResult {
        pairs = List.copyOf(pairs);
        unmatchedClientSide = List.copyOf(unmatchedClientSide);
        unmatchedServerSide = List.copyOf(unmatchedServerSide);
    }

    /** True when the path changed something in any matched connection. */
    public boolean anyChange() { return pairs.stream().anyMatch(ConnectionPair::changed); }
}
