package org.negscope.analysis;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.negscope.smb2.NtlmVersion;

/**
 * Final reports of ended connections kept packed until the output is written ({@link ReportDetail#COMPACT}, releng/bench/README.md:
 * a capture with thousands of connections must not hold thousands of reports in memory). Only what the headless
 * outputs show is packed: the report without its decoded messages and timeline ({@link #lean}); {@link #get} of what
 * {@link #add} took gives back exactly {@code lean(r)}.
 * <p>
 * Reports are written one after the other into chunks of about {@link #CHUNK_BYTES}, each compressed once when full
 * (compressing reports one by one cost more than judging them: zlib's set-up is per stream, and a report alone
 * compresses poorly). Reading decompresses a chunk and keeps the last two: the writers read reports in order of
 * appearance, which is close to the order they were packed in (the order connections ended).
 * <p>
 * The nested records (Frames, Details, Difference, NtlmVersion, NtlmAccount, ValidateError, Reconnect,
 * SignatureChecks, ValidateSignature) are written component by component in declaration order, so a component added to one of them
 * is packed without touching this class; {@code CompactReportsTest} compares every committed capture's reports
 * before and after packing. Thread-safe: the workbench's table reads reports on the UI thread while a worker filters.
 * <p>
 * Why one class of this size: packing and unpacking are the two halves of one binary layout (chunks, values by type,
 * record components in declaration order); each writer stands next to its reader so that they cannot drift apart.
 */
final class CompactReports {
    static final int CHUNK_BYTES = 64 * 1024;

    /**
     * The report as the headless outputs see it: no decoded messages, no VALIDATE exchange list, no timeline. The VALIDATE
     * response's signature check stays ({@link ConnectionReport#validateSignature()}): the workbench shows it for a
     * packed connection, whose response message is gone.
     */
    static ConnectionReport lean(ConnectionReport r) {
        return new ConnectionReport(r.capture(), r.client(), r.server(), r.dialect(), r.verdict(), r.fatal(), r.summary(),
                r.differences(), r.signature(), r.terminatedBy(), r.frames(), r.spec(), null, null, null, null,
                leanDetails(r.details())).withSignatureChecks(r.signatureChecks()).withMatchKeys(r.matchKeys())
                .withValidateSignature(r.validateSignature());
    }

    /** The details without the timeline and the VALIDATE exchanges (the same object when it has neither). */
    private static ConnectionReport.Details leanDetails(ConnectionReport.Details d) {
        return d.timeline().isEmpty() && d.validateExchanges().isEmpty() ? d : new ConnectionReport.Details(d.firstFrame(),
                d.startTimeNanos(), d.lastFrame(), d.endTimeNanos(), d.clientGuid(), d.clientVersion(), d.clientVersionFrame(),
                d.serverVersion(), d.serverVersionFrame(), d.account(), d.validateError(), List.of(), List.of(), d.timelineTotal(),
                d.missing(), d.evidence(), d.reconnect(), d.tcpStream());
    }

    // chunks: compressed bytes and raw length; the open chunk is raw in `open`
    private final List<byte[]> chunks = new ArrayList<>();
    private final int chunkBytes;
    private final Buffer open;
    private final DataOutputStream out;
    // per report: its chunk, offset and length there (12 bytes a report)
    private int[] chunkOf = new int[64], offsetOf = new int[64], lengthOf = new int[64];
    private int count;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private byte[] scratch = new byte[CHUNK_BYTES];
    // the last two chunks decompressed: index and bytes
    private int cachedA = -1, cachedB = -1;
    private byte[] rawA, rawB;

    CompactReports() {
        this(CHUNK_BYTES);
    }

    /** Tests: smaller chunks. */
    CompactReports(int chunkBytes) {
        this.chunkBytes = chunkBytes;
        this.open = new Buffer(chunkBytes + 8192);
        this.out = new DataOutputStream(open);
    }

    /** Packs {@link #lean}({@code r}); returns its number for {@link #get}. */
    synchronized int add(ConnectionReport r) {
        int start = open.size();
        try {
            writeReport(out, r);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown: the bytes go to memory
        }
        if (count == chunkOf.length) {
            chunkOf = Arrays.copyOf(chunkOf, count * 2);
            offsetOf = Arrays.copyOf(offsetOf, count * 2);
            lengthOf = Arrays.copyOf(lengthOf, count * 2);
        }
        chunkOf[count] = chunks.size();
        offsetOf[count] = start;
        lengthOf[count] = open.size() - start;
        if (open.size() >= chunkBytes) {
            seal();
        }
        return count++;
    }

    synchronized int size() { return count; }

    /** Bytes held (compressed chunks plus the open one), for the memory figures of the benchmark notes. */
    synchronized long bytesHeld() {
        return chunks.stream().mapToLong(c -> c.length).sum() + open.size() + 12L * chunkOf.length;
    }

