package io.signalbridge.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.signalbridge.mapping.MappingService;
import io.signalbridge.mapping.MappingService.Report;
import io.signalbridge.versioning.DocumentVersions.Version;
import io.signalbridge.mapping.TargetSchemaUnavailableException;
import io.signalbridge.writeback.MarketoLeadPush;
import io.signalbridge.writeback.SalesforceWriteback;
import io.signalbridge.writeback.WritebackPreview;

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
import org.springframework.web.bind.annotation.RestController;

/**
 * Field mappings: read any; change, validate a change (dry run), list versions and roll back. Bodies of
 * PUT and validate are the mapping's YAML text. Changing needs ADMIN or OPERATIONS.
 */
@RestController
@RequestMapping("/api/mappings")
public class MappingController {

    private final MappingService mappings;
    private final SalesforceWriteback writeback;
    private final MarketoLeadPush marketoPush;

    public MappingController(MappingService mappings, SalesforceWriteback writeback, MarketoLeadPush marketoPush) {
        this.marketoPush = marketoPush;
        this.mappings = mappings;
        this.writeback = writeback;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return mappings.names().stream().map(name -> mappings.active(name).<Map<String, Object>>map(a -> Map.of(
                "name", name, "version", a.version(), "object", a.mapping().object(), "fields", a.mapping().fields().size()))
                .orElse(Map.of("name", name))).toList();
    }

    @GetMapping("/{name}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable String name) {
        return mappings.active(name).<ResponseEntity<Map<String, Object>>>map(a -> ResponseEntity.ok(Map.of(
                "name", name, "version", a.version(), "content", a.content(), "mapping", a.mapping())))
                .orElse(ResponseEntity.notFound().build());
    }

    @PutMapping("/{name}")
    public ResponseEntity<Report> put(@PathVariable String name, @RequestBody String content, Authentication who) {
        if (!MappingService.validName(name)) {
            return ResponseEntity.badRequest().build();
        }
        Report report = mappings.update(name, content, who.getName(), "api");
        return ResponseEntity.status(report.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(report);
    }

    /** The report, plus (for a valid mapping) how many records the write-back or the Marketo push would change under it. */
    public record Validation(@JsonUnwrapped Report report, WritebackPreview wouldWrite) {
    }

    @PostMapping("/{name}/validate")
    public Validation validate(@PathVariable String name, @RequestBody String content) {
        Report report = mappings.validate(name, content);
        WritebackPreview wouldWrite = report.valid()
                ? mappings.parsed(name, content).map(m -> switch (m.system()) {
                    case "salesforce" -> writeback.preview(name, m);
                    case "marketo" -> marketoPush.preview(name, m);
                    default -> null;
                }).orElse(null)
                : null;
        return new Validation(report, wouldWrite);
    }

    @GetMapping("/{name}/versions")
    public List<Version> versions(@PathVariable String name) {
        return mappings.versions(name);
    }

    @PostMapping("/{name}/rollback/{version}")
    public ResponseEntity<Report> rollback(@PathVariable String name, @PathVariable int version, Authentication who) {
        return mappings.rollback(name, version, who.getName())
                .map(report -> ResponseEntity.status(report.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(report))
                .orElse(ResponseEntity.notFound().build());
    }

    @ExceptionHandler(TargetSchemaUnavailableException.class)
    ResponseEntity<Map<String, String>> describeUnavailable(TargetSchemaUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error",
                "the mapping cannot be checked now, the active version stays: " + e.getMessage()));
    }
}
