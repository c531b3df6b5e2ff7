package org.negscope.capture;

/**
 * The file formats NegScope reads, each recognised by its first bytes (never by the file name's extension), and
 * the reader of each. Adding a format is one constant here: its name (the JSON "format" value), how its first bytes
 * look, and its reader. The docs/ pages describe each format (Network Monitor: docs/netmon.md).
 */
enum CaptureFormat {
    PCAP("pcap", "pcap") {
        @Override boolean matches(byte[] b, int p, int n) { return n >= 4 && PcapFormat.isMagic(PacketDecoder.i32be(b, p)); }
        @Override void read(ReadContext ctx) throws CaptureException { PcapFormat.read(ctx); }
    },
    PCAPNG("pcapng", "pcapng") {
        @Override boolean matches(byte[] b, int p, int n) { return n >= 4 && PacketDecoder.i32be(b, p) == PcapngFormat.SHB; }
        @Override void read(ReadContext ctx) throws CaptureException { PcapngFormat.read(ctx); }
    },
    NETMON("netmon", "Network Monitor 2.x (.cap)") {
        @Override boolean matches(byte[] b, int p, int n) { return n >= 4 && PacketDecoder.i32be(b, p) == NetmonFormat.MAGIC; }
        @Override boolean needsFile() { return true; }
        @Override void read(ReadContext ctx) throws CaptureException { NetmonFormat.read(ctx); }
    };
    // ETL traces (netsh trace, pktmon) and Message Analyzer .matp packages are recognised in CaptureReader: their
    // readers (EtlFormat, MatpFormat) read the file at offsets / by zip part and reorder packets by time themselves.

    /** Bytes of the file's start that {@link #detect} may look at. */
    static final int HEAD = 16;

    /** The JSON "format" value. */
    final String id;
    /** The name a user knows it by (messages). */
    final String title;

    CaptureFormat(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** True when {@code b[p .. p+n)}, the first bytes of a file, are this format's. */
    abstract boolean matches(byte[] b, int p, int n);

    /** Reads the whole file into {@code ctx.decoder}; damage becomes warnings, an unreadable file an exception. */
    abstract void read(ReadContext ctx) throws CaptureException;

    /**
     * True for formats whose reader needs the file itself ({@link ReadContext#channel}: it reads at offsets, e.g. a
     * frame table at the end); those cannot be read from a gzip-compressed file.
     */
    boolean needsFile() { return false; }

    /** The format whose first bytes {@code b[p .. p+n)} are, or null. */
    static CaptureFormat detect(byte[] b, int p, int n) {
        for (CaptureFormat f : values()) {
            if (f.matches(b, p, n)) return f;
        }
        return null;
    }

    /** "pcap, pcapng, ..." for the message about a file of no known format. */
    static String readable() {
        StringBuilder s = new StringBuilder();
        for (CaptureFormat f : values()) {
            if (s.length() > 0) s.append(", ");
            s.append(f.title);
        }
        return s.append(", ETL (netsh trace, pktmon), Message Analyzer (.matp); pcap and pcapng also gzip-compressed").toString();
    }
}
