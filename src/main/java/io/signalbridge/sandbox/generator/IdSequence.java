package io.signalbridge.sandbox.generator;

import io.signalbridge.sandbox.salesforce.SalesforceIds;

/**
 * Numbers the generated rows in generation order, as the org's id sequence would have; the generator moves
 * the stores' sequences past the last number when it is done.
 */
final class IdSequence {

    private long next;

    IdSequence(long first) {
        this.next = first;
    }

    long next() {
        return next++;
    }

    String next(String keyPrefix) {
        return SalesforceIds.of(keyPrefix, next++);
    }

    /** The number the next row would get. */
    long peek() {
        return next;
    }
}
