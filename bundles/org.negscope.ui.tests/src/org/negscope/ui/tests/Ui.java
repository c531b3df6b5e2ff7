package org.negscope.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/**
 * Runs test code on the SWT UI thread. Inside the workbench (Tycho's UI harness, tests on their own
 * thread) that is the workbench's display via syncExec; without a workbench the test thread creates the
 * Display itself and pumps its events while waiting.
 */
public final class Ui {
    private Ui() {}

    private static Display own;

    public static boolean inWorkbench() {
        return PlatformUI.isWorkbenchRunning();
    }

    public static Display display() {
        if (inWorkbench()) {
            return PlatformUI.getWorkbench().getDisplay();
        }
        if (own == null || own.isDisposed()) {
            own = Display.getCurrent() != null ? Display.getCurrent() : new Display();
        }
        return own;
    }

    public static <T> T call(Callable<T> code) {
        Display d = display();
        if (d.getThread() == Thread.currentThread()) {
            try {
                return code.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        d.syncExec(() -> {
            try {
                result.set(code.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return result.get();
    }

    public static void run(Runnable code) {
        call(() -> {
            code.run();
            return null;
        });
    }

    /** Waits (processing UI events) until {@code condition}, evaluated on the UI thread, holds; fails after {@code seconds}. */
    public static void waitUntil(String what, int seconds, BooleanSupplier condition) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Display d = display();
        boolean onUiThread = d.getThread() == Thread.currentThread();
        while (true) {
            if (onUiThread) {
                while (d.readAndDispatch()) {
                    // drain pending events and asyncExecs
                }
            }
            if (call(condition::getAsBoolean)) {
                return;
            }
            if (System.nanoTime() > end) {
                fail("timed out after " + seconds + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
