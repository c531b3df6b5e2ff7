package org.negscope.ui.capture;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IPathEditorInput;
import org.eclipse.ui.IPersistableElement;

/**
 * A capture file outside any workspace (NegScope has no projects): the editor input is just its path; or a capture
 * set, several files (or a directory of them) read as one: then {@link #file()} is the first one given and
 * {@link #members()} all of them. Two inputs for the same file (set) are equal, so opening it twice activates the
 * existing editor.
 */
public final class CaptureEditorInput implements IPathEditorInput {
    private final Path file;
    private final List<Path> members;

    public CaptureEditorInput(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.members = List.of();
    }

    /** A capture set of these files or directories (at least one). */
    public CaptureEditorInput(List<Path> members) {
        this.members = members.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.file = this.members.get(0);
    }

    public Path file() { return file; }

    /** The files or directories of a capture set; empty for a single file. */
    public List<Path> members() { return members; }

    @Override public IPath getPath() { return IPath.fromOSString(file.toString()); }
    @Override public boolean exists() { return java.nio.file.Files.exists(file); }
    @Override public ImageDescriptor getImageDescriptor() { return ImageDescriptor.getMissingImageDescriptor(); }
    @Override public String getName() {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return members.size() > 1 ? name + " (+" + (members.size() - 1) + ")" : name;
    }
    @Override public IPersistableElement getPersistable() { return null; }
    @Override public String getToolTipText() {
        return members.isEmpty() ? file.toString() : "Capture set: " + String.join(", ", members.stream().map(Path::toString).toList());
    }
    @Override public <T> T getAdapter(Class<T> adapter) { return null; }

    @Override public boolean equals(Object o) { return o instanceof CaptureEditorInput c && c.file.equals(file) && c.members.equals(members); }
    @Override public int hashCode() { return file.hashCode() * 31 + members.hashCode(); }
}
