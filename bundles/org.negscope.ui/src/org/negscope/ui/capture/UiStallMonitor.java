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
    private volatile String longestWhere = "", longestOursWhere = "";
    private volatile long longestOursNanos;

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
                StackTraceElement[] busy = null, oursSeen = null;
                while (!ran.await(50, TimeUnit.MILLISECONDS)) {
                    if (stopped || display.isDisposed()) {
                        return;
                    }
                    busy = display.getThread().getStackTrace(); // what keeps the UI thread: the last look before it answers
                    oursSeen = ours(busy) ? busy : oursSeen;
                }
                long took = System.nanoTime() - posted;
                if (took > longestNanos) {
                    longestNanos = took;
                    longestWhere = busy == null ? "" : where(busy);
                }
                if (oursSeen != null && took > longestOursNanos) {
                    longestOursNanos = took;
                    longestOursWhere = where(oursSeen);
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (org.eclipse.swt.SWTException e) {
                return; // display disposed meanwhile
            }
        }
    }

    /**
     * Whether NegScope's own code runs on the UI thread (a frame of org.negscope above the application's event loop):
     * a stall without such a frame is the toolkit's own work (painting, the workbench starting), which the benchmark
     * reports apart.
     */
    private static boolean ours(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (c.startsWith("org.negscope") && !c.equals("org.negscope.ui.Application")) {
                return true;
            }
        }
        return false;
    }

    /** The longest wait during which NegScope's own code was seen on the UI thread, in milliseconds (0: none seen). */
    long longestOursMillis() { return longestOursNanos / 1_000_000; }

    /** Where NegScope's code was during that wait. */
    String longestOursWhere() { return longestOursWhere; }

    /** The UI thread's own frames (NegScope's, then the first others) seen during the longest wait, "" when it was short. */
    private static String where(StackTraceElement[] stack) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (StackTraceElement e : stack) {
            if (shown < 14 && (e.getClassName().startsWith("org.negscope") || shown < 10)) {
                b.append(shown == 0 ? "" : " < ").append(e.getClassName().replaceFirst(".*\\.", "")).append('.').append(e.getMethodName());
                shown++;
            }
        }
        return b.toString();
    }

    /** Where the UI thread was during the longest wait (its stack when last looked at), "" when never seen busy. */
    String longestWhere() { return longestWhere; }

    /** The longest wait so far, in milliseconds. */
    long longestMillis() { return longestNanos / 1_000_000; }

    /** Starts a new measurement. */
    void reset() {
        longestNanos = 0;
        longestWhere = "";
        longestOursNanos = 0;
        longestOursWhere = "";
    }

    void stop() { stopped = true; }
}
