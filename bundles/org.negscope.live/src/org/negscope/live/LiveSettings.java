package org.negscope.live;

import java.nio.file.Path;

/**
 * What to capture and where to keep it.
 *
 * @param iface          interface name as libpcap knows it (e.g. eth0, lo, or on Windows \Device\NPF_{GUID})
 * @param filter         BPF capture filter; {@link #DEFAULT_FILTER} when blank
 * @param outDir         directory of the ring files (created when missing)
 * @param ringFiles      files kept at most; the oldest is deleted when one more is started
 * @param ringBytes      size of one ring file at most (a new file starts before it would grow beyond)
 * @param stopOnFailure  stop soon after the first fatal verdict (a connection a Windows client would drop)
 * @param durationMillis stop after this long; 0: until stopped
 */
public record LiveSettings(String iface, String filter, Path outDir, int ringFiles, long ringBytes,
                           boolean stopOnFailure, long durationMillis) {
    public static final String DEFAULT_FILTER = "tcp port 445";
    public static final int DEFAULT_RING_FILES = 10;
    public static final long DEFAULT_RING_BYTES = 100L << 20;
    /** Bytes kept of each frame: all of it (SMB messages must be whole for the analysis). */
    public static final int SNAPLEN = 262_144;

    public LiveSettings {
        if (iface == null || iface.isBlank()) throw new IllegalArgumentException("no interface given");
        if (outDir == null) throw new IllegalArgumentException("no output directory given");
        filter = filter == null || filter.isBlank() ? DEFAULT_FILTER : filter.trim();
        if (ringFiles < 1) throw new IllegalArgumentException("the ring needs at least 1 file, not " + ringFiles);
        if (ringBytes < 4096) throw new IllegalArgumentException("ring files must allow at least 4 KiB, not " + ringBytes + " bytes");
        if (durationMillis < 0) throw new IllegalArgumentException("negative duration");
    }

    /** The defaults: {@code tcp port 445}, 10 files of 100 MiB, no stop on failure, until stopped. */
    public static LiveSettings of(String iface, Path outDir) {
        return new LiveSettings(iface, DEFAULT_FILTER, outDir, DEFAULT_RING_FILES, DEFAULT_RING_BYTES, false, 0);
    }

    public LiveSettings withFilter(String f) { return new LiveSettings(iface, f, outDir, ringFiles, ringBytes, stopOnFailure, durationMillis); }
    public LiveSettings withRing(int files, long bytes) { return new LiveSettings(iface, filter, outDir, files, bytes, stopOnFailure, durationMillis); }
    public LiveSettings withStopOnFailure(boolean b) { return new LiveSettings(iface, filter, outDir, ringFiles, ringBytes, b, durationMillis); }
    public LiveSettings withDuration(long millis) { return new LiveSettings(iface, filter, outDir, ringFiles, ringBytes, stopOnFailure, millis); }
}
