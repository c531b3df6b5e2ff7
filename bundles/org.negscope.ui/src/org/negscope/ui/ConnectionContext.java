package org.negscope.ui;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.negscope.analysis.ConnectionReport;
import org.negscope.ui.packets.MessageSource;

/**
 * What the views know about a connection beyond its report, registered by whoever produced the report (a capture
 * editor, the probe view): where to read all its messages and which credentials were used. The VALIDATE response's
 * signature check is the report's own ({@link ConnectionReport#validateSignature()}). Held weakly per report object
 * (reports compare by identity), so a closed editor's reports simply fall away.
 *
 * @param source            all messages of the connection, null when none can be read
 * @param credentials       what the user gave ("password for NEGSCOPE\\nsuser"), null when nothing
 * @param signatureNote     a sentence about the signature from elsewhere (the probe's own check), null when none
 */
public record ConnectionContext(MessageSource source, String credentials, String signatureNote) {
    public static final ConnectionContext NONE = new ConnectionContext(null, null, null);

    public ConnectionContext(MessageSource source, String credentials) {
        this(source, credentials, null);
    }

    private static final Map<ConnectionReport, ConnectionContext> CONTEXTS = Collections.synchronizedMap(new WeakHashMap<>());

    public static void register(ConnectionReport r, ConnectionContext c) {
        if (r != null && c != null) {
            CONTEXTS.put(r, c);
        }
    }

    /** The context registered for this report object, {@link #NONE} when none. */
    public static ConnectionContext of(ConnectionReport r) {
        ConnectionContext c = r == null ? null : CONTEXTS.get(r);
        return c == null ? NONE : c;
    }
}
