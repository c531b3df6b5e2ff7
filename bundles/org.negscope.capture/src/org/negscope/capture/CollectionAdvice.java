package org.negscope.capture;

/**
 * How to collect a Windows trace NegScope can use, in one wording for every reader that finds a file without packets
 * (ETL, Message Analyzer, Network Monitor): the README's "How to collect a good trace on Windows" in one sentence.
 */
final class CollectionAdvice {
    private CollectionAdvice() {}

    /** Appended to the refusal of a trace that holds no packets. */
    static final String HOW_TO_CAPTURE = "to capture packets, run: pktmon filter add -p 445, then pktmon start --capture"
            + " --pkt-size 0 --file-size 512 --file-name C:\\negscope.etl (stop with pktmon stop); or: netsh trace start"
            + " capture=yes IPv4.Address=SERVER report=disabled maxsize=512 tracefile=C:\\negscope.etl (stop with netsh trace stop)";
}
