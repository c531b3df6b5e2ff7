package org.negscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.negscope.capture.SyntheticCapture.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile input, SYNTHETIC: never a crash, always a one-line reason naming file, frame and offset. */
class MalformedInputTest {
    @TempDir Path dir;
    private final Flow f = basicFlow();

    private String fail(Path p) {
        return assertThrows(CaptureException.class, () -> CaptureReader.read(p, new Recorder(), Progress.NONE)).getMessage();
    }

    /** Three records, the last (a full 1514-byte Ethernet frame) cut after 600 of its bytes. */
    @Test void truncatedLastRecord() throws Exception {
        byte[] full = ethernet(f.c2s(5, pattern(1460, 3)));
        assertEquals(1514, full.length);
        Pcap p = new Pcap(1).add(1000, ethernet(f.syn())).add(2000, ethernet(f.c2s(0, ascii("hello"))));
        long third = p.size();
        p.add(3000, full);
        byte[] cut = Arrays.copyOf(p.bytes(), (int) third + 16 + 600);
        Path file = write(dir, "cut.pcap", cut);
        Recorder r = Recorder.read(file);
        assertEquals(2, r.summary.frames());
        assertEquals(List.of(file + ", frame 3, offset " + third + ": truncated record: header says 1514 bytes, file ends after 600"),
                r.summary.warnings().stream().map(CaptureWarning::toString).toList());
        assertEquals(r.summary.warnings(), r.warnings, "the listener hears the same warnings");
        assertArrayEquals(ascii("hello"), r.bytes(0, Direction.CLIENT_TO_SERVER));
    }

    @Test void fileCutExactlyAtRecordBoundaryIsValid() throws Exception {
        Pcap p = new Pcap(1).add(1000, ethernet(f.syn())).add(2000, ethernet(f.c2s(0, ascii("hello"))));
        Recorder r = Recorder.read(write(dir, "ok.pcap", p.bytes()));
        assertEquals(2, r.summary.frames());
        assertEquals(List.of(), r.summary.warnings());
        Recorder h = Recorder.read(write(dir, "header-only.pcap", new Pcap(1).bytes()));
        assertEquals(0, h.summary.frames());
        assertEquals(List.of(), h.summary.warnings());
    }

    @Test void truncatedRecordHeader() throws Exception {
        Pcap p = new Pcap(1).add(1000, ethernet(f.syn()));
        long end = p.size();
        p.raw(new byte[7]);
        Recorder r = Recorder.read(write(dir, "hdr.pcap", p.bytes()));
        assertEquals(List.of("frame 2 @" + end + ": truncated record header: 16 bytes expected, file ends after 7"), r.warningTexts());
        assertEquals(1, r.summary.frames());
    }

