package io.signalbridge.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import io.signalbridge.outreach.OutreachApiException.Kind;
import io.signalbridge.outreach.OutreachProspects.Added;
import io.signalbridge.outreach.OutreachProspects.Person;
import io.signalbridge.sandbox.outreach.OutreachOrgGenerator;
import io.signalbridge.sandbox.outreach.OutreachStore;
import io.signalbridge.failures.ExternalSystemGuard;
import io.signalbridge.marketo.Sleeper;
import io.signalbridge.sandbox.marketo.MutableTestClock;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The Outreach client against the sandbox Outreach org over HTTP: a Salesforce contact becomes a prospect in the
 * Outreach account of its Salesforce Account once, and is added to a sequence once, however often and from however
 * many threads it is asked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(MutableTestClock.Config.class)
class OutreachProspectsAgainstSandboxTest {

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;
    @Autowired
    ExternalSystemGuard guard;
    @Autowired
    OutreachStore org;

    OutreachProspects prospects;

    final AtomicInteger calls = new AtomicInteger();
    long sequence;
    long mailbox;

    @BeforeEach
    void anOutreachOrg() {
        // the application's client settings, pointed at this context's random port
        String base = "http://localhost:" + port + "/sandbox/outreach";
        var settings = new OutreachProperties(true, base + "/api/v2", base + "/oauth/token", "sandbox", "sandbox", null, null, null, 3,
                Duration.ofMillis(100), Duration.ofSeconds(60), 100, "rep01@sandbox.local");
        prospects = new OutreachProspects(new OutreachClient(settings, camel, json, guard, Clock.systemUTC(), Sleeper.THREAD));
        org.deleteAll();
        mailbox = org.insertMailbox("rep01@sandbox.local", "Sales Rep 01", false).id();
        sequence = org.insertSequence(OutreachOrgGenerator.DECISION_SEQUENCE, true, 21, java.time.Instant.now()).id();
    }

    @Test
    void aContactBecomesOneProspectInItsAccountAndJoinsTheSequenceOnce() {
        var ann = new Person("ann.lee@northwind.example", "Ann", "Lee", "VP Operations", "Northwind", "001000000000042AAA", "northwind.example");
        long prospect = prospects.findOrCreateProspect(ann, calls);
        assertThat(prospects.findOrCreateProspect(ann, calls)).as("found the second time").isEqualTo(prospect);
        assertThat(org.countProspects()).isEqualTo(1);
        var account = org.accounts(null, null, "001000000000042AAA", 0, 10).rows();
        assertThat(account).singleElement().satisfies(a -> assertThat(a.domain()).isEqualTo("northwind.example"));
        assertThat(org.prospect(prospect).orElseThrow().accountId()).isEqualTo(account.get(0).id());

        long sequenceId = prospects.sequenceId(OutreachOrgGenerator.DECISION_SEQUENCE, calls).orElseThrow();
        long mailboxId = prospects.mailboxId("rep01@sandbox.local", calls).orElseThrow();
        assertThat(sequenceId).isEqualTo(sequence);
        assertThat(prospects.addToSequence(prospect, sequenceId, mailboxId, calls)).isEqualTo(Added.ADDED);
        assertThat(prospects.addToSequence(prospect, sequenceId, mailboxId, calls)).isEqualTo(Added.ALREADY_IN_SEQUENCE);
        assertThat(org.sequenceStates(prospect, sequence, null, 0, 10).rows()).hasSize(1);
        assertThat(prospects.sequenceId("No such sequence", calls)).isEmpty();
        System.out.println("Outreach API requests for one prospect created, found again and added to a sequence twice: " + calls.get());
    }

    @Test
    void askedFromEightThreadsAtOnceAProspectIsAddedOnce() throws Exception {
        long prospect = org.insertProspect(List.of("bo@contoso.example"), "Bo", "Ng", null, null, null, false, java.time.Instant.now()).id();
        var barrier = new CyclicBarrier(8);
        var answers = new java.util.ArrayList<CompletableFuture<Added>>();
        for (int i = 0; i < 8; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return prospects.addToSequence(prospect, sequence, mailbox, calls);
            }));
        }
        List<Added> results = answers.stream().map(CompletableFuture::join).toList();
        assertThat(results).containsOnlyOnce(Added.ADDED);
        assertThat(org.sequenceStates(prospect, sequence, null, 0, 10).rows()).hasSize(1);
    }

    @Test
    void anOptedOutProspectIsAFinalRefusal() {
        long prospect = org.insertProspect(List.of("cy@contoso.example"), "Cy", "Ho", null, null, null, true, java.time.Instant.now()).id();
        assertThatThrownBy(() -> prospects.addToSequence(prospect, sequence, mailbox, calls))
                .isInstanceOfSatisfying(OutreachApiException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FINAL));
    }
}
