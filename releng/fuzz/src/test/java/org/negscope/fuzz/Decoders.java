package org.negscope.fuzz;

import java.util.function.Consumer;
import org.negscope.smb2.ErrorResponse;
import org.negscope.smb2.Field;
import org.negscope.smb2.FieldTree;
import org.negscope.smb2.IoctlRequest;
import org.negscope.smb2.IoctlResponse;
import org.negscope.smb2.Logoff;
import org.negscope.smb2.NegotiateRequest;
import org.negscope.smb2.NegotiateResponse;
import org.negscope.smb2.NtlmMessage;
import org.negscope.smb2.SessionSetupRequest;
import org.negscope.smb2.SessionSetupResponse;
import org.negscope.smb2.Smb2FormatException;
import org.negscope.smb2.Smb2Message;
import org.negscope.smb2.TreeConnectRequest;
import org.negscope.smb2.TreeConnectResponse;
import org.negscope.smb2.ValidateNegotiateInfoRequest;
import org.negscope.smb2.ValidateNegotiateInfoResponse;

/**
 * Runs every SMB2 body decoder of the smb2 bundle on one message. The contract (package-info of
 * org.negscope.smb2): malformed input surfaces only as {@link Smb2FormatException} with a message;
 * {@link FieldTree#describe} never throws; field offsets and lengths are never negative. Anything else
 * propagates and is a finding.
 */
final class Decoders {
    private Decoders() {}

    /** Returns how many decoders accepted the message (for statistics). */
    static int all(Smb2Message m) {
        fields(FieldTree.describe(m));
        int ok = 0;
        ok += run(() -> NegotiateRequest.decode(m).toString(), () -> fields(NegotiateRequest.describe(m)));
        ok += run(() -> NegotiateResponse.decode(m).toString(), () -> fields(NegotiateResponse.describe(m)));
        ok += run(() -> {
            SessionSetupRequest r = SessionSetupRequest.decode(m);
            r.spnego();
            NtlmMessage n = r.ntlmssp();
            if (n != null) n.toString();
        }, () -> fields(SessionSetupRequest.describe(m)));
        ok += run(() -> {
            SessionSetupResponse r = SessionSetupResponse.decode(m);
            r.spnego();
            NtlmMessage n = r.ntlmssp();
            if (n != null) n.toString();
        }, () -> fields(SessionSetupResponse.describe(m)));
        ok += run(() -> TreeConnectRequest.decode(m).toString(), () -> fields(TreeConnectRequest.describe(m)));
        ok += run(() -> TreeConnectResponse.decode(m).toString(), () -> fields(TreeConnectResponse.describe(m)));
        ok += run(() -> Logoff.decode(m), () -> fields(Logoff.describe(m)));
        ok += run(() -> {
            IoctlRequest r = IoctlRequest.decode(m);
            if (r.isValidateNegotiateInfo()) ValidateNegotiateInfoRequest.decode(r.input()).toString();
        }, () -> fields(IoctlRequest.describe(m)));
        ok += run(() -> {
            IoctlResponse r = IoctlResponse.decode(m);
            if (r.isValidateNegotiateInfo()) ValidateNegotiateInfoResponse.decode(r.output()).toString();
        }, () -> fields(IoctlResponse.describe(m)));
        ok += run(() -> ValidateNegotiateInfoRequest.decode(m).toString(), null);
        ok += run(() -> ValidateNegotiateInfoResponse.decode(m).toString(), null);
        ok += run(() -> {
            if (ErrorResponse.isErrorResponse(m)) ErrorResponse.decode(m).toString();
        }, () -> fields(ErrorResponse.describe(m)));
        return ok;
    }

    /**
     * What the analysis does with a delivered message: the decoder of its own command; with {@code tree} also its field
     * tree (the UI's view; string-heavy, so callers that see many messages ask for it now and then).
     */
    static void own(Smb2Message m, boolean tree) {
        if (tree) fields(FieldTree.describe(m));
        boolean rsp = m.header().isResponse();
        try {
            if (ErrorResponse.isErrorResponse(m)) {
                ErrorResponse.decode(m);
                return;
            }
            switch (m.header().command()) {
                case 0 -> { if (rsp) NegotiateResponse.decode(m); else NegotiateRequest.decode(m); }
                case 1 -> { if (rsp) SessionSetupResponse.decode(m).ntlmssp(); else SessionSetupRequest.decode(m).ntlmssp(); }
                case 3 -> { if (rsp) TreeConnectResponse.decode(m); else TreeConnectRequest.decode(m); }
                case 0x0B -> {
                    if (rsp) {
                        IoctlResponse r = IoctlResponse.decode(m);
                        if (r.isValidateNegotiateInfo()) ValidateNegotiateInfoResponse.decode(r.output());
                    } else {
                        IoctlRequest r = IoctlRequest.decode(m);
                        if (r.isValidateNegotiateInfo()) ValidateNegotiateInfoRequest.decode(r.input());
                    }
                }
                default -> { }
            }
        } catch (Smb2FormatException e) {
            formatException(e);
        }
    }

    private static int run(Runnable decode, Runnable describe) {
        int ok = 0;
        try {
            decode.run();
            ok = 1;
        } catch (Smb2FormatException e) {
            formatException(e);
        }
        if (describe != null) {
            try {
                describe.run();
            } catch (Smb2FormatException e) {
                formatException(e);
            }
        }
        return ok;
    }

    static void formatException(Smb2FormatException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("Smb2FormatException without message", e);
    }

    /** Walks a field tree: offsets and lengths must be usable by a hex view. */
    static void fields(Field f) {
        walk(f, x -> {
            if (x.offset() < 0 || x.length() < 0) {
                throw new AssertionError("field " + x.name() + " at " + x.offset() + "+" + x.length());
            }
            if (x.name() == null) throw new AssertionError("field without a name");
        });
    }

    private static void walk(Field f, Consumer<Field> c) {
        c.accept(f);
        for (Field k : f.children()) walk(k, c);
    }
}