    /** A hostile record length: a warning, the frames before it are kept, no attempt to allocate it. */
    @Test void hugeRecordLength() throws Exception {
        Pcap p = new Pcap(1).add(1000, ethernet(f.syn())).add(2000, ethernet(f.c2s(0, ascii("kept"))));
        long bad = p.size();
        p.rawRecordHeader(3000, 0xFFFFFFF0, 60).raw(new byte[100]);
        Recorder r = Recorder.read(write(dir, "huge.pcap", p.bytes()));
        assertEquals(List.of("frame 3 @" + bad + ": record length 4294967280 exceeds the maximum of 262144 bytes: the file is damaged here, rest of file not read"),
                r.warningTexts());
        assertArrayEquals(ascii("kept"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(2, r.summary.frames());
    }

    /** Garbage between records: skipped up to the next plausible record header, and reading goes on. */
    @Test void resynchronisesAfterGarbage() throws Exception {
        Pcap p = new Pcap(1).add(1000, ethernet(f.syn())).add(2000, ethernet(f.c2s(0, ascii("hello"))));
        long bad = p.size();
        p.rawRecordHeader(3000, 0x7FFFFFFF, 60);
        byte[] junk = new byte[37];
        Arrays.fill(junk, (byte) 0xFF);
        p.raw(junk).add(4000, ethernet(f.c2s(5, ascii("world")))).add(5000, ethernet(f.c2s(10, ascii("!"))));
        Recorder r = Recorder.read(write(dir, "junk.pcap", p.bytes()));
        assertEquals(List.of("frame 3 @" + bad + ": record length 2147483647 exceeds the maximum of 262144 bytes: the file is damaged here;"
                + " skipped 53 bytes to the next plausible record"), r.warningTexts());
        assertArrayEquals(ascii("helloworld!"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(4, r.summary.frames());
    }

    /** A record longer than the read buffer (256 KiB, TSO-style IPv4 total length 0) is still read whole. */
    @Test void recordLongerThanTheBuffer() throws Exception {
        byte[] payload = pattern(256 * 1024 - 54, 4);
        byte[] ip = f.c2s(0, payload);
        ip[2] = 0; ip[3] = 0; // total length 0: segmentation offload, the capture tells the length
        Pcap p = new Pcap(false, false, 1, 262144).add(1, ethernet(f.syn())).add(2, ethernet(ip)).add(3, ethernet(f.c2s(payload.length, ascii("end"))));
        Recorder r = Recorder.read(write(dir, "big.pcap", p.bytes()), CaptureOptions.DEFAULTS.withBufferSize(4096));
        assertArrayEquals(concat(payload, ascii("end")), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(List.of(), r.warnings);
        assertEquals(3, r.summary.frames());
    }

    @Test void wrongMagicGarbageEmptyDirectoryMissing() throws Exception {
        Path elf = write(dir, "prog", new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(elf + ", offset 0: not a capture file NegScope reads (magic 0x7f454c46); it reads pcap, pcapng, Network Monitor 2.x (.cap), ETL (netsh trace, pktmon), Message Analyzer (.matp); pcap and pcapng also gzip-compressed", fail(elf));
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x12; garbage[1] = 0x34; garbage[2] = 0x56; garbage[3] = 0x78;
        Path g = write(dir, "garbage.pcap", garbage);
        assertEquals(g + ", offset 0: not a capture file NegScope reads (magic 0x12345678); it reads pcap, pcapng, Network Monitor 2.x (.cap), ETL (netsh trace, pktmon), Message Analyzer (.matp); pcap and pcapng also gzip-compressed", fail(g));
        Path empty = write(dir, "empty.pcap", new byte[0]);
        assertEquals(empty + ", offset 0: empty file", fail(empty));
        assertEquals(dir + ", offset 0: is a directory, not a capture file", fail(dir));
        Path missing = dir.resolve("missing.pcap");
        assertEquals(missing + ", offset 0: no such file", fail(missing));
        Path three = write(dir, "three", new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2});
        assertEquals(three + ", offset 0: too short to be a capture file (3 bytes)", fail(three));
        Path shortHeader = write(dir, "short.pcap", Arrays.copyOf(new Pcap(1).bytes(), 10));
        assertEquals(shortHeader + ", offset 0: truncated pcap file header: 24 bytes expected, file has 10", fail(shortHeader));
        Path emptyGz = write(dir, "empty.gz", gzip(new byte[0]));
        assertEquals(emptyGz + ", offset 0: empty file (after gzip decompression)", fail(emptyGz));
        Path textGz = write(dir, "text.gz", gzip(ascii("hello, this is not a capture")));
        assertEquals(textGz + ", offset 0: not a capture file NegScope reads (magic 0x68656c6c); it reads pcap, pcapng, Network Monitor 2.x (.cap), ETL (netsh trace, pktmon), Message Analyzer (.matp); pcap and pcapng also gzip-compressed", fail(textGz));
        Path badGz = write(dir, "bad.gz", new byte[] {0x1F, (byte) 0x8B, 9, 9, 9});
        assertEquals(badGz + ", offset 0: damaged gzip header: Unsupported compression method", fail(badGz));
    }

    @Test void gzipCutShort() throws Exception {
        Pcap p = new Pcap(1).add(1000, ethernet(f.syn()));
        for (int i = 0; i < 50; i++) p.add(2000 + i, ethernet(f.c2s(i * 1000, pattern(1000, i))));
        byte[] gz = gzip(p.bytes());
        Recorder r = Recorder.read(write(dir, "cut.pcap.gz", Arrays.copyOf(gz, gz.length / 2)));
        assertEquals("pcap.gz", r.summary.format());
        List<String> w = r.warningTexts();
        assertEquals(2, w.size(), w::toString);
        long frames = r.summary.frames();
        // the record being read when the compressed data ran out is reported, then the read error
        assertEquals(true, w.get(0).startsWith("frame " + (frames + 1) + " @"), w.get(0));
        assertEquals(true, w.get(0).contains(": truncated record"), w.get(0));
        assertEquals(true, w.get(1).endsWith("read error, rest of file not read: Unexpected end of ZLIB input stream"), w.get(1));
        assertEquals(frames - 1, r.bytes(0, Direction.CLIENT_TO_SERVER).length / 1000, "whole records before the cut were delivered");
    }

    @Test void pcapngBadBlockLength() throws Exception {
        Pcapng n = new Pcapng(false).iface(1, 0, -1).epb(0, 1, ethernet(f.syn()));
        long bad = n.size();
        n.raw(new byte[] {6, 0, 0, 0, 13, 0, 0, 0}).raw(new byte[40]);
        Recorder r = Recorder.read(write(dir, "badlen.pcapng", n.bytes()));
        assertEquals(List.of("frame 2 @" + bad + ": bad block length 13 (block type 0x6): the file is damaged here, rest of file not read"), r.warningTexts());
        assertEquals(1, r.summary.frames());
    }

    /** Damage between pcapng blocks: the next block whose type, length and trailer agree is found. */
    @Test void pcapngResynchronisesAfterDamage() throws Exception {
        Pcapng n = new Pcapng(false).iface(1, 0, -1).epb(0, 1, ethernet(f.c2s(0, ascii("before"))));
        long bad = n.size();
        n.raw(new byte[] {6, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}).raw(pattern(45, 3));
        n.epb(0, 2, ethernet(f.c2s(6, ascii("after"))));
        Recorder r = Recorder.read(write(dir, "resync.pcapng", n.bytes()));
        assertEquals(List.of("frame 2 @" + bad + ": bad block length 2147483647 (block type 0x6): the file is damaged here;"
                + " skipped 53 bytes to the next plausible block"), r.warningTexts());
        assertArrayEquals(ascii("beforeafter"), r.bytes(0, Direction.CLIENT_TO_SERVER));
        assertEquals(2, r.summary.frames());
    }

    @Test void pcapngTruncatedBlockAndTrailerMismatch() throws Exception {
        Pcapng n = new Pcapng(false).iface(1, 0, -1);
        byte[] good = new Pcapng(false).iface(1, 0, -1).epb(0, 1, ethernet(f.c2s(0, ascii("one")))).bytes();
        long shbIdb = n.size();
        byte[] epb = Arrays.copyOfRange(good, (int) shbIdb, good.length);
        epb[epb.length - 4] = 1; epb[epb.length - 3] = 0;          // trailer length 1 (little-endian): differs
        n.raw(epb);
        long second = n.size();
        n.epb(0, 2, ethernet(f.c2s(3, pattern(200, 1))));
        byte[] all = n.bytes();
        int blockLen = all.length - (int) second;
        Recorder r = Recorder.read(write(dir, "trunc.pcapng", Arrays.copyOf(all, (int) second + 50)));
        assertEquals(List.of(
                "frame 1 @" + shbIdb + ": block trailer length 1 differs from header length " + epb.length,
                "frame 2 @" + second + ": truncated record: header says " + blockLen + " bytes, file ends after 50"), r.warningTexts());
        assertEquals(1, r.summary.frames());
        assertArrayEquals(ascii("one"), r.bytes(0, Direction.CLIENT_TO_SERVER));
    }

    @Test void pcapngUnknownInterfaceAndBadFirstBlock() throws Exception {
        Pcapng n = new Pcapng(false).iface(1, 0, -1);
        long epb = n.size();
        n.epb(3, 1, ethernet(f.syn())).epb(0, 1, ethernet(f.c2s(0, ascii("x"))));
        Recorder r = Recorder.read(write(dir, "if.pcapng", n.bytes()));
        assertEquals(List.of("frame 1 @" + epb + ": packet names interface 3 but the section describes 1"), r.warningTexts());
        assertEquals(2, r.summary.frames());

        byte[] shb = new Pcapng(false).bytes();
        shb[4] = 5;
        Path bad = write(dir, "badshb.pcapng", shb);
        assertEquals(bad + ", offset 4: bad block length 5 (block type 0xa0d0d0a)", fail(bad));
        byte[] bom = new Pcapng(false).bytes();
        bom[8] = 0; // little-endian 4d 3c 2b 1a -> 00 3c 2b 1a
        Path badBom = write(dir, "badbom.pcapng", bom);
        assertEquals(badBom + ", offset 8: bad byte-order magic 0x003c2b1a in section header block", fail(badBom));
    }

    /** Warnings are capped; the rest are counted in one last warning. */
    @Test void warningsAreCapped() throws Exception {
        Pcap p = new Pcap(1);
        for (int i = 0; i < 10; i++) {
            byte[] bad = ethernet(f.c2s(i, ascii("z")));
            bad[14 + 20 + 12] = 0x10; // TCP header length 4
            p.add(i, bad);
        }
        Recorder r = Recorder.read(write(dir, "many.pcap", p.bytes()), CaptureOptions.DEFAULTS.withMaxWarnings(3));
        assertEquals(4, r.summary.warnings().size());
        assertEquals("TCP header length 4 is less than 20: segment ignored", r.summary.warnings().get(2).message());
        assertEquals("7 further warnings not kept (limit 3)", r.summary.warnings().get(3).message());
        assertEquals(r.summary.warnings(), r.warnings);
    }

    @Test void unreadableFile() throws Exception {
        Path p = write(dir, "secret.pcap", new Pcap(1).bytes());
        if (!p.toFile().setReadable(false) || Files.isReadable(p)) return; // running as root: cannot test
        assertEquals(p + ", offset 0: permission denied", fail(p));
    }
}
