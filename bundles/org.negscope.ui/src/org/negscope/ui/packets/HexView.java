package org.negscope.ui.packets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntConsumer;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;

/**
 * The bytes of one message as a hex dump ({@link HexDump}) in a read-only StyledText: the selected fields' bytes
 * highlighted (hex and ASCII columns alike), optionally some bytes marked (the two-point view marks what a
 * middlebox changed), and a click or caret move on a byte reported with its offset.
 */
public final class HexView {
    private final StyledText text;
    private final Color highlight;
    private final Color mark;
    private HexDump dump = new HexDump(new byte[0]);
    private final List<int[]> highlighted = new ArrayList<>();
    private final List<Integer> marked = new ArrayList<>();
    private IntConsumer byteListener = i -> {};
    private boolean quiet;

    public HexView(Composite parent) {
        text = new StyledText(parent, SWT.READ_ONLY | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        text.setFont(JFaceResources.getTextFont());
        text.setMargins(4, 2, 4, 2);
        highlight = new Color(text.getDisplay(), 170, 205, 255);
        mark = new Color(text.getDisplay(), 255, 190, 170);
        text.addDisposeListener(e -> {
            highlight.dispose();
            mark.dispose();
        });
        text.addCaretListener(e -> {
            if (!quiet) {
                int i = dump.byteAt(e.caretOffset);
                if (i >= 0) {
                    byteListener.accept(i);
                }
            }
        });
    }

    StyledText control() { return text; }
    HexDump dump() { return dump; }

    /** Called with the byte offset when the user clicks a byte or moves the caret onto one. */
    void onByte(IntConsumer listener) {
        this.byteListener = listener == null ? i -> {} : listener;
    }

    public void setBytes(byte[] bytes) {
        quiet = true;
        try {
            dump = new HexDump(bytes == null ? new byte[0] : bytes);
            highlighted.clear();
            marked.clear();
            text.setText(dump.text());
            restyle();
        } finally {
            quiet = false;
        }
    }

    /** Highlights these byte ranges ({offset, length} pairs) and scrolls the first into view. */
    public void highlight(List<int[]> ranges) {
        highlighted.clear();
        highlighted.addAll(ranges);
        restyle();
        if (!ranges.isEmpty() && ranges.get(0)[0] < dump.length()) {
            int line = Math.max(0, ranges.get(0)[0]) / HexDump.PER_LINE;
            int visible = Math.max(1, text.getClientArea().height / Math.max(1, text.getLineHeight()));
            if (line < text.getTopIndex() || line >= text.getTopIndex() + visible) {
                text.setTopIndex(Math.max(0, line - 1));
            }
        }
    }

    /** Marks single bytes (drawn over the highlight, so a changed byte shows inside a selected field). */
    public void mark(Collection<Integer> offsets) {
        marked.clear();
        marked.addAll(offsets);
        restyle();
    }

    /** The byte ranges now highlighted, as given. */
    public List<int[]> highlighted() { return List.copyOf(highlighted); }

    /** Background of the character showing byte {@code i}'s first hex digit (for tests: what the user sees). */
    public Color backgroundOf(int i) {
        StyleRange r = text.getStyleRangeAtOffset(dump.hexOffset(i));
        return r == null ? null : r.background;
    }

    public Color highlightColor() { return highlight; }
    public Color markColor() { return mark; }

    private void restyle() {
        List<StyleRange> ranges = new ArrayList<>();
        for (int[] r : highlighted) {
            for (HexDump.Span s : dump.spans(r[0], r[1])) {
                ranges.add(range(s, highlight, true));
            }
        }
        // Marked bytes (what a middlebox changed) stay visible inside a highlighted field: they are drawn last.
        for (int i : marked) {
            for (HexDump.Span s : dump.spans(i, 1)) {
                ranges.add(range(s, mark, true));
            }
        }
        // StyledText wants ranges sorted and not overlapping: a later range wins per character.
        text.setStyleRanges(Spans.flatten(ranges, text.getCharCount()));
    }

    private static StyleRange range(HexDump.Span s, Color background, boolean bold) {
        StyleRange r = new StyleRange();
        r.start = s.start();
        r.length = s.length();
        r.background = background;
        r.fontStyle = bold ? SWT.BOLD : SWT.NORMAL;
        return r;
    }

    /** Turns overlapping style ranges into sorted, disjoint ones; a later range wins per character. */
    static final class Spans {
        private Spans() {}

        static StyleRange[] flatten(List<StyleRange> ranges, int charCount) {
            if (ranges.isEmpty()) {
                return new StyleRange[0];
            }
            StyleRange[] at = new StyleRange[charCount];
            for (StyleRange r : ranges) {
                for (int c = Math.max(0, r.start); c < Math.min(charCount, r.start + r.length); c++) {
                    at[c] = r;
                }
            }
            List<StyleRange> out = new ArrayList<>();
            int c = 0;
            while (c < charCount) {
                StyleRange r = at[c];
                int start = c;
                while (c < charCount && at[c] == r) {
                    c++;
                }
                if (r != null) {
                    StyleRange copy = (StyleRange) r.clone();
                    copy.start = start;
                    copy.length = c - start;
                    out.add(copy);
                }
            }
            return out.toArray(new StyleRange[0]);
        }
    }
}
