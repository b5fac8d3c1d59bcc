package io.signalbridge.web;

import java.util.List;
import java.util.Map;

import io.signalbridge.salesforce.SalesforcePullJobs;
import io.signalbridge.signals.SyncRuns;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operations API of the sync jobs: what is scheduled, what ran, run one now. */
@RestController
@RequestMapping("/api/syncs")
public class SyncController {

    private final SalesforcePullJobs jobs;
    private final SyncRuns runs;

    public SyncController(SalesforcePullJobs jobs, SyncRuns runs) {
        this.jobs = jobs;
        this.runs = runs;
    }

    @GetMapping
    public List<SalesforcePullJobs.JobStatus> jobs() {
        return jobs.jobs();
    }

    @GetMapping("/runs")
    public List<SyncRuns.Run> runs(@RequestParam(required = false) String job, @RequestParam(defaultValue = "50") int limit) {
        return runs.recent(job, Math.max(1, Math.min(limit, 500)));
    }

    @PostMapping("/{job}/run")
    @PreAuthorize("hasAnyRole('OPERATIONS', 'ADMIN')")
    public ResponseEntity<Map<String, String>> run(@PathVariable String job) {
        if (!jobs.exists(job)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no sync job named '" + job + "'"));
        }
        if (!jobs.runNow(job, "manual")) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("job", job, "status", "already running"));
        }
        return ResponseEntity.accepted().body(Map.of("job", job, "status", "started"));
    }
}
