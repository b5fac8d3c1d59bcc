package io.signalbridge.scoring;

import java.time.Instant;

/** One activity, as the core sees it: a configured kind, when, which account and (optionally) which person. */
public record Signal(String kind, Instant time, String accountId, String personId) {
}
