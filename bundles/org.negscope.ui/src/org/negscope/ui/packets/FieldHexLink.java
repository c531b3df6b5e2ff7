package org.negscope.ui.packets;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreePath;
import org.eclipse.jface.viewers.TreeSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.negscope.smb2.Field;

/**
 * Links the field tree and the hex view of one message both ways: the bytes of the selected fields light up, and
 * clicking a byte selects the deepest field that holds it (paths found by {@link FieldPaths}).
 */
final class FieldHexLink {
    private final TreeViewer tree;
    private final HexView hex;
    private Field root;

    FieldHexLink(TreeViewer tree, HexView hex) {
        this.tree = tree;
        this.hex = hex;
        tree.addSelectionChangedListener(e -> highlightSelection());
        hex.onByte(this::selectByte);
    }

    /** Shows a message: its field tree (two levels open) and its bytes. */
    void show(Field root, byte[] bytes) {
        this.root = root;
        hex.setBytes(bytes);
        tree.setInput(new Field[] {root});
        tree.expandToLevel(2);
    }

    /** Nothing shown. */
    void clear() {
        root = null;
        tree.setInput(null);
        hex.setBytes(new byte[0]);
    }

    /** The shown message's field tree; null when none is shown. */
    Field root() { return root; }

    /** Selects these fields in the tree (revealing them); their bytes light up. */
    void select(List<Field> fields) {
        List<TreePath> paths = new ArrayList<>();
        for (Field f : fields) {
            List<Field> p = FieldPaths.pathTo(root, f);
            if (!p.isEmpty()) {
                paths.add(new TreePath(p.toArray()));
            }
        }
        tree.setSelection(new TreeSelection(paths.toArray(new TreePath[0])), true);
        highlightSelection();
    }

    List<Field> selected() {
        List<Field> out = new ArrayList<>();
        for (Object o : ((IStructuredSelection) tree.getSelection()).toList()) {
            out.add((Field) o);
        }
        return out;
    }

    /** The fields of the shown tree with the same place and name as {@code like} (from an earlier tree of the same message). */
    List<Field> same(List<Field> like) {
        List<Field> same = new ArrayList<>();
        for (Field f : like) {
            Field g = sameField(root, f);
            if (g != null) {
                same.add(g);
            }
        }
        return same;
    }

    private static Field sameField(Field root, Field like) {
        if (root.name().equals(like.name()) && root.offset() == like.offset() && root.length() == like.length()) {
            return root;
        }
        for (Field c : root.children()) {
            Field f = sameField(c, like);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private void selectByte(int offset) {
        if (root == null) {
            return;
        }
        List<Field> path = FieldPaths.deepestAt(root, offset);
        if (!path.isEmpty()) {
            tree.setSelection(new TreeSelection(new TreePath(path.toArray())), true);
            highlightSelection();
        }
    }

    private void highlightSelection() {
        List<int[]> ranges = new ArrayList<>();
        for (Field f : selected()) {
            ranges.add(new int[] {f.offset(), f.length()});
        }
        hex.highlight(ranges);
    }
}
