package org.negscope.analysis;

/** A FIN or RST, with the side that sent it (after role correction by content). */
record TcpClose(boolean byClient, boolean reset, long frame, long timeNanos) {
    String kind() { return reset ? "RST" : "FIN"; }
    String who() { return byClient ? "client" : "server"; }
}
