package io.signalbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles({"sandbox", "test"})
class AuditLogTest {

    @Autowired
    AuditLog audit;

    @Test
    void entriesAreListedNewestFirstAndFilteredByActorAndAction() {
        audit.record("auditor-a", "test.first", "x", "succeeded", null);
        audit.record("auditor-a", "test.second", "y", "failed", "why");
        audit.record("auditor-b", "test.first", "z", "succeeded", null);

        var ofA = audit.list(new AuditLog.Filter("auditor-a", null, null, null, 0, 50));
        assertThat(ofA).extracting(AuditLog.Entry::action).containsExactly("test.second", "test.first");
        assertThat(audit.list(new AuditLog.Filter(null, "test.first", null, null, 0, 50))).extracting(AuditLog.Entry::actor)
                .containsExactly("auditor-b", "auditor-a");
        assertThat(audit.list(new AuditLog.Filter("auditor-a", null, Instant.now().plusSeconds(3600), null, 0, 50))).isEmpty();
        assertThat(audit.list(new AuditLog.Filter("auditor-a", null, null, null, 1, 1))).extracting(AuditLog.Entry::target).containsExactly("x");
    }
}
