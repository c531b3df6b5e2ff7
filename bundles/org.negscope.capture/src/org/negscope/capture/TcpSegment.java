package org.negscope.capture;

/**
 * One decoded TCP segment: a flyweight overwritten for every packet (no per-packet allocation). The
 * payload stays in the read buffer: {@code data[payloadOffset .. payloadOffset + payloadLength)}.
 */
final class TcpSegment {
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;

    boolean v6;
    long srcHi, srcLo, dstHi, dstLo;
    int srcPort, dstPort;
    int seq, ack, flags;
    byte[] data;
    int payloadOffset, payloadLength;
    /** Payload bytes the IP header announces but the capture did not keep (snap length). */
    int payloadMissing;
    long frame, timeNanos, fileOffset;

    boolean has(int flag) { return (flags & flag) != 0; }
}
