package io.signalbridge.sandbox.salesforce.streaming;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults of a real Streaming API that tests (and a demo) can cause on the sandbox org, as Salesforce causes them:
 * <ul>
 * <li>{@link #endSessions()}: the server forgets every client (an instance restart or a session timed out there);
 * the next connect is answered {@code 403::Unknown client} with advice to handshake again;</li>
 * <li>{@link #cutNextDelivery()}: the next connect that carries events is cut off mid-response (the connection closes
 * after the server has sent part of it) and the sessions end with it: the events of that response never arrive, and
 * only a client that subscribes again from the replay id it last processed gets them;</li>
 * <li>{@link #redeliverFrom(long)}: the events after a replay id are delivered again on every subscription (Salesforce
 * delivers at least once).</li>
 * </ul>
 */
public class StreamingFaults {

    private final CometdClients clients;
    private final ChangeEventLog log;
    private final AtomicBoolean cutNext = new AtomicBoolean();
    private final AtomicInteger cuts = new AtomicInteger();

    public StreamingFaults(CometdClients clients, ChangeEventLog log) {
        this.clients = clients;
        this.log = log;
    }

    public void endSessions() {
        clients.removeAll();
        log.wakeAll();
    }

    public void cutNextDelivery() {
        cutNext.set(true);
    }

    /** Every subscription delivers again the events after {@code replayId}. */
    public void redeliverFrom(long replayId) {
        clients.rewindAll(replayId);
        log.wakeAll();
    }

    /** How many connects have been cut off. */
    public int cutsMade() {
        return cuts.get();
    }

    /** Whether this delivery is to be cut (once per {@link #cutNextDelivery()}). */
    boolean takeCut() {
        boolean cut = cutNext.compareAndSet(true, false);
        if (cut) {
            cuts.incrementAndGet();
        }
        return cut;
    }
}
