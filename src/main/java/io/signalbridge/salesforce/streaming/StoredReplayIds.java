package io.signalbridge.salesforce.streaming;

import java.lang.reflect.Field;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.camel.component.salesforce.internal.streaming.ReplayExtension;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-salesforce's {@code initialReplayIdMap}, read from the database each time the consumer subscribes: the
 * subscription resumes after the last event processed, on whichever node leads. A stored replay id older than the
 * org's retention cannot be replayed (Salesforce would refuse it): the subscription starts with new events (-1)
 * and a catch-up pull from the watermarks fetches what happened in between. Channels not stored start at -1 (the
 * scheduled pulls hold everything before).
 * <p>camel-salesforce's replay extension also remembers the last replay id <em>received</em> per channel, for the whole
 * JVM, and a resubscribe prefers it to this map; an event received after the route began to stop is then skipped on
 * its next start. So the value read here is handed to the extension too: a start resumes after the last event
 * <em>processed</em>. When Salesforce refuses that replay id ({@code 400::The replayId {N} you provided was invalid}),
 * camel-salesforce sets the channel to its {@code fallBackReplayId} (-1) and subscribes again, asking this map: that
 * is how a refused id shows here, and it is caught up by a pull as an expired one is.
 */
class StoredReplayIds extends AbstractMap<String, Long> {

    private static final Logger log = LoggerFactory.getLogger(StoredReplayIds.class);

    private final StreamPositions positions;
    private final StreamingProperties settings;
    private final Clock clock;
    private final Consumer<String> catchUp;
    /** The replay id last given to camel-salesforce per channel. */
    private final Map<String, Long> handedOut = new HashMap<>();

    StoredReplayIds(StreamPositions positions, StreamingProperties settings, Clock clock, Consumer<String> catchUp) {
        this.positions = positions;
        this.settings = settings;
        this.clock = clock;
        this.catchUp = catchUp;
    }

    @Override
    public synchronized Long get(Object channel) {
        String name = String.valueOf(channel);
        Long replayId = stored(name);
        if (replayId != null && replayId >= 0 && replayId.equals(handedOut.get(name)) && Long.valueOf(-1L).equals(camelReplayId(name))) {
            log.warn("Salesforce refused replay id {} of {}: catching up by a pull, then new events only", replayId, name);
            positions.forget(name);
            catchUp.accept(name);
            replayId = -1L;
        }
        if (replayId != null) {
            resumeCamelAt(name, replayId);
            handedOut.put(name, replayId);
        }
        return replayId;
    }

    private Long stored(String name) {
        if (!name.equals(settings.channel())) {
            return null;
        }
        var position = positions.find(name);
        if (position.isEmpty()) {
            return -1L;
        }
        // an hour's margin: the subscribe must reach Salesforce before the event leaves the retention window
        if (position.get().eventTime().isBefore(clock.instant().minus(settings.retention()).plusSeconds(3600))) {
            log.warn("Replay id {} of {} is past Salesforce's retention ({}): catching up by a pull, then new events only",
                    position.get().replayId(), name, settings.retention());
            positions.forget(name);
            catchUp.accept(name);
            return -1L;
        }
        return position.get().replayId();
    }

    private static void resumeCamelAt(String channel, long replayId) {
        try {
            camelExtension().setReplayId(channel, replayId);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("camel-salesforce's replay extension could not be set ({}): a restarted subscription resumes after the last event received", e.toString());
        }
    }

    /** The replay id camel-salesforce will subscribe the channel with next; null when not known. */
    private static Long camelReplayId(String channel) {
        try {
            Field dataMap = ReplayExtension.class.getDeclaredField("dataMap");
            dataMap.setAccessible(true);
            return (Long) ((Map<?, ?>) dataMap.get(camelExtension())).get(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static ReplayExtension camelExtension() throws ReflectiveOperationException {
        Field field = SubscriptionHelper.class.getDeclaredField("REPLAY_EXTENSION");
        field.setAccessible(true);
        return (ReplayExtension) field.get(null);
    }

    @Override
    public Long getOrDefault(Object key, Long defaultValue) {
        Long value = get(key);
        return value == null ? defaultValue : value;
    }

    @Override
    public Set<Map.Entry<String, Long>> entrySet() {
        Long value = stored(settings.channel());
        return value == null ? Set.of() : Set.of(Map.entry(settings.channel(), value));
    }
}
