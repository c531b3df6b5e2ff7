package org.negscope.capture;

/** Progress and cancellation for long reads, plain Java so the headless CLI and Eclipse Jobs share it. */
public interface Progress {
    /** Called now and then (not per packet) with bytes consumed from the file so far and the file size. */
    default void worked(long bytesRead, long totalBytes) {}
    /** Polled now and then; when true the reader stops early and returns what it has. */
    default boolean isCanceled() { return false; }

    Progress NONE = new Progress() {};
}
