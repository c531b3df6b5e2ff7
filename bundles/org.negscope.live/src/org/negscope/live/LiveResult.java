package org.negscope.live;

import java.nio.file.Path;
import java.util.List;
import org.negscope.analysis.AnalysisResult;

/**
 * What a finished capture left.
 *
 * @param files      ring files still on disk, oldest first
 * @param deleted    ring files deleted to keep the ring bounded
 * @param frames     frames captured (written and analysed)
 * @param dropped    frames libpcap dropped (kernel buffer full), when it knows; analysis then shows gaps
 * @param stopReason why capture stopped, in words ("stopped", "duration reached", "fatal verdict: ...")
 * @param analysis   the connections and their final verdicts, as {@code negscope analyze} reports them
 */
public record LiveResult(List<Path> files, List<Path> deleted, long frames, long dropped, String stopReason,
                         AnalysisResult analysis) {}