    /** The report numbered {@code i} by {@link #add}: {@code lean(r)}. */
    synchronized ConnectionReport get(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        int c = chunkOf[i];
        byte[] raw = c == chunks.size() ? open.bytes() : chunk(c);
        try {
            return readReport(new DataInputStream(new java.io.ByteArrayInputStream(raw, offsetOf[i], lengthOf[i])));
        } catch (IOException e) {
            throw new IllegalStateException("packed report " + i + " is damaged", e);
        }
    }

    /** No more reports: the open chunk is compressed too and the zlib state freed. */
    synchronized void seal() {
        if (open.size() > 0) {
            chunks.add(compress(open.bytes(), open.size()));
            open.reset();
        }
    }

    synchronized void close() {
        seal();
        deflater.end();
    }

    private byte[] compress(byte[] raw, int n) {
        deflater.reset();
        deflater.setInput(raw, 0, n);
        deflater.finish();
        int m = 0;
        while (!deflater.finished()) {
            if (m == scratch.length) {
                scratch = Arrays.copyOf(scratch, scratch.length * 2);
            }
            m += deflater.deflate(scratch, m, scratch.length - m);
        }
        // the raw length first, so that decompressing allocates exactly once
        byte[] packed = new byte[m + 4];
        packed[0] = (byte) (n >>> 24);
        packed[1] = (byte) (n >>> 16);
        packed[2] = (byte) (n >>> 8);
        packed[3] = (byte) n;
        System.arraycopy(scratch, 0, packed, 4, m);
        return packed;
    }

    private byte[] chunk(int c) {
        if (c == cachedA) {
            return rawA;
        }
        if (c == cachedB) {
            return rawB;
        }
        byte[] raw = inflate(chunks.get(c));
        cachedB = cachedA;
        rawB = rawA;
        cachedA = c;
        rawA = raw;
        return raw;
    }

    static byte[] inflate(byte[] packed) {
        int rawLength = (packed[0] & 0xFF) << 24 | (packed[1] & 0xFF) << 16 | (packed[2] & 0xFF) << 8 | (packed[3] & 0xFF);
        byte[] raw = new byte[rawLength];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(packed, 4, packed.length - 4);
            int n = 0;
            while (n < rawLength && !inflater.finished()) {
                int got = inflater.inflate(raw, n, rawLength - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != rawLength) {
                throw new IllegalStateException("packed reports are damaged: " + n + " of " + rawLength + " bytes");
            }
            return raw;
        } catch (DataFormatException e) {
            throw new IllegalStateException("packed reports are damaged", e);
        } finally {
            inflater.end();
        }
    }

    /** Test hook: the compressed chunk {@code c} (to damage it). */
    List<byte[]> chunks() { return chunks; }

    /** A ByteArrayOutputStream without locks that lets its array be read in place. */
    private static final class Buffer extends java.io.OutputStream {
        private byte[] buf;
        private int n;

        Buffer(int size) { buf = new byte[size]; }

        @Override public void write(int b) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = (byte) b;
        }

