package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.generator.GeneratedDemoOrg;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.scoring.ScoringCore;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * An incremental run reads only the touched accounts' records through the store's record keys. Whatever touched
 * them (a Marketo activity naming only a contact, a Task, a new lead matched by its e-mail domain, a campaign
 * response of a lead, a contact moved to another account, a contact role), the keyed read must score those accounts
 * and their people exactly as a read of the whole store does with the same models.
 */
@SpringBootTest
@ActiveProfiles({"sandbox", "test"})
class IncrementalReadTest {

    static final GeneratedDemoOrg ORG = GeneratedDemoOrg.generate(7, 150);

    @TestConfiguration(proxyBeanMethods = false)
    static class Time {
        @Bean
        @Primary
        MutableTestClock incrementalReadClock() {
            return new MutableTestClock(ORG.now().plus(Duration.ofHours(1)));
        }
    }

    @Autowired
    SignalStore store;
    @Autowired
    AccountScoring scoring;
    @Autowired
    AccountScores scores;
    @Autowired
    ScoringModels models;
    @Autowired
    ScoringProperties properties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableTestClock clock;

    @Test
    void theKeyedReadScoresTheTouchedAccountsAsAReadOfTheWholeStoreDoes() {
        var byObject = new LinkedHashMap<List<String>, List<PulledRecord>>();
        DemoOrgRecords.of(ORG).forEach(r -> byObject.computeIfAbsent(List.of(r.source(), r.objectName()), k -> new ArrayList<>()).add(r));
        byObject.forEach((key, records) -> store.commitPage(key.get(0), key.get(1), records, null));
        clock.advance(Duration.ofMinutes(30));
        assertThat(scoring.score(true).type()).isEqualTo(AccountScoring.RunType.FULL);
        Instant since = scores.lastSignalsUntil().orElseThrow();
        clock.advance(Duration.ofMinutes(30));
        Instant at = clock.instant().minus(Duration.ofMinutes(5));

        var accounts = jdbc.queryForList("select account_id from account_score order by account_id", String.class);
        String contactOnly = contactOf(accounts.get(3));
        store.commitPage("marketo", "Activity", List.of(activity(990_001, contactOnly, at)), null);
        store.commitPage("salesforce", "Task", List.of(record("00TNEW1", at, "AccountId", accounts.get(10), "WhoId", null,
                "Subject", "Call", "TaskSubtype", "Call", "CreatedDate", at.toString())), null);
        String domain = jdbc.queryForObject("select domain_key from signal_record where id = ?", String.class, accounts.get(20));
        store.commitPage("salesforce", "Lead", List.of(record("00QNEW1", at, "Email", "new.person@" + domain, "Title", "VP Marketing",
                "IsConverted", "false", "CreatedDate", at.toString())), null);
        store.commitPage("salesforce", "CampaignMember", List.of(record("00vNEW1", at, "LeadId", "00QNEW1", "HasResponded", "true",
                "FirstRespondedDate", at.toString(), "CreatedDate", at.toString())), null);
        String moved = contactOf(accounts.get(30));
        store.commitPage("salesforce", "Contact", List.of(movedContact(moved, accounts.get(31), at)), null);
        String opportunity = jdbc.queryForObject("select min(id) from signal_record where object_name = 'Opportunity' and account_key = ?",
                String.class, accounts.get(40));
        if (opportunity != null) {
            store.commitPage("salesforce", "OpportunityContactRole", List.of(record("00KNEW1", at, "OpportunityId", opportunity,
                    "ContactId", contactOf(accounts.get(41)), "CreatedDate", at.toString())), null);
        }

        var touched = new TouchedAccounts(store, scores).since(since);
        assertThat(touched.accounts()).contains(accounts.get(3), accounts.get(10), accounts.get(20), accounts.get(30), accounts.get(31))
                .hasSizeLessThan(accounts.size() / 2);
        assertThat(touched.leads()).contains("00QNEW1");

        var rules = ActivitySignalRules.load(properties.signals());
        Instant now = clock.instant();
        Instant asOf = AccountScoring.scoringInstant(now, properties.zone());
        var trained = models.latest().orElseThrow().models();
        var core = new ScoringCore();
        var keyed = ScoringInputAssembler.fromStoreFor(store, rules, properties.settings(), now, touched.accounts(), touched.leads(),
                new TouchedAccounts(store, scores)::accountOfDomain).input();
        var whole = ScoringInputAssembler.fromStore(store, rules, properties.settings(), now).input();
        var fromKeys = core.score(keyed, asOf, trained, touched.accounts());
        var fromWhole = core.score(whole, asOf, trained, touched.accounts());

        assertThat(fromKeys.accounts()).hasSize(touched.accounts().size()).isEqualTo(fromWhole.accounts());
        assertThat(fromKeys.people()).isNotEmpty().isEqualTo(fromWhole.people());
        assertThat(fromKeys.people()).anySatisfy(p -> assertThat(p.personId()).isEqualTo("00QNEW1"));
        assertThat(fromKeys.people()).anySatisfy(p -> {
            assertThat(p.personId()).isEqualTo(moved);
            assertThat(p.accountId()).isEqualTo(accounts.get(31));
        });

        var run = scoring.run();
        assertThat(run.type()).isEqualTo(AccountScoring.RunType.INCREMENTAL);
        assertThat(run.accounts()).isEqualTo(touched.accounts().size());
    }

    String contactOf(String accountId) {
        return jdbc.queryForObject("select min(person_id) from person_score where account_id = ? and person_type = 'CONTACT'",
                String.class, accountId);
    }

    PulledRecord movedContact(String contactId, String newAccount, Instant at) {
        var fields = (ObjectNode) store.find("salesforce", contactId).orElseThrow().fields().deepCopy();
        fields.put("AccountId", newAccount);
        return new PulledRecord("salesforce", "Contact", contactId, at, false, fields);
    }

    static PulledRecord record(String id, Instant modstamp, String... namesAndValues) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("Id", id);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value == null) {
                fields.putNull(namesAndValues[i]);
            } else if (Set.of("true", "false").contains(value)) {
                fields.put(namesAndValues[i], Boolean.parseBoolean(value));
            } else {
                fields.put(namesAndValues[i], value);
            }
        }
        String object = switch (id.substring(0, 3)) {
            case "00T" -> "Task";
            case "00Q" -> "Lead";
            case "00v" -> "CampaignMember";
            case "00K" -> "OpportunityContactRole";
            default -> throw new IllegalArgumentException(id);
        };
        return new PulledRecord("salesforce", object, id, modstamp, false, fields);
    }

    static PulledRecord activity(long id, String contactId, Instant at) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("id", id);
        fields.put("activityTypeId", 2);
        fields.put("activityDate", at.toString());
        fields.put("contactId", contactId);
        return new PulledRecord("marketo", "Activity", String.valueOf(id), at, false, fields);
    }
}
