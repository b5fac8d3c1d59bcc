package io.signalbridge.web;

import java.util.List;
import java.util.Map;

import io.signalbridge.writeback.MarketoLeadDrift;
import io.signalbridge.writeback.MarketoLeadPush;
import io.signalbridge.writeback.SalesforceWriteback;
import io.signalbridge.writeback.WritebackDrift;
import io.signalbridge.writeback.WritebackPreview;

import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations API of the Salesforce write-back and the Marketo lead push, beside the sync jobs of
 * {@link SyncController}: preview what a run would write, start a run or a drift reconciliation now (through
 * their routes, in the background). Their runs are listed by GET /api/syncs/runs?job=salesforce-writeback (or
 * salesforce-writeback-drift, marketo-lead-push).
 */
@RestController
@RequestMapping("/api/syncs")
public class WritebackController {

    private final SalesforceWriteback writeback;
    private final MarketoLeadPush marketoPush;
    private final ProducerTemplate camel;

    public WritebackController(SalesforceWriteback writeback, MarketoLeadPush marketoPush, ProducerTemplate camel) {
        this.writeback = writeback;
        this.marketoPush = marketoPush;
        this.camel = camel;
    }

    /** Per object: records, how many would be written, a sample of them with the fields that would be sent. Writes nothing. */
    @PostMapping(SalesforceWriteback.JOB + "/preview")
    public List<WritebackPreview> preview() {
        return writeback.preview();
    }

    @PostMapping(SalesforceWriteback.JOB + "/run")
    public ResponseEntity<Map<String, String>> run() {
        if (!writeback.reserve()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("job", SalesforceWriteback.JOB, "status", "already running"));
        }
        camel.asyncRequestBodyAndHeaders("direct:salesforce-writeback", null, Map.of("trigger", "manual"));
        return ResponseEntity.accepted().body(Map.of("job", SalesforceWriteback.JOB, "status", "started"));
    }

    @PostMapping(WritebackDrift.JOB + "/run")
    public ResponseEntity<Map<String, String>> reconcile() {
        camel.asyncRequestBodyAndHeaders("direct:salesforce-writeback-drift", null, Map.of("trigger", "manual"));
        return ResponseEntity.accepted().body(Map.of("job", WritebackDrift.JOB, "status", "started"));
    }

    /** Leads, how many would be pushed, a sample of them with the fields that would be sent; 404 without an active mapping. */
    @PostMapping(MarketoLeadDrift.JOB + "/run")
    public ResponseEntity<Map<String, String>> runMarketoDrift() {
        camel.asyncRequestBodyAndHeaders("direct:marketo-lead-push-drift", null, Map.of("trigger", "manual"));
        return ResponseEntity.accepted().body(Map.of("job", MarketoLeadDrift.JOB, "status", "started"));
    }

    @PostMapping(MarketoLeadPush.JOB + "/preview")
    public ResponseEntity<WritebackPreview> previewMarketoPush() {
        return ResponseEntity.of(marketoPush.preview());
    }

    @PostMapping(MarketoLeadPush.JOB + "/run")
    public ResponseEntity<Map<String, String>> runMarketoPush() {
        if (!marketoPush.reserve()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("job", MarketoLeadPush.JOB, "status", "already running"));
        }
        camel.asyncRequestBodyAndHeaders("direct:marketo-lead-push", null, Map.of("trigger", "manual"));
        return ResponseEntity.accepted().body(Map.of("job", MarketoLeadPush.JOB, "status", "started"));
    }
}
