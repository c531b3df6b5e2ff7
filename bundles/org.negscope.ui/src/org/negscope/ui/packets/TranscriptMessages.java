package org.negscope.ui.packets;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.negscope.capture.Direction;
import org.negscope.capture.Endpoint;
import org.negscope.capture.TcpConnection;
import org.negscope.probe.PcapngWriter;
import org.negscope.probe.Transcript;
import org.negscope.probe.WireEvent;
import org.negscope.smb2.Smb2StreamDecoder;
import org.negscope.ui.credentials.Credentials;

/**
 * Decodes the probe's own exchange from what went over its socket (the {@link Transcript}), frames numbered as
 * {@link PcapngWriter} numbers them, so that the packet-detail view lists it like a capture's connection; with
 * credentials the analysis reads the same bytes and checks every signature.
 */
final class TranscriptMessages {
    private TranscriptMessages() {}

    static ConnectionMessages decode(Transcript t, Credentials credentials) {
        List<MessageEntry> out = new ArrayList<>();
        if (t == null || t.client() == null) {
            return new ConnectionMessages(out, true, "the probe did not connect");
        }
        AnalysedConnection analysed = null;
        if (t.client().getAddress() != null && t.server() != null && t.server().getAddress() != null) {
            analysed = AnalysedConnection.start(credentials, new TcpConnection(0,
                    new Endpoint(t.client().getAddress().getAddress(), t.client().getPort()),
                    new Endpoint(t.server().getAddress().getAddress(), t.server().getPort()), 1, 0, true), "probe of " + t.server());
        }
        try {
            return decode(t, out, analysed);
        } finally {
            if (analysed != null) {
                analysed.finish();
            }
        }
    }

    private static ConnectionMessages decode(Transcript t, List<MessageEntry> out, AnalysedConnection analysed) {
        long[] frames = PcapngWriter.eventFrames(t);
        MessageSink client = new MessageSink(out, true, null);
        MessageSink server = new MessageSink(out, false, null);
        Smb2StreamDecoder fromClient = new Smb2StreamDecoder(client, ConnectionMessages.MAX_MESSAGE_BYTES);
        Smb2StreamDecoder fromServer = new Smb2StreamDecoder(server, ConnectionMessages.MAX_MESSAGE_BYTES);
        long clientOffset = 0;
        long serverOffset = 0;
        List<WireEvent> events = t.events();
        for (int i = 0; i < events.size(); i++) {
            WireEvent e = events.get(i);
            if (e.type() != WireEvent.Type.DATA) {
                continue;
            }
            byte[] b = e.bytes();
            long frame = i < frames.length ? frames[i] : 0;
            if (analysed != null) {
                analysed.data(e.fromClient() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT, ByteBuffer.wrap(b),
                        e.fromClient() ? clientOffset : serverOffset, frame, e.timeNanos());
            }
            if (e.fromClient()) {
                fromClient.feed(ByteBuffer.wrap(b), clientOffset, frame, e.timeNanos());
                clientOffset += b.length;
            } else {
                fromServer.feed(ByteBuffer.wrap(b), serverOffset, frame, e.timeNanos());
                serverOffset += b.length;
            }
        }
        if (analysed == null) {
            out.sort(ConnectionMessages::order);
            return new ConnectionMessages(ConnectionMessages.titled(out), true, "");
        }
        List<MessageEntry> checked = new ArrayList<>(analysed.apply(out));
        checked.sort(ConnectionMessages::order);
        return new ConnectionMessages(ConnectionMessages.titled(checked), true, "", analysed.summary());
    }
}
