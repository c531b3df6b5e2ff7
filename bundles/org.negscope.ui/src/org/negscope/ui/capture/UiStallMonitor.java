package org.negscope.ui.capture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.swt.widgets.Display;

/**
 * Measures how long the UI thread keeps the user waiting: a daemon thread posts an empty asyncExec every 20 ms and
 * times how long it takes to run (the UI thread's busy stretch in front of it). The benchmark
 * (releng/bench/workbench-bench.sh) reads the longest one from the log; nothing in the product depends on it.
 */
final class UiStallMonitor {
    private final Display display;
    private volatile boolean stopped;
    private volatile long longestNanos;

    private UiStallMonitor(Display display) {
        this.display = display;
    }

    static UiStallMonitor start(Display display) {
        UiStallMonitor m = new UiStallMonitor(display);
        Thread t = new Thread(m::run, "NegScope UI stall monitor");
        t.setDaemon(true);
        t.start();
        return m;
    }

    private void run() {
        while (!stopped && !display.isDisposed()) {
            CountDownLatch ran = new CountDownLatch(1);
            long posted = System.nanoTime();
            try {
                display.asyncExec(ran::countDown);
                while (!ran.await(100, TimeUnit.MILLISECONDS)) {
                    if (stopped || display.isDisposed()) {
                        return;
                    }
                }
                longestNanos = Math.max(longestNanos, System.nanoTime() - posted);
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (org.eclipse.swt.SWTException e) {
                return; // display disposed meanwhile
            }
        }
    }

    /** The longest wait so far, in milliseconds. */
    long longestMillis() { return longestNanos / 1_000_000; }

    /** Starts a new measurement. */
    void reset() { longestNanos = 0; }

    void stop() { stopped = true; }
}
