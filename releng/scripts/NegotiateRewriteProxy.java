/*
 * NegotiateRewriteProxy — a tiny TCP proxy that behaves like a WAN accelerator which "optimises" SMB2:
 * it forwards SMB2 direct-TCP traffic between a client and a server and, depending on the mode, alters
 * exactly one thing in the NEGOTIATE or FSCTL_VALIDATE_NEGOTIATE_INFO exchange. It exists only to make
 * real test captures (releng/scripts/make-captures.sh); it is not part of the product.
 *
 * Run (Java 17, no dependencies, single-file launch):
 *   java NegotiateRewriteProxy.java LISTEN_PORT TARGET_HOST:TARGET_PORT MODE [--password-file FILE] [--split-writes]
 *        [--listen ADDR] [--source ADDR [--keep-port]]
 *
 * Modes (MS-SMB2 section in brackets):
 *   none                  forward unchanged
 *   strip-resp-caps       clear one capability bit in the NEGOTIATE response (2.2.4)      -> client-side mismatch
 *   strip-req-caps        clear one capability bit in the NEGOTIATE request (2.2.3)       -> server-side mismatch
 *   resp-secmode          toggle SIGNING_REQUIRED in the NEGOTIATE response SecurityMode  -> client-side mismatch
 *   resp-guid             alter one byte of ServerGuid in the NEGOTIATE response          -> client-side mismatch
 *   req-dialects          remove the lowest dialect from the NEGOTIATE request Dialects[] -> server-side mismatch
 *   req-secmode           toggle SIGNING_REQUIRED in the NEGOTIATE request SecurityMode   -> server-side mismatch
 *   req-guid              alter one byte of ClientGuid in the NEGOTIATE request           -> server-side mismatch
 *   resp-dialect          answer the client with a lower 3.x / 2.x DialectRevision (0x0302 -> 0x0300, 0x0300 -> 0x0302,
 *                         0x0210 -> 0x0202; same signing algorithm, so the session works) -> client-side mismatch
 *   unsign-validate-resp  clear SMB2_FLAGS_SIGNED and zero the Signature of the VALIDATE response (2.2.32.6)
 *   corrupt-validate-sig  flip one bit of the VALIDATE response Signature
 *   validate-error[=NAME] replace the VALIDATE response by a correctly *signed* SMB2 ERROR response with status
 *                         NAME (NOT_SUPPORTED default, INVALID_DEVICE_REQUEST, FILE_CLOSED, ACCESS_DENIED, ...);
 *                         needs --password-file so the proxy can derive the NTLMv2 session key and sign.
 *
 * --listen ADDR listens on ADDR instead of 127.0.0.1 (e.g. 127.0.0.2, with LISTEN_PORT = the server's port: the
 * client sees the server's port at another address); --source ADDR connects to the server from ADDR, and with
 * --keep-port from the client's own source port, so both capture points show the same port numbers. Either way the
 * proxy terminates TCP and opens a new connection (new sequence numbers), as a TCP-proxying WAN accelerator does.
 *
 * --split-writes sends every forwarded message in three TCP segments (length prefix, first half, rest), so a
 * loopback capture shows messages spanning segments, which a normal stack on loopback never produces.
 *
 * With --password-file the proxy also checks the signature of every VALIDATE request/response it sees and
 * logs "signature ok/BAD" — an independent check of the signing algorithms against real Samba.
 *
 * Connection ends are mirrored: a FIN from one peer becomes a half-close towards the other, a reset or error
 * becomes a reset (SO_LINGER 0), so the capture on either side shows who ended the connection.
 * Log lines go to stderr; the password and keys are never logged.
 *
 * Why one file of this size: it runs as a single-file source program ({@code java NegotiateRewriteProxy.java ...})
 * and must not depend on NegScope's own code (it checks NegScope's signing independently), so it holds its own SMB2
 * framing, rewriting and signing.
 */

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class NegotiateRewriteProxy {

    static final int HEADER = 64;
    static final int NEGOTIATE = 0x00, SESSION_SETUP = 0x01, IOCTL = 0x0B;
    static final int FLAG_RESPONSE = 0x1, FLAG_SIGNED = 0x8;
    static final int FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204;
    // SMB2_GLOBAL_CAP_* bits we prefer to strip, most harmless first (MS-SMB2 2.2.3/2.2.4).
    static final int[] STRIP_ORDER = {0x04 /* LARGE_MTU */, 0x02 /* LEASING */, 0x01 /* DFS */,
            0x08 /* MULTI_CHANNEL */, 0x20 /* DIRECTORY_LEASING */, 0x10 /* PERSISTENT_HANDLES */, 0x40 /* ENCRYPTION */};

    static final Map<String, Integer> STATUS = Map.of(
            "NOT_SUPPORTED", 0xC00000BB, "INVALID_DEVICE_REQUEST", 0xC0000010, "FILE_CLOSED", 0xC0000128,
            "FS_DRIVER_REQUIRED", 0xC000019C, "INVALID_PARAMETER", 0xC000000D, "ACCESS_DENIED", 0xC0000022);

    enum Mode { NONE, STRIP_RESP_CAPS, STRIP_REQ_CAPS, RESP_SECMODE, RESP_GUID, REQ_DIALECTS, REQ_SECMODE, REQ_GUID, RESP_DIALECT,
        UNSIGN_VALIDATE_RESP, CORRUPT_VALIDATE_SIG, VALIDATE_ERROR }

    static Mode mode;
    static int errorStatus = 0xC00000BB;
    static String errorStatusName = "NOT_SUPPORTED";
    static String password; // null unless --password-file given; never logged
    static boolean splitWrites; // --split-writes
    static String listenAddress = "127.0.0.1"; // --listen
    static String sourceAddress; // --source (null: the system picks)
    static boolean keepPort; // --keep-port
    static final AtomicInteger connectionCounter = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            usage("missing arguments");
        }
        int listenPort = Integer.parseInt(args[0]);
        int colon = args[1].lastIndexOf(':');
        if (colon < 0) {
            usage("target must be HOST:PORT");
        }
        String targetHost = args[1].substring(0, colon);
        int targetPort = Integer.parseInt(args[1].substring(colon + 1));
        String m = args[2];
        if (m.startsWith("validate-error")) {
            mode = Mode.VALIDATE_ERROR;
            if (m.startsWith("validate-error=")) {
                errorStatusName = m.substring("validate-error=".length()).toUpperCase(Locale.ROOT);
                Integer s = STATUS.get(errorStatusName);
                if (s == null) {
                    usage("unknown status " + errorStatusName + ", known: " + STATUS.keySet());
                }
                errorStatus = s;
            }
        } else {
            try {
                mode = Mode.valueOf(m.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                usage("unknown mode " + m);
            }
        }
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--password-file") && i + 1 < args.length) {
                password = Files.readString(Path.of(args[++i]), StandardCharsets.UTF_8).strip();
            } else if (args[i].equals("--split-writes")) {
                splitWrites = true;
            } else if (args[i].equals("--listen") && i + 1 < args.length) {
                listenAddress = args[++i];
            } else if (args[i].equals("--source") && i + 1 < args.length) {
                sourceAddress = args[++i];
            } else if (args[i].equals("--keep-port")) {
                keepPort = true;
            } else {
                usage("unknown option " + args[i]);
            }
        }
        if (mode == Mode.VALIDATE_ERROR && password == null) {
            usage("validate-error needs --password-file (the error response must be signed)");
        }
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(listenAddress, listenPort));
            log("listening on " + listenAddress + ":" + listenPort + " -> " + targetHost + ":" + targetPort + " mode " + m);
            while (true) {
                Socket client = server.accept();
                int id = connectionCounter.incrementAndGet();
                Thread t = new Thread(() -> handle(id, client, targetHost, targetPort), "conn-" + id);
                t.start();
            }
        }
    }

    static void usage(String why) {
        System.err.println("NegotiateRewriteProxy: " + why);
        System.err.println("usage: java NegotiateRewriteProxy.java LISTEN_PORT TARGET_HOST:TARGET_PORT MODE [--password-file FILE] [--split-writes]"
                + " [--listen ADDR] [--source ADDR [--keep-port]]");
        System.err.println("modes: none strip-resp-caps strip-req-caps resp-secmode resp-guid req-dialects req-secmode req-guid resp-dialect "
                + "unsign-validate-resp corrupt-validate-sig validate-error[=STATUS]");
        System.exit(2);
    }

    static synchronized void log(String s) {
        System.err.println("proxy: " + s);
        System.err.flush();
    }

    static void handle(int id, Socket client, String host, int port) {
        Socket server = new Socket();
        try {
            if (sourceAddress != null) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(sourceAddress, keepPort ? client.getPort() : 0));
            }
            server.connect(new InetSocketAddress(host, port), 5000);
        } catch (IOException e) {
            log("conn " + id + ": cannot connect to server: " + e.getMessage());
            abort(client);
            return;
        }
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException ignored) {
            // only latency
        }
        Connection c = new Connection(id, client, server);
        log("conn " + id + ": " + client.getRemoteSocketAddress() + " <-> " + server.getLocalSocketAddress()
                + " -> " + server.getRemoteSocketAddress());
        Thread up = new Thread(() -> c.pump(client, server, false), "conn-" + id + "-c2s");
        Thread down = new Thread(() -> c.pump(server, client, true), "conn-" + id + "-s2c");
        up.start();
        down.start();
        try {
            up.join();
            down.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(client);
        closeQuietly(server);
        log("conn " + id + ": closed");
    }

    static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0); // close() now sends RST, like the peer did
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(s);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** State of one proxied TCP connection, shared by both pump threads. */
    static final class Connection {
        final int id;
        final Socket client, server;
        final AtomicBoolean aborted = new AtomicBoolean();
        volatile int dialect;                       // from the NEGOTIATE response
        final Map<Long, Boolean> validateRequests = new ConcurrentHashMap<>(); // MessageId -> pending
        final Map<Long, byte[]> sessionKeys = new ConcurrentHashMap<>();       // SessionId -> session key
        boolean reqRewritten, respRewritten;

        Connection(int id, Socket client, Socket server) {
            this.id = id;
            this.client = client;
            this.server = server;
        }

        void pump(Socket from, Socket to, boolean fromServer) {
            String dir = fromServer ? "server->client" : "client->server";
            try {
                // Not try-with-resources: closing a socket's stream closes the socket, and the other
                // direction may still be talking (half-close).
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] nb = new byte[4];
                while (true) {
                    int got = readFully(in, nb, 0, 4);
                    if (got == 0) {
                        break; // clean EOF between messages
                    }
                    if (got < 4) {
                        out.write(nb, 0, got);
                        break;
                    }
                    int len = ((nb[1] & 0xff) << 16) | ((nb[2] & 0xff) << 8) | (nb[3] & 0xff);
                    byte[] msg = new byte[len];
                    int n = readFully(in, msg, 0, len);
                    if (n < len || nb[0] != 0) {
                        // keep-alive or truncated message: forward as is
                        out.write(nb);
                        out.write(msg, 0, n);
                        if (n < len) {
                            break;
                        }
                        continue;
                    }
                    byte[] result = fromServer ? onServerMessage(msg) : onClientMessage(msg);
                    if (result == null) {
                        continue;
                    }
                    int rl = result.length;
                    if (splitWrites && rl >= 2) {
                        // Three writes (with TCP_NODELAY: three segments): length prefix, first half, rest —
                        // so a capture shows SMB2 messages spanning several TCP segments.
                        out.write(new byte[] {0, (byte) (rl >>> 16), (byte) (rl >>> 8), (byte) rl});
                        out.flush();
                        out.write(result, 0, rl / 2);
                        out.flush();
                        out.write(result, rl / 2, rl - rl / 2);
                    } else {
                        // One write: length prefix and message leave in one segment, as from a normal stack.
                        byte[] framed = new byte[4 + rl];
                        framed[1] = (byte) (rl >>> 16);
                        framed[2] = (byte) (rl >>> 8);
                        framed[3] = (byte) rl;
                        System.arraycopy(result, 0, framed, 4, rl);
                        out.write(framed);
                    }
                    out.flush();
                }
                log("conn " + id + ": " + dir + " FIN");
                if (!aborted.get()) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                if (aborted.compareAndSet(false, true)) {
                    log("conn " + id + ": " + dir + " " + e.getMessage() + " -> reset both sides");
                    abort(client);
                    abort(server);
                }
            }
        }

        byte[] onClientMessage(byte[] msg) {
            if (!isSmb2(msg)) {
                return msg;
            }
            int off = 0;
            while (true) {
                int cmd = u16(msg, off + 12);
                int flags = (int) u32(msg, off + 16);
                int next = (int) u32(msg, off + 20);
                int end = next == 0 ? msg.length : off + next;
                if ((flags & FLAG_RESPONSE) == 0) {
                    if (cmd == NEGOTIATE) {
                        byte[] r = rewriteNegotiateRequest(msg, off, end);
                        if (r != msg) {
                            return r;
                        }
                    } else if (cmd == SESSION_SETUP && password != null) {
                        learnSessionKey(msg, off, end);
                    } else if (cmd == IOCTL && end - off >= HEADER + 8 && (int) u32(msg, off + HEADER + 4) == FSCTL_VALIDATE_NEGOTIATE_INFO) {
                        long mid = u64(msg, off + 24);
                        validateRequests.put(mid, Boolean.TRUE);
                        log("conn " + id + ": VALIDATE request MessageId " + mid + checkSignature(msg, off, end));
                    }
                }
                if (next == 0 || end >= msg.length) {
                    return msg;
                }
                off = end;
            }
        }

        byte[] onServerMessage(byte[] msg) {
            if (!isSmb2(msg)) {
                return msg;
            }
            int off = 0;
            while (true) {
                int cmd = u16(msg, off + 12);
                int flags = (int) u32(msg, off + 16);
                int next = (int) u32(msg, off + 20);
                int end = next == 0 ? msg.length : off + next;
                if ((flags & FLAG_RESPONSE) != 0) {
                    if (cmd == NEGOTIATE && end - off >= HEADER + 28) {
                        dialect = u16(msg, off + HEADER + 4);
                        rewriteNegotiateResponse(msg, off);
                    } else if (cmd == IOCTL && validateRequests.remove(u64(msg, off + 24)) != null) {
                        byte[] r = onValidateResponse(msg, off, end, next);
                        if (r != msg) {
                            return r;
                        }
                    }
                }
                if (next == 0 || end >= msg.length) {
                    return msg;
                }
                off = end;
            }
        }

        byte[] rewriteNegotiateRequest(byte[] msg, int off, int end) {
            int b = off + HEADER;
            if (end - b < 36) {
                return msg;
            }
            switch (mode) {
                case STRIP_REQ_CAPS -> {
                    int caps = (int) u32(msg, b + 8);
                    int bit = pickBit(caps);
                    if (bit != 0) {
                        put32(msg, b + 8, caps & ~bit);
                        log(String.format("conn %d: NEGOTIATE request Capabilities 0x%08x -> 0x%08x", id, caps, caps & ~bit));
                    }
                    return msg;
                }
                case REQ_DIALECTS -> {
                    return removeLowestDialect(msg, off, end);
                }
                case REQ_SECMODE -> {
                    int sm = u16(msg, b + 4);
                    put16(msg, b + 4, sm ^ 0x2); // toggle SIGNING_REQUIRED
                    log(String.format("conn %d: NEGOTIATE request SecurityMode 0x%04x -> 0x%04x", id, sm, sm ^ 0x2));
                    return msg;
                }
                case REQ_GUID -> {
                    String before = guid(msg, b + 12);
                    msg[b + 12 + 15] ^= (byte) 0x01; // last byte of ClientGuid
                    log("conn " + id + ": NEGOTIATE request ClientGuid " + before + " -> " + guid(msg, b + 12));
                    return msg;
                }
                default -> {
                    return msg;
                }
            }
        }

        /** Drops the lowest dialect so the server still picks the same (highest common) one. */
        byte[] removeLowestDialect(byte[] msg, int off, int end) {
            int b = off + HEADER;
            int count = u16(msg, b + 2);
            if (off != 0 || end != msg.length || count < 2 || b + 36 + 2 * count > end) {
                log("conn " + id + ": NEGOTIATE request not rewritable (compound or too few dialects)");
                return msg;
            }
            int lowestIndex = 0;
            for (int i = 1; i < count; i++) {
                if (u16(msg, b + 36 + 2 * i) < u16(msg, b + 36 + 2 * lowestIndex)) {
                    lowestIndex = i;
                }
            }
            int removed = u16(msg, b + 36 + 2 * lowestIndex);
            int ctxCount = u16(msg, b + 32);
            boolean has311 = false;
            for (int i = 0; i < count; i++) {
                has311 |= u16(msg, b + 36 + 2 * i) == 0x0311;
            }
            byte[] out;
            if (has311 && ctxCount > 0) {
                // Negotiate contexts follow the dialects, 8-byte aligned from the header (2.2.3).
                int ctxOffset = (int) u32(msg, b + 28);
                int newDialectsEnd = HEADER + 36 + 2 * (count - 1);
                int newCtxOffset = (newDialectsEnd + 7) & ~7;
                byte[] ctx = Arrays.copyOfRange(msg, ctxOffset, msg.length);
                out = new byte[newCtxOffset + ctx.length];
                System.arraycopy(msg, 0, out, 0, HEADER + 36);
                copyDialectsExcept(msg, b + 36, count, lowestIndex, out, HEADER + 36);
                System.arraycopy(ctx, 0, out, newCtxOffset, ctx.length);
                put32(out, HEADER + 28, newCtxOffset);
            } else {
                out = new byte[msg.length - 2];
                System.arraycopy(msg, 0, out, 0, HEADER + 36);
                copyDialectsExcept(msg, b + 36, count, lowestIndex, out, HEADER + 36);
                int tail = HEADER + 36 + 2 * count;
                System.arraycopy(msg, tail, out, tail - 2, msg.length - tail);
            }
            put16(out, HEADER + 2, count - 1);
            log(String.format("conn %d: NEGOTIATE request Dialects: removed 0x%04x, DialectCount %d -> %d", id, removed, count, count - 1));
            return out;
        }

        void copyDialectsExcept(byte[] src, int at, int count, int skip, byte[] dst, int to) {
            for (int i = 0, j = 0; i < count; i++) {
                if (i != skip) {
                    dst[to + 2 * j] = src[at + 2 * i];
                    dst[to + 2 * j + 1] = src[at + 2 * i + 1];
                    j++;
                }
            }
        }

        void rewriteNegotiateResponse(byte[] msg, int off) {
            int b = off + HEADER;
            switch (mode) {
                case STRIP_RESP_CAPS -> {
                    int caps = (int) u32(msg, b + 24);
                    int bit = pickBit(caps);
                    if (bit != 0) {
                        put32(msg, b + 24, caps & ~bit);
                        log(String.format("conn %d: NEGOTIATE response Capabilities 0x%08x -> 0x%08x", id, caps, caps & ~bit));
                    }
                }
                case RESP_SECMODE -> {
                    int sm = u16(msg, b + 2);
                    int nsm = sm ^ 0x2; // toggle SIGNING_REQUIRED; the client still signs (it requires signing itself)
                    put16(msg, b + 2, nsm);
                    log(String.format("conn %d: NEGOTIATE response SecurityMode 0x%04x -> 0x%04x", id, sm, nsm));
                }
                case RESP_GUID -> {
                    String before = guid(msg, b + 8);
                    msg[b + 8 + 15] ^= (byte) 0x01; // last byte of ServerGuid
                    log("conn " + id + ": NEGOTIATE response ServerGuid " + before + " -> " + guid(msg, b + 8));
                }
                case RESP_DIALECT -> {
                    int d = u16(msg, b + 4);
                    // a dialect with the same signing algorithm and key derivation, so the session still works
                    int nd = d == 0x0302 ? 0x0300 : d == 0x0300 ? 0x0302 : d == 0x0210 ? 0x0202 : d == 0x0202 ? 0x0210 : d;
                    put16(msg, b + 4, nd);
                    log(String.format("conn %d: NEGOTIATE response DialectRevision 0x%04x -> 0x%04x", id, d, nd));
                }
                default -> { }
            }
        }

        byte[] onValidateResponse(byte[] msg, int off, int end, int next) {
            long status = u32(msg, off + 8);
            int flags = (int) u32(msg, off + 16);
            log(String.format("conn %d: VALIDATE response status 0x%08x flags 0x%08x%s", id, status, flags, checkSignature(msg, off, end)));
            switch (mode) {
                case UNSIGN_VALIDATE_RESP -> {
                    put32(msg, off + 16, flags & ~FLAG_SIGNED);
                    Arrays.fill(msg, off + 48, off + 64, (byte) 0);
                    log("conn " + id + ": VALIDATE response: cleared SMB2_FLAGS_SIGNED and zeroed Signature");
                }
                case CORRUPT_VALIDATE_SIG -> {
                    msg[off + 48] ^= (byte) 0x01;
                    log("conn " + id + ": VALIDATE response: flipped bit 0 of Signature byte 0");
                }
                case VALIDATE_ERROR -> {
                    if (off != 0 || next != 0) {
                        log("conn " + id + ": VALIDATE response is part of a compound chain; not replaced");
                        return msg;
                    }
                    byte[] key = signingKey(u64(msg, off + 40));
                    if (key == null) {
                        log("conn " + id + ": no session key for this session; VALIDATE response not replaced");
                        return msg;
                    }
                    // SMB2 ERROR response (2.2.2): StructureSize 9, ErrorContextCount 0, Reserved, ByteCount 0, 1 byte ErrorData.
                    byte[] err = new byte[HEADER + 9];
                    System.arraycopy(msg, 0, err, 0, HEADER);
                    put32(err, 8, errorStatus);
                    put32(err, 20, 0);
                    put32(err, 16, flags | FLAG_SIGNED);
                    put16(err, HEADER, 9);
                    sign(err, key);
                    log(String.format("conn %d: VALIDATE response replaced by signed error %s (0x%08x)", id, errorStatusName, errorStatus));
                    return err;
                }
                default -> { }
            }
            return msg;
        }

        // ---- signing (MS-SMB2 3.1.4.1) and NTLMv2 session key (MS-NLMP 3.3.2) --------------------------------

        void learnSessionKey(byte[] msg, int off, int end) {
            int b = off + HEADER;
            if (end - b < 16) {
                return;
            }
            int sbOff = off + u16(msg, b + 12);
            int sbLen = u16(msg, b + 14);
            int ntlm = indexOf(msg, sbOff, Math.min(end, sbOff + sbLen), "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII));
            if (ntlm < 0 || ntlm + 64 > end || u32(msg, ntlm + 8) != 3) {
                return; // not an AUTHENTICATE message
            }
            try {
                byte[] nt = field(msg, ntlm, 20);
                byte[] domain = field(msg, ntlm, 28);
                byte[] user = field(msg, ntlm, 36);
                byte[] encKey = field(msg, ntlm, 52);
                long flags = u32(msg, ntlm + 60);
                if (nt.length < 24 || user.length == 0) {
                    return; // anonymous or NTLMv1: no usable key
                }
                // UNICODE flag is always set by Samba/Windows; names are UTF-16LE.
                String userName = new String(user, StandardCharsets.UTF_16LE).toUpperCase(Locale.ROOT);
                String domainName = new String(domain, StandardCharsets.UTF_16LE);
                byte[] ntHash = md4(password.getBytes(StandardCharsets.UTF_16LE));
                byte[] ntowfv2 = hmac("HmacMD5", ntHash, (userName + domainName).getBytes(StandardCharsets.UTF_16LE));
                byte[] sessionBaseKey = hmac("HmacMD5", ntowfv2, Arrays.copyOf(nt, 16));
                byte[] key = sessionBaseKey;
                if ((flags & 0x40000000L) != 0 && encKey.length == 16) { // NTLMSSP_NEGOTIATE_KEY_EXCH
                    Cipher rc4 = Cipher.getInstance("ARCFOUR");
                    rc4.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sessionBaseKey, "ARCFOUR"));
                    key = rc4.doFinal(encKey);
                }
                sessionKeys.put(u64(msg, off + 40), key);
                log("conn " + id + ": derived session key for SessionId 0x" + Long.toHexString(u64(msg, off + 40)));
            } catch (GeneralSecurityException | RuntimeException e) {
                log("conn " + id + ": cannot derive session key: " + e);
            }
        }

        byte[] signingKey(long sessionId) {
            byte[] sk = sessionKeys.get(sessionId);
            if (sk == null) {
                return null;
            }
            if (dialect == 0x0300 || dialect == 0x0302) {
                try {
                    return kdf(sk, "SMB2AESCMAC\0".getBytes(StandardCharsets.US_ASCII), "SmbSign\0".getBytes(StandardCharsets.US_ASCII));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (dialect == 0x0202 || dialect == 0x0210) {
                return sk;
            }
            return null; // 3.1.1 needs the preauth integrity hash; not needed here (no VALIDATE on 3.1.1)
        }

        byte[] computeSignature(byte[] msg, int off, int end, byte[] key) throws GeneralSecurityException {
            byte[] copy = Arrays.copyOfRange(msg, off, end);
            Arrays.fill(copy, 48, 64, (byte) 0);
            if (dialect == 0x0300 || dialect == 0x0302) {
                return aesCmac(key, copy);
            }
            return Arrays.copyOf(hmac("HmacSHA256", key, copy), 16);
        }

        void sign(byte[] msg, byte[] key) {
            try {
                System.arraycopy(computeSignature(msg, 0, msg.length, key), 0, msg, 48, 16);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String checkSignature(byte[] msg, int off, int end) {
            if (password == null) {
                return "";
            }
            if ((u32(msg, off + 16) & FLAG_SIGNED) == 0) {
                return ", not signed";
            }
            byte[] key = signingKey(u64(msg, off + 40));
            if (key == null) {
                return ", signature not checkable (no key)";
            }
            try {
                byte[] sig = computeSignature(msg, off, end, key);
                return Arrays.equals(sig, Arrays.copyOfRange(msg, off + 48, off + 64)) ? ", signature ok" : ", signature BAD";
            } catch (GeneralSecurityException e) {
                return ", signature check failed: " + e.getMessage();
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static int pickBit(int caps) {
        for (int bit : STRIP_ORDER) {
            if ((caps & bit) != 0) {
                return bit;
            }
        }
        return 0;
    }

    static boolean isSmb2(byte[] m) {
        return m.length >= HEADER && (m[0] & 0xff) == 0xFE && m[1] == 'S' && m[2] == 'M' && m[3] == 'B';
    }

    static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, len - n);
            if (r < 0) {
                return n;
            }
            n += r;
        }
        return n;
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int o) {
        return (u16(b, o) | (long) u16(b, o + 2) << 16) & 0xffffffffL;
    }

    static long u64(byte[] b, int o) {
        return u32(b, o) | u32(b, o + 4) << 32;
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int o, int v) {
        put16(b, o, v);
        put16(b, o + 2, v >>> 16);
    }

    /** NTLMSSP security buffer (Len, MaxLen, Offset relative to the NTLMSSP signature). */
    static byte[] field(byte[] m, int ntlm, int at) {
        int len = u16(m, ntlm + at);
        int o = ntlm + (int) u32(m, ntlm + at + 4);
        if (len == 0) {
            return new byte[0];
        }
        if (o < ntlm || o + len > m.length) {
            throw new IllegalArgumentException("NTLMSSP field at " + at + " out of range");
        }
        return Arrays.copyOfRange(m, o, o + len);
    }

    static int indexOf(byte[] h, int from, int to, byte[] n) {
        outer:
        for (int i = Math.max(0, from); i + n.length <= to; i++) {
            for (int j = 0; j < n.length; j++) {
                if (h[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String guid(byte[] b, int o) {
        // MS GUID: Data1..3 little-endian, Data4 as bytes.
        return String.format("%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", u32(b, o), u16(b, o + 4), u16(b, o + 6),
                b[o + 8], b[o + 9], b[o + 10], b[o + 11], b[o + 12], b[o + 13], b[o + 14], b[o + 15]);
    }

    static byte[] hmac(String alg, byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(alg);
        mac.init(new SecretKeySpec(key, alg));
        return mac.doFinal(data);
    }

    /** SP800-108 counter-mode KDF with HMAC-SHA256, L = 128 (MS-SMB2 3.1.4.2). */
    static byte[] kdf(byte[] ki, byte[] label, byte[] context) throws GeneralSecurityException {
        byte[] in = new byte[4 + label.length + 1 + context.length + 4];
        in[3] = 1;
        System.arraycopy(label, 0, in, 4, label.length);
        System.arraycopy(context, 0, in, 4 + label.length + 1, context.length);
        in[in.length - 1] = (byte) 0x80; // L = 128 bits, 32-bit big-endian
        return Arrays.copyOf(hmac("HmacSHA256", ki, in), 16);
    }

    /** AES-128-CMAC (RFC 4493). */
    static byte[] aesCmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        byte[] k1 = dbl(aes.doFinal(new byte[16]));
        byte[] k2 = dbl(k1);
        int n = Math.max(1, (data.length + 15) / 16);
        boolean complete = data.length > 0 && data.length % 16 == 0;
        byte[] x = new byte[16];
        for (int i = 0; i < n; i++) {
            byte[] block = new byte[16];
            int start = i * 16;
            int len = Math.min(16, data.length - start);
            System.arraycopy(data, start, block, 0, Math.max(0, len));
            if (i == n - 1) {
                if (complete) {
                    xor(block, k1);
                } else {
                    block[Math.max(0, len)] = (byte) 0x80;
                    xor(block, k2);
                }
            }
            xor(x, block);
            x = aes.doFinal(x);
        }
        return x;
    }

    static byte[] dbl(byte[] b) {
        byte[] r = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) ((b[i] << 1) | (i < 15 ? (b[i + 1] & 0xff) >>> 7 : 0));
        }
        if ((b[0] & 0x80) != 0) {
            r[15] ^= (byte) 0x87;
        }
        return r;
    }

    static void xor(byte[] a, byte[] b) {
        for (int i = 0; i < 16; i++) {
            a[i] ^= b[i];
        }
    }

    /** MD4 (RFC 1320) — the JDK does not offer it, NTLM needs it for the NT hash. */
    static byte[] md4(byte[] msg) {
        int n = ((msg.length + 8) / 64 + 1) * 64;
        byte[] p = Arrays.copyOf(msg, n);
        p[msg.length] = (byte) 0x80;
        long bits = (long) msg.length * 8;
        for (int i = 0; i < 8; i++) {
            p[n - 8 + i] = (byte) (bits >>> (8 * i));
        }
        int a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        int[] x = new int[16];
        for (int blk = 0; blk < n; blk += 64) {
            for (int i = 0; i < 16; i++) {
                x[i] = (p[blk + 4 * i] & 0xff) | (p[blk + 4 * i + 1] & 0xff) << 8 | (p[blk + 4 * i + 2] & 0xff) << 16 | (p[blk + 4 * i + 3] & 0xff) << 24;
            }
            int aa = a, bb = b, cc = c, dd = d;
            int[] r1 = {3, 7, 11, 19};
            for (int i = 0; i < 16; i++) {
                int f = (b & c) | (~b & d);
                int t = Integer.rotateLeft(a + f + x[i], r1[i % 4]);
                a = d; d = c; c = b; b = t;
            }
            int[] r2 = {3, 5, 9, 13};
            int[] o2 = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};
            for (int i = 0; i < 16; i++) {
                int g = (b & c) | (b & d) | (c & d);
                int t = Integer.rotateLeft(a + g + x[o2[i]] + 0x5a827999, r2[i % 4]);
                a = d; d = c; c = b; b = t;
            }
            int[] r3 = {3, 9, 11, 15};
            int[] o3 = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
            for (int i = 0; i < 16; i++) {
                int h = b ^ c ^ d;
                int t = Integer.rotateLeft(a + h + x[o3[i]] + 0x6ed9eba1, r3[i % 4]);
                a = d; d = c; c = b; b = t;
            }
            a += aa; b += bb; c += cc; d += dd;
        }
        byte[] out = new byte[16];
        int[] v = {a, b, c, d};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[4 * i + j] = (byte) (v[i] >>> (8 * j));
            }
        }
        return out;
    }

    static {
        // Self-test of the hand-written primitives against published vectors, so a wrong signature in a
        // capture can never come from this file silently.
        if (!hex(md4("abc".getBytes(StandardCharsets.US_ASCII))).equals("a448017aaf21d8525fc10ae87aa6729d")) {
            throw new AssertionError("MD4 self-test failed");
        }
        try {
            byte[] k = unhex("2b7e151628aed2a6abf7158809cf4f3c");
            if (!hex(aesCmac(k, new byte[0])).equals("bb1d6929e95937287fa37d129b756746")
                    || !hex(aesCmac(k, unhex("6bc1bee22e409f96e93d7e117393172a"))).equals("070a16b46b4d4144f79bdd9dd04a287c")) {
                throw new AssertionError("AES-CMAC self-test failed");
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    static byte[] unhex(String s) {
        byte[] r = new byte[s.length() / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return r;
    }
}
