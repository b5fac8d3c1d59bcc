package io.signalbridge.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.signalbridge.failures.FailedExchange;
import io.signalbridge.failures.FailedExchangeStore;
import io.signalbridge.failures.FailureAudit;
import io.signalbridge.failures.FailureFilter;
import io.signalbridge.failures.FailureReplay;
import io.signalbridge.failures.FailureReplay.Outcome;
import io.signalbridge.failures.FailureReplay.Result;
import io.signalbridge.failures.FailureStatus;
import io.signalbridge.failures.ReplayMappingVersion;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operations API of the failed-exchange store: see what failed and why, replay it, or discard it. */
@RestController
@RequestMapping("/api/failures")
public class FailuresController {

    public record Details(FailedExchange failure, List<FailureAudit> audit) {
    }

    private final FailedExchangeStore store;
    private final FailureReplay replay;

    public FailuresController(FailedExchangeStore store, FailureReplay replay) {
        this.store = store;
        this.replay = replay;
    }

    @GetMapping
    public List<FailedExchange> list(@RequestParam(required = false) String route,
                                     @RequestParam(required = false) String errorCode,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                     @RequestParam(required = false) FailureStatus status,
                                     @RequestParam(defaultValue = "100") int limit) {
        return store.list(new FailureFilter(route, errorCode, from, to, status), Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/{id}")
    public ResponseEntity<Details> get(@PathVariable long id) {
        return store.find(id).map(failure -> ResponseEntity.ok(new Details(failure, store.auditTrail(id))))
                .orElse(ResponseEntity.notFound().build());
    }

    /** {@code mappingVersion}: original (the version the failure was produced under) or current (default). */
    @PostMapping("/{id}/replay")
    public ResponseEntity<Outcome> replay(@PathVariable long id, @RequestParam(required = false) String mappingVersion, Authentication who) {
        return respond(replay.replay(id, who.getName(), ReplayMappingVersion.parse(mappingVersion)));
    }

    /** Replays every FAILED exchange the filters select (at most FailureReplay.BULK_LIMIT a call). */
    @PostMapping("/replay")
    public Map<String, Object> replayAll(@RequestParam(required = false) String route,
                                         @RequestParam(required = false) String errorCode,
                                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                         @RequestParam(required = false) String mappingVersion,
                                         Authentication who) {
        var choice = ReplayMappingVersion.parse(mappingVersion);
        List<Outcome> outcomes = replay.replayAll(new FailureFilter(route, errorCode, from, to, FailureStatus.FAILED), who.getName(), choice);
        return Map.of("replayed", outcomes.stream().filter(o -> o.result() == Result.REPLAYED).count(),
                "failedAgain", outcomes.stream().filter(o -> o.result() == Result.FAILED_AGAIN).count(),
                "mappingVersion", choice.value(),
                "outcomes", outcomes);
    }

    /** A mappingVersion other than original or current. */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @PostMapping("/{id}/discard")
    public ResponseEntity<Outcome> discard(@PathVariable long id, Authentication who) {
        return respond(replay.discard(id, who.getName()));
    }

    private static ResponseEntity<Outcome> respond(Outcome outcome) {
        HttpStatus status = switch (outcome.result()) {
            case REPLAYED, DISCARDED, FAILED_AGAIN -> HttpStatus.OK;
            case NOT_FAILED, NOT_REPLAYABLE -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
        };
        return ResponseEntity.status(status).body(outcome);
    }
}
