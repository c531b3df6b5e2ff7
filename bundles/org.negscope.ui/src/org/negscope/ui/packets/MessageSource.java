package org.negscope.ui.packets;

import org.negscope.capture.Progress;

/**
 * Where the packet-detail view gets every message of a connection from: the capture file read again (with the
 * capture's credentials, if any, to check signatures), or the probe's transcript.
 */
public interface MessageSource {
    /** Runs off the UI thread. Throws with a message that names the file and the reason. */
    ConnectionMessages load(Progress progress) throws Exception;

    /** "capture.pcap", "probe of host:445": where the messages come from, for the view's title. */
    String name();
}
