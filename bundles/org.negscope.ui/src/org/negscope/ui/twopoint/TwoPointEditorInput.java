package org.negscope.ui.twopoint;

import java.nio.file.Path;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

/** A client-side and a server-side capture of the same traffic; equal inputs (same two files) share one editor. */
public final class TwoPointEditorInput implements IEditorInput {
    private final Path clientSide;
    private final Path serverSide;

    public TwoPointEditorInput(Path clientSide, Path serverSide) {
        this.clientSide = clientSide.toAbsolutePath().normalize();
        this.serverSide = serverSide.toAbsolutePath().normalize();
    }

    public Path clientSide() { return clientSide; }
    public Path serverSide() { return serverSide; }

    /** The same pair the other way round (the user picked the sides wrongly). */
    public TwoPointEditorInput swapped() { return new TwoPointEditorInput(serverSide, clientSide); }

    @Override public boolean exists() { return java.nio.file.Files.exists(clientSide) && java.nio.file.Files.exists(serverSide); }
    @Override public ImageDescriptor getImageDescriptor() { return ImageDescriptor.getMissingImageDescriptor(); }
    @Override public String getName() { return clientSide.getFileName() + " \u2194 " + serverSide.getFileName(); }
    @Override public IPersistableElement getPersistable() { return null; }
    @Override public String getToolTipText() { return "client side: " + clientSide + "\nserver side: " + serverSide; }
    @Override public <T> T getAdapter(Class<T> adapter) { return null; }

    @Override public boolean equals(Object o) {
        return o instanceof TwoPointEditorInput t && t.clientSide.equals(clientSide) && t.serverSide.equals(serverSide);
    }
    @Override public int hashCode() { return clientSide.hashCode() * 31 + serverSide.hashCode(); }
}
