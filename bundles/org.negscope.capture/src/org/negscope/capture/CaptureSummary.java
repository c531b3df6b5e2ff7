package org.negscope.capture;

import java.util.List;

/**
 * What reading a capture produced, beyond the streams.
 *
 * @param path     the file as given
 * @param format   "pcap" or "pcapng", with ".gz" appended when the file was gzip-compressed
 * @param frames   packet records read (Wireshark's frame count; a truncated last record is not counted)
 * @param bytes    bytes of capture data read (after decompression)
 * @param warnings damage found, in file order, capped (the last one then says how many were left out)
 * @param canceled true when {@link Progress#isCanceled()} stopped the read early
 */
public record CaptureSummary(String path, String format, long frames, long bytes, List<CaptureWarning> warnings, boolean canceled) {}
