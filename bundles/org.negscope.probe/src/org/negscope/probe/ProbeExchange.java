package org.negscope.probe;

/** One exchange of the probe's run (NEGOTIATE, SESSION_SETUP, ...): what each works on, the shared connection state. */
abstract class ProbeExchange {
    final ProbeConnection conn;
    final ProbeOptions o;
    final ProbeResult r;

    ProbeExchange(ProbeConnection conn) {
        this.conn = conn;
        this.o = conn.o;
        this.r = conn.r;
    }
}
