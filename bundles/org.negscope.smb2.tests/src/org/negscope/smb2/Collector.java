package org.negscope.smb2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records what decoders report, optionally per direction. */
final class Collector implements Smb2Listener {
    record Smb1(String direction, int command, long frame) {}

    record Malformed(String direction, String msg, long frame, long offset) {}

    record Encrypted(String direction, TransformHeader t, long firstFrame, long lastFrame) {}

    final List<Smb2Message> messages = new ArrayList<>();
    final List<String> messageDirections = new ArrayList<>();
    final List<Encrypted> encrypted = new ArrayList<>();
    final List<Smb1> smb1 = new ArrayList<>();
    /** Dialect strings of each SMB1 NEGOTIATE request, in order. */
    final List<List<String>> smb1Dialects = new ArrayList<>();
    final List<Malformed> malformed = new ArrayList<>();
    final Map<String, Boolean> rejected = new LinkedHashMap<>();
    final Map<String, Boolean> smb = new LinkedHashMap<>();
    private String direction = "";

    Smb2Listener forDirection(String dir) {
        Collector self = this;
        return new Smb2Listener() {
            @Override
            public void message(Smb2Message m) {
                self.messages.add(m);
                self.messageDirections.add(dir);
            }

            @Override
            public void encrypted(TransformHeader t, long firstFrame, long lastFrame, long timeNanos) {
                self.encrypted.add(new Encrypted(dir, t, firstFrame, lastFrame));
            }

            @Override
            public void smb1(int command, long firstFrame, long timeNanos) {
                self.smb1.add(new Smb1(dir, command, firstFrame));
            }

            @Override
            public void smb1Negotiate(List<String> dialects, long firstFrame, long timeNanos) {
                self.smb1Dialects.add(dialects);
            }

            @Override
            public void malformed(String msg, long frame, long streamOffset) {
                self.malformed.add(new Malformed(dir, msg, frame, streamOffset));
            }
        };
    }

    @Override
    public void message(Smb2Message m) {
        messages.add(m);
        messageDirections.add(direction);
    }

    @Override
    public void encrypted(TransformHeader t, long firstFrame, long lastFrame, long timeNanos) {
        encrypted.add(new Encrypted(direction, t, firstFrame, lastFrame));
    }

    @Override
    public void smb1(int command, long firstFrame, long timeNanos) {
        smb1.add(new Smb1(direction, command, firstFrame));
    }

    @Override
    public void smb1Negotiate(List<String> dialects, long firstFrame, long timeNanos) {
        smb1Dialects.add(dialects);
    }

    @Override
    public void malformed(String msg, long frame, long streamOffset) {
        malformed.add(new Malformed(direction, msg, frame, streamOffset));
    }

    /** First message with this command, request or response, whose first frame is {@code frame}. */
    Smb2Message at(long frame, int command, boolean response) {
        for (Smb2Message m : messages) {
            if (m.firstFrame() == frame && m.header().command() == command && m.header().isResponse() == response) {
                return m;
            }
        }
        throw new AssertionError("no " + Smb2Command.name(command) + (response ? " response" : " request")
                + " starting in frame " + frame + "; have " + messages.size() + " messages");
    }
}
