package io.signalbridge.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.signalbridge.segments.Segment;
import io.signalbridge.segments.SegmentConflictException;
import io.signalbridge.segments.SegmentDraft;
import io.signalbridge.segments.SegmentService;
import io.signalbridge.segments.SegmentStore;
import io.signalbridge.segments.SegmentValidationException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
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
 * Segments: any user reads; ADMIN, OPERATIONS and MARKETING create, change, delete and upload lists; only ADMIN and
 * OPERATIONS publish or unpublish. Refusals answer 422 with every error (400 for a body that is not JSON), 409
 * when the segment's state forbids the change.
 */
@RestController
@RequestMapping("/api/segments")
public class SegmentController {

    private static final int MAX_PAGE = 2_000;

    private final SegmentService segments;

    public SegmentController(SegmentService segments) {
        this.segments = segments;
    }

    public record SegmentView(Segment segment, int members, List<String> warnings) {
    }

    @GetMapping
    public List<SegmentView> list() {
        return segments.list().stream().map(s -> new SegmentView(s, segments.memberCount(s.id()), null)).toList();
    }

    @PostMapping
    public ResponseEntity<SegmentView> create(@RequestBody SegmentDraft draft, Authentication who) {
        var saved = segments.create(draft, who.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(new SegmentView(saved.segment(), 0, saved.warnings()));
    }

    @GetMapping("/{id}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable long id) {
        return segments.find(id).<ResponseEntity<Map<String, Object>>>map(segment -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("segment", segment);
            body.put("members", segments.memberCount(id));
            body.put("publishHistory", segments.publishHistory(id));
            return ResponseEntity.ok(body);
        }).orElse(ResponseEntity.notFound().build());
    }

    @PutMapping("/{id}")
    public ResponseEntity<SegmentView> update(@PathVariable long id, @RequestBody SegmentDraft draft) {
        return segments.update(id, draft)
                .map(saved -> ResponseEntity.ok(new SegmentView(saved.segment(), segments.memberCount(id), saved.warnings())))
                .orElse(ResponseEntity.notFound().build());
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable long id) {
        return segments.delete(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @PostMapping("/{id}/publish")
    public ResponseEntity<SegmentStore.PublishEvent> publish(@PathVariable long id, Authentication who) {
        return segments.publish(id, who.getName()).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    @PostMapping("/{id}/unpublish")
    public ResponseEntity<SegmentStore.PublishEvent> unpublish(@PathVariable long id, Authentication who) {
        return segments.unpublish(id, who.getName()).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    /** Members by account id, {@code limit} (≤ 2,000) at a time after {@code after}. */
    @GetMapping("/{id}/members")
    public ResponseEntity<Map<String, Object>> members(@PathVariable long id, @RequestParam(required = false) String after,
                                                       @RequestParam(defaultValue = "500") int limit) {
        if (segments.find(id).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        int size = pageSize(limit);
        var page = segments.members(id, after, size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", segments.memberCount(id));
        body.put("members", page);
        if (page.size() == size) {
            body.put("next", page.get(page.size() - 1).accountId());
        }
        return ResponseEntity.ok(body);
    }

    /** The segment's entries and exits, oldest first, {@code limit} (≤ 2,000) at a time after event {@code after}. */
    @GetMapping("/{id}/member-events")
    public ResponseEntity<Map<String, Object>> memberEvents(@PathVariable long id, @RequestParam(defaultValue = "0") long after,
                                                            @RequestParam(defaultValue = "500") int limit) {
        if (segments.find(id).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        int size = pageSize(limit);
        var page = segments.memberEvents(id, after, size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page);
        if (page.size() == size) {
            body.put("next", page.get(page.size() - 1).id());
        }
        return ResponseEntity.ok(body);
    }

    /** The membership step of each scoring run, newest first: entries, exits, names changed or refused, audience calls. */
    @GetMapping("/runs")
    public Map<String, Object> membershipRuns(@RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
        int size = pageSize(limit);
        var page = segments.membershipRuns(before, size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", page);
        if (page.size() == size) {
            body.put("next", page.get(page.size() - 1).id());
        }
        return body;
    }

    private static int pageSize(int limit) {
        return Math.max(1, Math.min(limit, MAX_PAGE));
    }

    /** A CSV of Salesforce Account ids or domains (text/csv or text/plain body); rows that match nothing come back. */
    @PostMapping(value = "/{id}/list-upload", consumes = {"text/csv", "text/plain", "application/octet-stream"})
    public ResponseEntity<SegmentService.UploadReport> upload(@PathVariable long id, @RequestBody(required = false) String csv,
                                                              Authentication who) {
        return segments.uploadList(id, csv, who.getName()).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    @ExceptionHandler(SegmentValidationException.class)
    public ResponseEntity<Map<String, Object>> invalid(SegmentValidationException e) {
        return ResponseEntity.unprocessableEntity().body(Map.of("errors", e.errors()));
    }

    @ExceptionHandler(SegmentConflictException.class)
    public ResponseEntity<Map<String, Object>> conflict(SegmentConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}
