package org.negscope.analysis;

import java.util.List;
import org.negscope.capture.CaptureWarning;

/** One input file as reported in JSON "captures". */
public record CaptureReport(String path, String format, long frames, List<CaptureWarning> warnings) {}
