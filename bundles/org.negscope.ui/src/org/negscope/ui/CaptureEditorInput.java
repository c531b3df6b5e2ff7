package org.negscope.ui;

import java.nio.file.Path;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IPathEditorInput;
import org.eclipse.ui.IPersistableElement;

/**
 * A capture file outside any workspace (NegScope has no projects): the editor input is just its path.
 * Two inputs for the same file are equal, so opening a file twice activates the existing editor.
 */
public final class CaptureEditorInput implements IPathEditorInput {
    private final Path file;

    public CaptureEditorInput(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() { return file; }

    @Override public IPath getPath() { return IPath.fromOSString(file.toString()); }
    @Override public boolean exists() { return java.nio.file.Files.exists(file); }
    @Override public ImageDescriptor getImageDescriptor() { return ImageDescriptor.getMissingImageDescriptor(); }
    @Override public String getName() { return file.getFileName() == null ? file.toString() : file.getFileName().toString(); }
    @Override public IPersistableElement getPersistable() { return null; }
    @Override public String getToolTipText() { return file.toString(); }
    @Override public <T> T getAdapter(Class<T> adapter) { return null; }

    @Override public boolean equals(Object o) { return o instanceof CaptureEditorInput c && c.file.equals(file); }
    @Override public int hashCode() { return file.hashCode(); }
}
