package org.negscope.capture;

/** Direction of bytes within a {@link TcpConnection}. */
public enum Direction {
    CLIENT_TO_SERVER, SERVER_TO_CLIENT;

    public Direction reverse() { return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER; }
}
