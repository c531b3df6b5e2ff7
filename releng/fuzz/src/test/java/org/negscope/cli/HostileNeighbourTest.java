package org.negscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.negscope.fuzz.CaptureBytes;
import org.negscope.fuzz.Repo;
import org.negscope.fuzz.SyntheticPcap;
import org.negscope.smb2.Smb2Command;

/**
 * "The rest is still analysed": a real capture (samba-3.0.2-clean.pcap, a clean VALIDATE exchange) followed by a
 * SYNTHETIC hostile connections to port 445 in the same file: a 20000-element compound chain and a message claiming
 * 16 MiB cut by the end of the capture; 1000 zero-length frames, a NEGOTIATE with DialectCount 65535, random bytes. Through the real CLI the
 * real connection keeps its verdict and frames, the hostile one yields warnings naming its frames, nothing crashes.
 */
class HostileNeighbourTest {
    @TempDir Path dir;

    @Test
    void aHostileConnectionDoesNotSpoilTheRealOne() throws Exception {
        byte[] real = Files.readAllBytes(Repo.capture("samba-3.0.2-clean.pcap"));
        List<CaptureBytes.Record> recs = new ArrayList<>(CaptureBytes.records(real));
        int realFrames = recs.size();
        long t = recs.get(realFrames - 1).timeNanos();

        List<byte[]> hostile = new ArrayList<>();
        byte[][] chain = new byte[20_000][];
        for (int i = 0; i < chain.length; i++) chain[i] = SyntheticPcap.smb2(Smb2Command.ECHO, false, i, 0, i == chain.length - 1 ? 0 : 64);
        byte[] compound = SyntheticPcap.nbss(chain);
        for (int off = 0; off < compound.length; off += 60_000) {
            hostile.add(java.util.Arrays.copyOfRange(compound, off, Math.min(compound.length, off + 60_000)));
        }
        byte[] huge = new byte[4 + 64];
        huge[1] = (byte) 0xFF; huge[2] = (byte) 0xFF; huge[3] = (byte) 0xFF;
        System.arraycopy(SyntheticPcap.smb2(Smb2Command.WRITE, false, 1, 0, 0), 0, huge, 4, 64);
        hostile.add(huge); // 16 MiB announced, 64 bytes given: the connection ends inside it
        SyntheticPcap p = new SyntheticPcap().segment(0x0A0B0C, 51000, false, SyntheticPcap.SYN, 99, 0, new byte[0], 0);
        int seq = 100;
        for (byte[] h : hostile) {
            p.segment(0x0A0B0C, 51000, false, SyntheticPcap.ACK | SyntheticPcap.PSH, seq, 1, h, 0);
            seq += h.length;
        }
        // a second hostile connection: an ECHO, 1000 zero-length frames, a NEGOTIATE claiming 65535 dialects, random bytes
        byte[] hello = SyntheticPcap.smb2(Smb2Command.ECHO, false, 0, 4, 0);
        ByteBuffer.wrap(hello).order(ByteOrder.LITTLE_ENDIAN).putShort(64, (short) 4);
        byte[] neg = SyntheticPcap.smb2(Smb2Command.NEGOTIATE, false, 1, 36, 0);
        ByteBuffer.wrap(neg).order(ByteOrder.LITTLE_ENDIAN).putShort(64, (short) 36).putShort(66, (short) 0xFFFF);
        ByteBuffer z = ByteBuffer.allocate(4 + hello.length + 4000 + 4 + neg.length + 4096);
        z.put(SyntheticPcap.nbss(hello)); // a valid first message: the stream is SMB
        z.put(new byte[4000]);
        z.put(SyntheticPcap.nbss(neg));
        byte[] rnd = new byte[4096];
        new java.util.Random(20261125).nextBytes(rnd);
        z.put(rnd);
        p.segment(3, 52000, false, SyntheticPcap.SYN, 99, 0, new byte[0], 0);
        p.segment(3, 52000, false, SyntheticPcap.ACK | SyntheticPcap.PSH, 100, 1, z.array(), 0);
        List<CaptureBytes.Record> extra = CaptureBytes.records(p.bytes());
        for (CaptureBytes.Record r : extra) {
            t += 1_000_000;
            recs.add(new CaptureBytes.Record(0, 0, r.linkType(), t, r.data(), r.origLength()));
        }
        Path f = dir.resolve("real-plus-hostile.pcap");
        Files.write(f, CaptureBytes.pcap(CaptureBytes.LINKTYPE_ETHERNET, 262144, recs));

        BrokenCapturesTest.Run run = BrokenCapturesTest.cli("analyze", f.toString(), "--json");
        Path alone = Repo.capture("samba-3.0.2-clean.pcap");
        BrokenCapturesTest.Run ref = BrokenCapturesTest.cli("analyze", alone.toString(), "--json");
        assertEquals(ref.exit(), run.exit(), run.err());
        assertEquals("", run.err());
        JsonObject j = JsonParser.parseString(run.out()).getAsJsonObject();
        JsonObject r = JsonParser.parseString(ref.out()).getAsJsonObject();
        JsonObject realConn = first(j.getAsJsonArray("connections"), "127.0.0.1");
        JsonObject refConn = r.getAsJsonArray("connections").get(0).getAsJsonObject();
        assertEquals(refConn, realConn, "the real connection's report is unchanged");
        JsonObject cap = j.getAsJsonArray("captures").get(0).getAsJsonObject();
        assertEquals(realFrames + extra.size(), cap.get("frames").getAsLong());
        JsonArray warnings = cap.getAsJsonArray("warnings");
        assertTrue(warnings.size() > 0, "the hostile connections are reported: " + run.out());
        for (JsonElement e : warnings) {
            JsonObject w = e.getAsJsonObject();
            assertTrue(!w.get("frame").isJsonNull() && w.get("frame").getAsLong() > realFrames,
                    "every warning names a frame of the hostile connections: " + w);
        }
    }

    static JsonObject first(JsonArray connections, String clientPrefix) {
        for (JsonElement e : connections) {
            JsonObject c = e.getAsJsonObject();
            if (c.get("client").getAsString().startsWith(clientPrefix)) return c;
        }
        throw new AssertionError("no connection from " + clientPrefix + " in " + connections);
    }
}
