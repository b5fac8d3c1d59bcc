package io.signalbridge.web;

import java.util.Optional;

import io.signalbridge.salesforce.streaming.Freshness;
import io.signalbridge.salesforce.streaming.StreamPositions;
import io.signalbridge.salesforce.streaming.StreamingProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How fresh the scores are after a Salesforce change (issue 18): the percentiles of the last hour from an event's commit
 * to the write-back that followed, as measured on the node that subscribes, and how far the stream has been processed.
 */
@RestController
public class FreshnessController {

    /** {@code streaming}: whether this node subscribes; {@code figures}: null when it does not. */
    public record FreshnessView(boolean streaming, String channel, Long lastReplayId, java.time.Instant lastEventTime, Freshness.Figures figures) {
    }

    private final StreamingProperties settings;
    private final StreamPositions positions;
    private final ObjectProvider<Freshness> freshness;

    public FreshnessController(StreamingProperties settings, StreamPositions positions, ObjectProvider<Freshness> freshness) {
        this.settings = settings;
        this.positions = positions;
        this.freshness = freshness;
    }

    @GetMapping("/api/freshness")
    public FreshnessView freshness() {
        Optional<StreamPositions.Position> position = positions.find(settings.channel());
        Freshness meter = freshness.getIfAvailable();
        return new FreshnessView(meter != null, settings.channel(), position.map(StreamPositions.Position::replayId).orElse(null),
                position.map(StreamPositions.Position::eventTime).orElse(null), meter == null ? null : meter.figures());
    }
}
