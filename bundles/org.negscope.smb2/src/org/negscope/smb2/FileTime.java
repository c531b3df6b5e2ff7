package org.negscope.smb2;

import java.time.Instant;

/** Windows FILETIME (100 ns ticks since 1601-01-01 UTC), as in SystemTime, ServerStartTime, MsvAvTimestamp. */
public final class FileTime {
    private FileTime() {}

    private static final long EPOCH_DIFF_SECONDS = 11_644_473_600L;

    /** null for 0 ("no time specified"). */
    public static Instant toInstant(long fileTime) {
        if (fileTime == 0) {
            return null;
        }
        long secs = Long.divideUnsigned(fileTime, 10_000_000L) - EPOCH_DIFF_SECONDS;
        long nanos = Long.remainderUnsigned(fileTime, 10_000_000L) * 100;
        return Instant.ofEpochSecond(secs, nanos);
    }

    public static long fromInstant(Instant t) {
        return (t.getEpochSecond() + EPOCH_DIFF_SECONDS) * 10_000_000L + t.getNano() / 100;
    }

    static String show(long fileTime) {
        Instant i = toInstant(fileTime);
        return i == null ? "0 (no time specified)" : i.toString();
    }
}
