package io.signalbridge.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.signalbridge.jobs.QuartzSchedules;
import io.signalbridge.marketo.sixqa.SixQaDecision;
import io.signalbridge.marketo.sixqa.SixQaScoring;
import io.signalbridge.marketo.sixqa.SixQaScoringProperties;
import io.signalbridge.marketo.sixqa.SixQaStore;

import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operations API of the Marketo 6QA behaviour-scoring rule: its decisions, its waiting timers, run it now. */
@RestController
@RequestMapping("/api/marketo/six-qa-scoring")
public class MarketoSixQaController {

    static final int MAX_PAGE_SIZE = 500;

    /** The rule's settings and state as ops see them. */
    public record Status(String action, String cron, Instant nextFire, boolean running, String waitTime, int points, String limitWindow,
                         List<String> excludedStatuses, List<String> filters, long cursor, List<SixQaStore.Timer> openTimers) {
    }

    private final SixQaStore store;
    private final SixQaScoring scoring;
    private final SixQaScoringProperties settings;
    private final QuartzSchedules schedules;
    private final ProducerTemplate camel;

    public MarketoSixQaController(SixQaStore store, SixQaScoring scoring, SixQaScoringProperties settings, QuartzSchedules schedules,
                                  ProducerTemplate camel) {
        this.store = store;
        this.scoring = scoring;
        this.settings = settings;
        this.schedules = schedules;
        this.camel = camel;
    }

    /** Decisions, newest first; {@code decision} is one of {@link SixQaDecision} (case ignored, '-' for '_'). */
    @GetMapping
    public ResponseEntity<?> decisions(@RequestParam(required = false) String account,
                                       @RequestParam(required = false) Long lead,
                                       @RequestParam(required = false) String decision,
                                       @RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "50") int size) {
        SixQaDecision kind = null;
        if (decision != null && !decision.isBlank()) {
            try {
                kind = SixQaDecision.valueOf(decision.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException unknown) {
                return ResponseEntity.badRequest().body(Map.of("error", "unknown decision '" + decision + "'", "decisions",
                        List.of(SixQaDecision.values())));
            }
        }
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            return ResponseEntity.badRequest().body(Map.of("error", "page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE));
        }
        return ResponseEntity.ok(store.decisions(account, lead, kind, page, size));
    }

    @GetMapping("/status")
    public Status status(@RequestParam(required = false) String account) {
        return new Status(settings.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), settings.cron(),
                schedules.nextFire("marketo-six-qa"), scoring.isRunning(), settings.waitTime().toString(), settings.points(),
                settings.limitWindow().toString(), settings.excludedStatuses(), settings.filters().stream().map(Object::toString).toList(),
                store.cursor(), store.openTimers(account));
    }

    @PostMapping("/run")
    public ResponseEntity<Map<String, String>> run() {
        if (!scoring.reserve()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("status", "already running"));
        }
        camel.asyncRequestBodyAndHeader("direct:marketo-six-qa", null, "trigger", "manual");
        return ResponseEntity.accepted().body(Map.of("status", "started"));
    }
}
