package io.signalbridge.scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.scoring.Rejection;
import io.signalbridge.scoring.ScoringCore;
import io.signalbridge.scoring.ScoringSettings;
import io.signalbridge.signals.PulledRecord;

import org.junit.jupiter.api.Test;

/**
 * Pulled records into the core's input: every bad input of the issue counted with its reason, converted leads as
 * their contact, and the account each kind of record bears on (what an incremental run rescores).
 */
class ScoringInputAssemblerTest {

    static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    static final ActivitySignalRules RULES = ActivitySignalRules.load(Path.of("mappings/activity-signals.yaml"));

    @Test
    void badInputsFromPulledRecordsAreCountedByReason() {
        var assembler = new ScoringInputAssembler(RULES, ScoringSettings.defaults(Map.of()), NOW);
        assembler.accept(salesforce("Account", "001A", Map.of("Industry", "Software", "Website", "www.acme.example")));
        assembler.accept(salesforce("Account", "001E", Map.of("Name", "Empty Inc")));
        assembler.accept(salesforce("Contact", "003A", Map.of("AccountId", "001A", "Title", "CTO")));
        assembler.accept(salesforce("Contact", "003X", Map.of("Title", "CFO")));
        assembler.accept(salesforce("Lead", "00QX", Map.of("Email", "x@nowhere.example", "IsConverted", "false")));
        assembler.accept(salesforce("Lead", "00QA", Map.of("Email", "y@acme.example", "IsConverted", "false")));
        assembler.accept(marketo(1, 2, "003A", "2025-06-01T10:00:00Z"));
        assembler.accept(marketo(2, 2, "003A", "2025-06-01T10:00:00Z"));
        assembler.accept(marketo(3, 999, "003A", "2025-06-01T10:00:00Z"));
        assembler.accept(marketo(4, 2, "003A", "2025-07-01T10:00:00Z"));
        assembler.accept(marketo(5, 2, "00Q-unknown", "2025-06-01T10:00:00Z"));
        assembler.accept(marketo(6, 2, "003A", "yesterday"));

        var result = new ScoringCore().score(assembler.input(), NOW);

        assertThat(result.rejections()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Rejection.DUPLICATE, 1L,                 // activities 1 and 2: same kind, time, account and person
                Rejection.UNKNOWN_KIND, 1L,              // activity type 999
                Rejection.FUTURE_TIMESTAMP, 1L,          // activity 4
                Rejection.NO_ACCOUNT, 1L,                // activity 5: a person nobody knows
                Rejection.MISSING_TIME, 1L,              // activity 6
                Rejection.PERSON_WITHOUT_ACCOUNT, 2L,    // contact 003X, lead 00QX (no account with its domain)
                Rejection.NO_FIRMOGRAPHICS, 1L));        // account 001E
        assertThat(result.people()).extracting(p -> p.personId() + "@" + p.accountId())
                .containsExactly("003A@001A", "00QA@001A");
        assertThat(result.accounts()).hasSize(2);
    }

    @Test
    void aConvertedLeadIsItsContactAndEveryRecordBearsOnItsAccount() {
        var assembler = new ScoringInputAssembler(RULES, ScoringSettings.defaults(Map.of()), NOW);
        assembler.accept(salesforce("Account", "001A", Map.of("Industry", "Software")));
        assembler.accept(salesforce("Contact", "003A", Map.of("AccountId", "001A", "Title", "CTO")));
        assembler.accept(salesforce("Lead", "00QC", Map.of("IsConverted", "true", "ConvertedAccountId", "001A",
                "ConvertedContactId", "003A", "ConvertedDate", "2025-05-01")));
        assembler.accept(salesforce("Opportunity", "006A", Map.of("AccountId", "001A", "StageName", "Prospecting",
                "CreatedDate", "2025-05-20T00:00:00Z")));
        var leadActivity = marketo(7, 2, null, "2025-04-20T10:00:00Z");
        leadActivity.fields().put("leadId", "00QC");
        assembler.accept(leadActivity);

        var result = new ScoringCore().score(assembler.input(), NOW);

        assertThat(result.people()).extracting(p -> p.personId()).containsExactly("003A");
        assertThat(result.people().get(0).engagement()).as("the lead's form fill is the contact's").isPositive();
        assertThat(result.personTraining().positives()).as("the conversion is a positive example").isEqualTo(1);

        var role = salesforce("OpportunityContactRole", "00K1", Map.of("OpportunityId", "006A", "ContactId", "003A"));
        assertThat(assembler.accountOf(role)).isEqualTo("001A");
        assertThat(assembler.accountOf(leadActivity)).isEqualTo("001A");
        assertThat(assembler.accountOf(salesforce("Contact", "003A", Map.of("AccountId", "001A")))).isEqualTo("001A");
        assertThat(assembler.accountOf(salesforce("Account", "001B", Map.of()))).isEqualTo("001B");
        assertThat(assembler.accountOf(marketo(8, 999, "003A", "2025-06-01T10:00:00Z"))).as("not a signal").isNull();
    }

    static PulledRecord salesforce(String object, String id, Map<String, String> values) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        values.forEach((name, value) -> {
            if (value.equals("true") || value.equals("false")) {
                fields.put(name, Boolean.parseBoolean(value));
            } else {
                fields.put(name, value);
            }
        });
        return new PulledRecord("salesforce", object, id, NOW, false, fields);
    }

    static PulledRecord marketo(long id, int type, String contactId, String date) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("id", id);
        fields.put("activityTypeId", type);
        fields.put("activityDate", date);
        if (contactId != null) {
            fields.put("contactId", contactId);
        }
        return new PulledRecord("marketo", "Activity", String.valueOf(id), NOW, false, fields);
    }
}
