package io.signalbridge.web;

import java.util.List;
import java.util.Map;

import io.signalbridge.writeback.SalesforceWriteback;
import io.signalbridge.writeback.WritebackDrift;
import io.signalbridge.writeback.WritebackPreview;

import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations API of the Salesforce write-back, beside the sync jobs of {@link SyncController}: preview what a
 * run would write, start a run or a drift reconciliation now (both through their routes, in the background).
 * Their runs are listed by GET /api/syncs/runs?job=salesforce-writeback (or salesforce-writeback-drift).
 */
@RestController
@RequestMapping("/api/syncs")
public class WritebackController {

    private final SalesforceWriteback writeback;
    private final ProducerTemplate camel;

    public WritebackController(SalesforceWriteback writeback, ProducerTemplate camel) {
        this.writeback = writeback;
        this.camel = camel;
    }

    /** Per object: records, how many would be written, a sample of them with the fields that would be sent. Writes nothing. */
    @PostMapping(SalesforceWriteback.JOB + "/preview")
    public List<WritebackPreview> preview() {
        return writeback.preview();
    }

    @PostMapping(SalesforceWriteback.JOB + "/run")
    @PreAuthorize("hasAnyRole('OPERATIONS', 'ADMIN')")
    public ResponseEntity<Map<String, String>> run() {
        if (writeback.isRunning()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("job", SalesforceWriteback.JOB, "status", "already running"));
        }
        camel.asyncRequestBodyAndHeaders("direct:salesforce-writeback", null, Map.of("trigger", "manual"));
        return ResponseEntity.accepted().body(Map.of("job", SalesforceWriteback.JOB, "status", "started"));
    }

    @PostMapping(WritebackDrift.JOB + "/run")
    @PreAuthorize("hasAnyRole('OPERATIONS', 'ADMIN')")
    public ResponseEntity<Map<String, String>> reconcile() {
        camel.asyncRequestBodyAndHeaders("direct:salesforce-writeback-drift", null, Map.of("trigger", "manual"));
        return ResponseEntity.accepted().body(Map.of("job", WritebackDrift.JOB, "status", "started"));
    }
}
