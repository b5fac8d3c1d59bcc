package io.signalbridge.web;

import java.util.List;
import java.util.Map;

import io.signalbridge.cluster.JobLeases;
import io.signalbridge.orchestration.OrchestrationActionStore;
import io.signalbridge.orchestration.OrchestrationError;
import io.signalbridge.orchestration.OrchestrationRuns;
import io.signalbridge.orchestration.OrchestrationRuns.Preview;
import io.signalbridge.orchestration.OrchestrationRuns.UnknownOrchestrationException;
import io.signalbridge.orchestration.Orchestrations;
import io.signalbridge.orchestration.PlannedAction;
import io.signalbridge.versioning.DocumentVersions.Version;
import io.signalbridge.versioning.VersionedFiles.Checked;

import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orchestrations: read, validate and save (YAML bodies, like the field mappings), versions and rollback, preview (who
 * would get what; nothing sent) and run now, and the actions done for accounts and people.
 */
@RestController
@RequestMapping("/api/orchestrations")
public class OrchestrationController {

    private final Orchestrations orchestrations;
    private final OrchestrationRuns runs;
    private final OrchestrationActionStore actions;
    private final JobLeases leases;
    private final ProducerTemplate camel;

    public OrchestrationController(Orchestrations orchestrations, OrchestrationRuns runs, OrchestrationActionStore actions, JobLeases leases,
                                   ProducerTemplate camel) {
        this.camel = camel;
        this.orchestrations = orchestrations;
        this.runs = runs;
        this.actions = actions;
        this.leases = leases;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return orchestrations.all().stream().<Map<String, Object>>map(a -> Map.of("name", a.document().name(), "version", a.version(),
                "enabled", a.document().enabled(), "description", a.document().description(), "trigger", a.document().trigger(),
                "actions", a.document().actions().stream().map(action -> action.type().key()).toList())).toList();
    }

    @GetMapping("/{name}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable String name) {
        return orchestrations.active(name).<ResponseEntity<Map<String, Object>>>map(a -> ResponseEntity.ok(Map.of("name", name,
                "version", a.version(), "content", a.content(), "orchestration", a.document()))).orElse(ResponseEntity.notFound().build());
    }

    @PutMapping("/{name}")
    public ResponseEntity<Checked<OrchestrationError>> put(@PathVariable String name, @RequestBody String content, Authentication who) {
        if (!Orchestrations.validName(name)) {
            return ResponseEntity.badRequest().build();
        }
        var report = orchestrations.update(name, content, who.getName(), "api");
        return ResponseEntity.status(report.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(report);
    }

    @PostMapping("/{name}/validate")
    public Checked<OrchestrationError> validate(@PathVariable String name, @RequestBody String content) {
        return orchestrations.validate(name, content);
    }

    @GetMapping("/{name}/versions")
    public List<Version> versions(@PathVariable String name) {
        return orchestrations.versions(name);
    }

    @PostMapping("/{name}/rollback/{version}")
    public ResponseEntity<Checked<OrchestrationError>> rollback(@PathVariable String name, @PathVariable int version, Authentication who) {
        return orchestrations.rollback(name, version, who.getName())
                .map(report -> ResponseEntity.status(report.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(report))
                .orElse(ResponseEntity.notFound().build());
    }

    @PostMapping("/{name}/preview")
    public Preview preview(@PathVariable String name) {
        return runs.preview(name);
    }

    /**
     * Starts a run in the background for the accounts in its trigger's state (its sync run: job
     * {@code orchestrations:<name>}); 409 while orchestrations run (after scoring, or another run), on any node.
     */
    @PostMapping("/{name}/run")
    public ResponseEntity<Map<String, String>> run(@PathVariable String name, Authentication who) {
        if (orchestrations.active(name).isEmpty()) {
            throw new UnknownOrchestrationException(name);
        }
        if (leases.isHeld(OrchestrationRuns.JOB)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "orchestrations are running; try again when they end"));
        }
        camel.asyncRequestBodyAndHeaders("direct:orchestration-run", null, Map.of("orchestration", name, "actor", who.getName()));
        return ResponseEntity.accepted().body(Map.of("orchestration", name, "job", OrchestrationRuns.JOB + ":" + name, "status", "started"));
    }

    @GetMapping("/actions")
    public List<PlannedAction> actions(@RequestParam(required = false) String orchestration, @RequestParam(required = false) String account,
                                       @RequestParam(defaultValue = "100") int limit) {
        return actions.recent(orchestration, account, Math.min(Math.max(limit, 1), 1_000));
    }

    @ExceptionHandler(UnknownOrchestrationException.class)
    ResponseEntity<Map<String, String>> unknown(UnknownOrchestrationException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }
}
