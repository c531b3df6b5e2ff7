package org.negscope.ui.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;

/**
 * Pictures of the workbench for the documentation, taken by the workbench tests after they have driven the UI to a
 * state worth showing (a probe against real Samba, the Fix tab, a two-point comparison). Only when the environment
 * variable NEGSCOPE_SCREENSHOTS names a directory; otherwise nothing is written.
 */
public final class Screenshots {
    private Screenshots() {}

    /** Saves the window as NAME.png in $NEGSCOPE_SCREENSHOTS (call on the UI thread); returns the file or null. */
    public static Path take(Shell shell, String name) {
        String dir = System.getenv("NEGSCOPE_SCREENSHOTS");
        if (dir == null || dir.isEmpty()) {
            return null;
        }
        // Let the layout settle and everything paint before the copy.
        for (int i = 0; i < 50 && shell.getDisplay().readAndDispatch(); i++) {
            // drain
        }
        shell.update();
        Rectangle b = shell.getBounds();
        Image image = new Image(shell.getDisplay(), b.width, b.height);
        GC gc = new GC(shell.getDisplay());
        try {
            gc.copyArea(image, b.x, b.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
            Path out = Path.of(dir).resolve(name + ".png");
            Files.createDirectories(out.getParent());
            loader.save(out.toString(), SWT.IMAGE_PNG);
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write the screenshot " + name + ": " + e.getMessage(), e);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
