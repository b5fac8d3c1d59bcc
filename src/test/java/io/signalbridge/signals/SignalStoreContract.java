package io.signalbridge.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The signal store's guarantees, run on each database it supports. */
abstract class SignalStoreContract {

    @Autowired
    SignalStore store;
    @Autowired
    ObjectMapper json;

    final String source = "test-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aPageAndItsWatermarkAreStoredTogetherAndReReadingIsIdempotent() {
        Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
        var first = record("001A", t0, "Acme");
        var second = record("001B", t0.plusSeconds(5), "Globex");

        int stored = store.commitPage(source, "Account", List.of(first, second), t0.plusSeconds(5));
        int storedAgain = store.commitPage(source, "Account", List.of(second), t0.plusSeconds(5));

        assertThat(stored).isEqualTo(2);
        assertThat(storedAgain).as("a row read again is not a change").isZero();
        assertThat(store.count(source, "Account")).isEqualTo(2);
        assertThat(store.watermark(source, "Account")).contains(t0.plusSeconds(5));
        assertThat(store.find(source, "001B").orElseThrow().fields().get("Name").asText()).isEqualTo("Globex");
    }

    @Test
    void anyTextARecordCarriesIsStoredAsItCame() {
        Instant t0 = Instant.parse("2025-03-01T10:00:00.123456Z");
        String awkward = "Smith, \"Jr.\"\nline two\r\n\\N \t é 日本 \u2028 ,,\"\"";
        var record = record("001Q\"x", t0, awkward);
        record.fields().put("empty", "");
        record.fields().putNull("nothing");

        assertThat(store.commitPage(source, "Account", List.of(record), t0)).isEqualTo(1);
        assertThat(store.commitPage(source, "Account", List.of(record("001R", t0, "the next page")), null)).isEqualTo(1);

        var stored = store.find(source, "001Q\"x").orElseThrow();
        assertThat(stored.fields()).isEqualTo(record.fields());
        assertThat(stored.systemModstamp()).isEqualTo(t0);
        assertThat(store.commitPage(source, "Account", List.of(record), t0)).as("the same text again is not a change").isZero();
    }

    @Test
    void aNewerVersionReplacesAnOlderOneButNotTheOtherWayRound() {
        Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
        store.commitPage(source, "Account", List.of(record("001C", t0.plusSeconds(60), "New name")), t0.plusSeconds(60));
        store.commitPage(source, "Account", List.of(record("001C", t0, "Old name")), t0);

        assertThat(store.find(source, "001C").orElseThrow().fields().get("Name").asText()).isEqualTo("New name");
        assertThat(store.watermark(source, "Account")).as("the watermark never moves back").contains(t0.plusSeconds(60));
    }

    @Test
    void aRecordReReadOnlyBecauseItsChangeStampsMovedIsNotAChange() {
        Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
        store.commitPage(source, "Account", List.of(stamped("001D", t0, "Acme")), t0);
        var pulledAt = new java.util.ArrayList<String>();
        store.forEachPulledAfter(t0.minusSeconds(1), r -> pulledAt.add(r.id()));

        int stampsOnly = store.commitPage(source, "Account", List.of(stamped("001D", t0.plusSeconds(30), "Acme")), t0.plusSeconds(30));
        int renamed = store.commitPage(source, "Account", List.of(stamped("001D", t0.plusSeconds(60), "Acme Corp")), t0.plusSeconds(60));

        assertThat(stampsOnly).as("our own write-back of fields not pulled moved only SystemModstamp").isZero();
        assertThat(renamed).isEqualTo(1);
        assertThat(store.find(source, "001D").orElseThrow().fields().get("Name").asText()).isEqualTo("Acme Corp");
        assertThat(pulledAt).contains("001D");
    }

    @Test
    void recordsAreFoundByTheAccountPersonAndDomainTheyName() {
        Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
        store.commitPage(source, "Account", List.of(new PulledRecord(source, "Account", "001K", t0, false,
                json.createObjectNode().put("Id", "001K").put("Website", "https://www.Keyed.example/about"))), t0);
        store.commitPage(source, "Task", List.of(
                new PulledRecord(source, "Task", "00TK1", t0, false, json.createObjectNode().put("AccountId", "001K").put("WhoId", "003K")),
                new PulledRecord(source, "Task", "00TK2", t0, false, json.createObjectNode().putNull("AccountId").put("WhoId", "003K")),
                new PulledRecord(source, "Task", "00TK3", t0, false, json.createObjectNode().put("AccountId", "001X"))), t0);

        var byAccount = new java.util.ArrayList<String>();
        store.forEachWith(source, "Task", SignalStore.Key.ACCOUNT, List.of("001K"), r -> byAccount.add(r.id()));
        var byPerson = new java.util.ArrayList<String>();
        store.forEachWith(source, "Task", SignalStore.Key.PERSON, List.of("003K"), r -> byPerson.add(r.id()));
        var byDomain = new java.util.ArrayList<String>();
        store.forEachWith(source, "Account", SignalStore.Key.DOMAIN, List.of("keyed.example"), r -> byDomain.add(r.id()));

        assertThat(byAccount).containsExactly("00TK1");
        assertThat(byPerson).containsExactly("00TK1", "00TK2");
        assertThat(byDomain).containsExactly("001K");
    }

    @Test
    void deletionsArriveAsDeletedRows() {
        Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
        store.commitPage(source, "Task", List.of(record("00TA", t0, "Call")), t0);
        var deleted = new PulledRecord(source, "Task", "00TA", t0.plusSeconds(1), true, json.createObjectNode().put("Name", "Call"));
        store.commitPage(source, "Task", List.of(deleted), t0.plusSeconds(1));

        assertThat(store.find(source, "00TA").orElseThrow().deleted()).isTrue();
    }

    private PulledRecord stamped(String id, Instant modstamp, String name) {
        return new PulledRecord(source, "Account", id, modstamp, false, json.createObjectNode().put("Id", id).put("Name", name)
                .put("SystemModstamp", modstamp.toString()));
    }

    private PulledRecord record(String id, Instant modstamp, String name) {
        return new PulledRecord(source, "Account", id, modstamp, false, json.createObjectNode().put("Id", id).put("Name", name));
    }
}
