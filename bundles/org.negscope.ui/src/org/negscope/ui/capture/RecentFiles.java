package org.negscope.ui.capture;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;

/**
 * The captures opened last, most recent first, at most {@link #MAX}: File menu's recent list. Kept in the
 * instance-scope preferences (the workspace's .metadata) under one key, one absolute path per line. Only
 * paths are stored: credentials live in secure storage and never pass through here.
 */
public final class RecentFiles {
    public static final int MAX = 10;
    static final String NODE = "org.negscope.ui";
    static final String KEY = "recentCaptures";

    private final Preferences node;

    RecentFiles(Preferences node) {
        this.node = node;
    }

    /** The list of this workspace (read from the preferences each time: there is no cached copy to go stale). */
    public static RecentFiles instance() {
        return new RecentFiles(InstanceScope.INSTANCE.getNode(NODE));
    }

    /** Most recent first; lines that are not paths (hand-edited file) are skipped. */
    public List<Path> list() {
        List<Path> files = new ArrayList<>();
        for (String line : node.get(KEY, "").split("\n")) {
            if (line.isBlank() || files.size() == MAX) {
                continue;
            }
            try {
                Path p = Path.of(line);
                if (p.isAbsolute() && !files.contains(p)) {
                    files.add(p);
                }
            } catch (InvalidPathException e) {
                // skip
            }
        }
        return files;
    }

    /** Puts {@code file} first (moving it up if already listed) and drops the oldest beyond {@link #MAX}. */
    public void add(Path file) {
        Path p = file.toAbsolutePath().normalize();
        String s = p.toString();
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return; // cannot be stored one per line; such names are rare enough to simply not remember
        }
        List<Path> files = list();
        files.remove(p);
        files.add(0, p);
        store(files.size() > MAX ? files.subList(0, MAX) : files);
    }

    public void remove(Path file) {
        List<Path> files = list();
        if (files.remove(file.toAbsolutePath().normalize())) {
            store(files);
        }
    }

    public void clear() {
        store(List.of());
    }

    private void store(List<Path> files) {
        StringBuilder b = new StringBuilder();
        for (Path p : files) {
            b.append(p).append('\n');
        }
        if (b.length() == 0) {
            node.remove(KEY);
        } else {
            node.put(KEY, b.toString());
        }
        try {
            node.flush(); // written now: a crash or a kill of the workbench must not lose the list
        } catch (BackingStoreException e) {
            ILog.of(RecentFiles.class).warn("Cannot save the recent captures list: " + e.getMessage());
        }
    }
}
