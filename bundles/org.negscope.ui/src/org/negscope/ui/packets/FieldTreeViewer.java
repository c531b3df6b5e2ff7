package org.negscope.ui.packets;

import java.util.function.Function;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.negscope.smb2.Field;

/**
 * The packet-detail view's field tree: a JFace tree of one message's {@link Field}s (from
 * {@link org.negscope.smb2.FieldTree}) with the columns Field, Value and Bytes (offset+length in the message).
 * Its input is a one-element {@code Field[]} holding the root.
 */
final class FieldTreeViewer {
    private FieldTreeViewer() {}

    static TreeViewer create(Composite parent) {
        TreeViewer tree = new TreeViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        tree.getTree().setHeaderVisible(true);
        tree.getTree().setLinesVisible(true);
        tree.setContentProvider(new FieldContent());
        // Field is a record: two equal-looking fields are still different nodes.
        tree.setComparer(new IElementComparer() {
            @Override public boolean equals(Object a, Object b) { return a == b; }
            @Override public int hashCode(Object o) { return System.identityHashCode(o); }
        });
        column(tree, "Field", 260, f -> f.name());
        column(tree, "Value", 300, f -> f.value() == null ? "" : f.value());
        column(tree, "Bytes", 80, f -> f.offset() + "+" + f.length());
        return tree;
    }

    private static void column(TreeViewer tree, String name, int width, Function<Field, String> text) {
        TreeViewerColumn c = new TreeViewerColumn(tree, SWT.LEFT);
        c.getColumn().setText(name);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override public String getText(Object element) { return text.apply((Field) element); }
        });
    }

    private static final class FieldContent implements ITreeContentProvider {
        // The input is a one-element array, never the root Field itself: a TreePath starting at an element that is
        // also the input would be taken for the input and its children looked up at the top level.
        @Override public Object[] getElements(Object input) { return input instanceof Field[] roots ? roots : new Object[0]; }
        @Override public Object[] getChildren(Object parent) { return ((Field) parent).children().toArray(); }
        @Override public Object getParent(Object element) { return null; }
        @Override public boolean hasChildren(Object element) { return !((Field) element).children().isEmpty(); }
    }
}
