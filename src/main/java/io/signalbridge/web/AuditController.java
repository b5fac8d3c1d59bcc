package io.signalbridge.web;

import java.time.Instant;
import java.util.List;

import io.signalbridge.audit.AuditLog;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log: who changed what, when, and how it ended; newest first, filtered and paged. */
@RestController
@RequestMapping("/api/audit")
public class AuditController {

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    public List<AuditLog.Entry> entries(@RequestParam(required = false) String actor,
                                        @RequestParam(required = false) String action,
                                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                        @RequestParam(defaultValue = "0") int offset,
                                        @RequestParam(defaultValue = "100") int limit) {
        return audit.list(new AuditLog.Filter(blankAsNull(actor), blankAsNull(action), from, to, offset, limit));
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