        @Override public void write(byte[] b, int off, int len) {
            if (n + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + len));
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        int size() { return n; }
        byte[] bytes() { return buf; }
        void reset() { n = 0; }
    }

    // ------------------------------------------------------------------------------ the report itself

    private static void writeReport(DataOutputStream o, ConnectionReport r) throws IOException {
        o.writeInt(r.capture());
        writeString(o, r.client());
        writeString(o, r.server());
        writeString(o, r.dialect());
        writeEnum(o, r.verdict());
        o.writeBoolean(r.fatal());
        writeString(o, r.summary());
        writeList(o, r.differences(), Difference.class);
        writeEnum(o, r.signature());
        writeEnum(o, r.terminatedBy());
        writeRecord(o, r.frames(), ConnectionReport.Frames.class);
        writeString(o, r.spec());
        writeRecord(o, leanDetails(r.details()), ConnectionReport.Details.class);
        writeRecord(o, r.signatureChecks(), SignatureChecks.class);
        writeRecord(o, r.validateSignature(), ValidateSignature.class);
    }

    private static ConnectionReport readReport(DataInputStream in) throws IOException {
        int capture = in.readInt();
        String client = readString(in);
        String server = readString(in);
        String dialect = readString(in);
        Verdict verdict = readEnum(in, Verdict.class);
        boolean fatal = in.readBoolean();
        String summary = readString(in);
        List<Difference> differences = readList(in, Difference.class);
        SignatureStatus signature = readEnum(in, SignatureStatus.class);
        TerminatedBy terminatedBy = readEnum(in, TerminatedBy.class);
        ConnectionReport.Frames frames = readRecord(in, ConnectionReport.Frames.class);
        String spec = readString(in);
        ConnectionReport.Details details = readRecord(in, ConnectionReport.Details.class);
        SignatureChecks checks = readRecord(in, SignatureChecks.class);
        ValidateSignature validate = readRecord(in, ValidateSignature.class);
        return new ConnectionReport(capture, client, server, dialect, verdict, fatal, summary, differences, signature,
                terminatedBy, frames, spec, null, null, null, null, details).withSignatureChecks(checks)
                .withValidateSignature(validate);
    }

    // ------------------------------------------------------------------------------ values by type

    /** The record types a packed report may hold, and the types of their components. */
    private static final List<Class<?>> RECORDS = List.of(ConnectionReport.Frames.class, ConnectionReport.Details.class,
            Difference.class, NtlmVersion.class, NtlmAccount.class, ValidateError.class, Reconnect.class, SignatureChecks.class,
            ValidateSignature.class);

    private static void writeValue(DataOutputStream o, Object v, Type type) throws IOException {
        Class<?> c = raw(type);
        if (c == int.class) {
            o.writeInt((Integer) v);
        } else if (c == long.class) {
            o.writeLong((Long) v);
        } else if (c == boolean.class) {
            o.writeBoolean((Boolean) v);
        } else if (c == String.class) {
            writeString(o, (String) v);
        } else if (c == UUID.class) {
            UUID u = (UUID) v;
            o.writeBoolean(u != null);
            if (u != null) {
                o.writeLong(u.getMostSignificantBits());
                o.writeLong(u.getLeastSignificantBits());
            }
        } else if (c.isEnum()) {
            writeEnum(o, (Enum<?>) v);
        } else if (c == List.class) {
            writeList(o, (List<?>) v, elementType(type));
        } else if (RECORDS.contains(c)) {
            writeRecord(o, v, c);
        } else {
            throw new IllegalArgumentException("cannot pack a " + c.getName() + " (add it to CompactReports)");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readValue(DataInputStream in, Type type) throws IOException {
        Class<?> c = raw(type);
        if (c == int.class) {
            return in.readInt();
        } else if (c == long.class) {
            return in.readLong();
        } else if (c == boolean.class) {
            return in.readBoolean();
        } else if (c == String.class) {
            return readString(in);
        } else if (c == UUID.class) {
            return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
        } else if (c.isEnum()) {
            return readEnum(in, (Class) c);
        } else if (c == List.class) {
            return readList(in, elementType(type));
        } else if (RECORDS.contains(c)) {
            return readRecord(in, c);
        }
        throw new IllegalArgumentException("cannot unpack a " + c.getName());
    }

    private static void writeRecord(DataOutputStream o, Object r, Class<?> type) throws IOException {
        o.writeBoolean(r != null);
        if (r == null) {
            return;
        }
        for (Component c : components(type)) {
            Object v;
            try {
                v = c.accessor.invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + c.accessor.getName(), e);
            }
            writeValue(o, v, c.type);
        }
    }

    private static <T> T readRecord(DataInputStream in, Class<T> type) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        Component[] cs = components(type);
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            args[i] = readValue(in, cs[i].type);
        }
        try {
            return type.cast(constructor(type).newInstance(args));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static void writeList(DataOutputStream o, List<?> list, Type element) throws IOException {
        o.writeInt(list == null ? -1 : list.size());
        if (list != null) {
            for (Object v : list) {
                writeValue(o, v, element);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> readList(DataInputStream in, Type element) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(readValue(in, element));
        }
        return (List<T>) list;
    }

    private static void writeString(DataOutputStream o, String s) throws IOException {
        o.writeBoolean(s != null);
        if (s != null) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8); // writeUTF stops at 64 KiB
            o.writeInt(b.length);
            o.write(b);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeEnum(DataOutputStream o, Enum<?> e) throws IOException {
        o.writeShort(e == null ? -1 : e.ordinal());
    }

    private static <E extends Enum<E>> E readEnum(DataInputStream in, Class<E> type) throws IOException {
        int ordinal = in.readShort();
        return ordinal < 0 ? null : type.getEnumConstants()[ordinal];
    }

    // ------------------------------------------------------------------------------ reflection, cached

    /** A record component: how to read it and its declared type (generic types are parsed once, not per report). */
    private record Component(java.lang.reflect.Method accessor, Type type) {}

    private static final ConcurrentHashMap<Class<?>, Component[]> COMPONENTS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

    private static Component[] components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, t -> Arrays.stream(t.getRecordComponents())
                .map(rc -> new Component(rc.getAccessor(), rc.getGenericType())).toArray(Component[]::new));
    }

    private static Constructor<?> constructor(Class<?> type) {
        return CONSTRUCTORS.computeIfAbsent(type, t -> {
            try {
                return t.getDeclaredConstructor(Arrays.stream(t.getRecordComponents()).map(RecordComponent::getType)
                        .toArray(Class<?>[]::new));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor in " + t.getName(), e);
            }
        });
    }

    private static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    private static Type elementType(Type listType) {
        if (listType instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        throw new IllegalArgumentException("a list without its element type: " + listType);
    }
}
