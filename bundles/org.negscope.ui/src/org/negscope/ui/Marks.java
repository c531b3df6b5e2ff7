package org.negscope.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/**
 * Colours, fonts and the "differs" marker one composite uses, created for its display and disposed with
 * it. The marker is drawn here rather than loaded from a file, so the composites work the same in the
 * workbench and in a bare Display/Shell test.
 */
public final class Marks {
    public final Color differBackground;
    public final Color fatalForeground;
    public final Font bold;
    public final Font headline;
    public final Image differs;
    public final Image fatal;

    public Marks(Control owner) {
        Display d = owner.getDisplay();
        differBackground = new Color(d, 255, 222, 210);
        fatalForeground = new Color(d, 170, 20, 20);
        bold = derive(owner.getFont(), SWT.BOLD, 0);
        headline = derive(owner.getFont(), SWT.BOLD, 2);
        differs = notEqualSign(d, new RGB(200, 40, 20));
        fatal = exclamation(d, new RGB(200, 40, 20));
        owner.addDisposeListener(e -> {
            differs.dispose();
            fatal.dispose();
            bold.dispose();
            headline.dispose();
            // Colors hold no OS resources since SWT 3.119, but disposing is harmless and explicit.
            differBackground.dispose();
            fatalForeground.dispose();
        });
    }

    private static Font derive(Font base, int style, int grow) {
        FontData[] data = base.getFontData();
        for (FontData fd : data) {
            fd.setStyle(fd.getStyle() | style);
            fd.setHeight(fd.getHeight() + grow);
        }
        return new Font(base.getDevice(), data);
    }

    /** 16x16: a filled red disc with a white "≠". */
    private static Image notEqualSign(Display d, RGB rgb) {
        Image img = transparentImage(d);
        GC gc = new GC(img);
        try {
            gc.setAntialias(SWT.ON);
            Color c = new Color(d, rgb);
            gc.setBackground(c);
            gc.fillOval(0, 0, 16, 16);
            gc.setForeground(d.getSystemColor(SWT.COLOR_WHITE));
            gc.setLineWidth(2);
            gc.drawLine(4, 6, 12, 6);
            gc.drawLine(4, 10, 12, 10);
            gc.drawLine(10, 3, 6, 13);
            c.dispose();
        } finally {
            gc.dispose();
        }
        return img;
    }

    /** 16x16: a filled red disc with a white "!". */
    private static Image exclamation(Display d, RGB rgb) {
        Image img = transparentImage(d);
        GC gc = new GC(img);
        try {
            gc.setAntialias(SWT.ON);
            Color c = new Color(d, rgb);
            gc.setBackground(c);
            gc.fillOval(0, 0, 16, 16);
            gc.setBackground(d.getSystemColor(SWT.COLOR_WHITE));
            gc.fillRectangle(7, 3, 2, 7);
            gc.fillRectangle(7, 11, 2, 2);
            c.dispose();
        } finally {
            gc.dispose();
        }
        return img;
    }

    private static Image transparentImage(Display d) {
        ImageData data = new ImageData(16, 16, 32, new org.eclipse.swt.graphics.PaletteData(0xff0000, 0xff00, 0xff));
        data.alphaData = new byte[16 * 16]; // fully transparent until drawn on
        Image img = new Image(d, data);
        return img;
    }
}
