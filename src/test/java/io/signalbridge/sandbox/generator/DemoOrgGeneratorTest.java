package io.signalbridge.sandbox.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.signalbridge.sandbox.salesforce.SalesforceRecord;

import org.junit.jupiter.api.Test;

class DemoOrgGeneratorTest {

    @Test
    void sameSettingsGiveIdenticalOrgsAndAnotherSeedDoesNot() throws Exception {
        var first = SandboxOrgFixture.inMemory();
        var second = SandboxOrgFixture.inMemory();
        var third = SandboxOrgFixture.inMemory();

        first.generator().generate(SandboxOrgFixture.settings(42, 40));
        second.generator().generate(SandboxOrgFixture.settings(42, 40).withBatchSize(777));
        third.generator().generate(SandboxOrgFixture.settings(43, 40));

        assertThat(digest(second)).isEqualTo(digest(first));
        assertThat(digest(third)).isNotEqualTo(digest(first));
    }

    @Test
    void aLargerScaleAppendsAccountsWithoutChangingTheFirstOnes() {
        var small = new CollectingSink(true);
        var large = new CollectingSink(true);
        generator().generate(SandboxOrgFixture.settings(42, 20), small);
        generator().generate(SandboxOrgFixture.settings(42, 35), large);

        assertThat(large.records.subList(0, small.records.size())).isEqualTo(small.records);
        assertThat(large.leads.subList(0, small.leads.size())).isEqualTo(small.leads);
        assertThat(large.activities.subList(0, small.activities.size())).isEqualTo(small.activities);
        assertThat(large.records.size()).isGreaterThan(small.records.size());
    }

    @Test
    void streamsAccountByAccountWithoutHoldingTheOrg() {
        // The generator hands each account's rows to the sink and keeps nothing across accounts: what one
        // account emits is bounded, whatever the scale, and the store sink writes a batch out per batchSize rows.
        var sink = new CollectingSink(false);
        generator().generate(SandboxOrgFixture.settings(42, 600), sink);

        assertThat(sink.rowsPerAccount).hasSize(600);
        assertThat(sink.rowsPerAccount.stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThan(1_500);
        assertThat(sink.finished).isTrue();

        var org = SandboxOrgFixture.inMemory();
        var summary = org.generator().generate(SandboxOrgFixture.settings(42, 120).withBatchSize(1_000));
        assertThat(summary.largestBatch()).isLessThan(1_000 + 1_500);
        assertThat(summary.total()).isEqualTo(org.salesforce().countAll() + org.marketo().countLeads() + org.marketo().countActivities());
    }

    @Test
    void idSequencesContinueAfterTheGeneratedIds() {
        var org = SandboxOrgFixture.inMemory();
        var summary = org.generator().generate(SandboxOrgFixture.settings(42, 10));

        String next = org.salesforce().newId("001");
        assertThat(org.salesforce().find(next)).isEmpty();
        assertThat(next).isEqualTo(io.signalbridge.sandbox.salesforce.SalesforceIds.of("001", summary.salesforceRecords() + 1));
        assertThat(org.marketo().nextId()).isEqualTo(summary.count(GenerationSummary.MARKETO_LEAD)
                + summary.count(GenerationSummary.MARKETO_ACTIVITY) + 1);
    }

    @Test
    void companyNamesAndDomainsAreUniqueAcrossAllCombinations() {
        Set<String> domains = new java.util.HashSet<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < CompanyNames.COMBINATIONS; i++) {
            CompanyNames.CompanyName name = CompanyNames.combination(i);
            assertThat(domains.add(name.domain())).as(name.domain()).isTrue();
            assertThat(names.add(name.name())).as(name.name()).isTrue();
        }
        var companies = new CompanyNames(42);
        var accounts = java.util.stream.IntStream.range(0, 2_000).mapToObj(companies::account).collect(Collectors.toSet());
        var outsiders = java.util.stream.IntStream.range(0, 2_000).mapToObj(companies::outsider).collect(Collectors.toSet());
        assertThat(accounts).hasSize(2_000).doesNotContainAnyElementsOf(outsiders);
    }

    @Test
    void everyRecordHoldsEveryFieldOfItsObject() {
        var sink = new CollectingSink(true);
        generator().generate(SandboxOrgFixture.settings(42, 5), sink);

        for (SalesforceRecord record : sink.records) {
            List<String> expected = SandboxOrgFixture.SCHEMA.object(record.objectName()).orElseThrow().storedFields().stream()
                    .map(f -> f.name()).toList();
            assertThat(iterable(record.fields().fieldNames())).as(record.objectName()).containsExactlyElementsOf(expected);
        }
        assertThat(sink.records.stream().map(SalesforceRecord::objectName).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("Campaign", "Account", "Contact", "Lead", "CampaignMember", "Opportunity",
                        "OpportunityHistory", "OpportunityContactRole", "Task", "Event");
    }

    /** For runs into a sink: the stores of this one are never touched. */
    private static final DemoOrgGenerator SINK_GENERATOR = SandboxOrgFixture.inMemory().generator();

    static DemoOrgGenerator generator() {
        return SINK_GENERATOR;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        var list = new java.util.ArrayList<String>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static String digest(SandboxOrgFixture org) throws Exception {
        var sha = MessageDigest.getInstance("SHA-256");
        org.jdbc().query("select id, object_name, system_modstamp, is_deleted, fields from sandbox_sf_record order by id", rs -> {
            for (int c = 1; c <= 5; c++) {
                sha.update(String.valueOf(rs.getObject(c)).getBytes(StandardCharsets.UTF_8));
            }
        });
        org.jdbc().query("select id, email, created_at, updated_at, fields from sandbox_mkto_lead order by id", rs -> {
            for (int c = 1; c <= 5; c++) {
                sha.update(String.valueOf(rs.getObject(c)).getBytes(StandardCharsets.UTF_8));
            }
        });
        org.jdbc().query("select * from sandbox_mkto_activity order by id", rs -> {
            for (int c = 1; c <= 8; c++) {
                sha.update(String.valueOf(rs.getObject(c)).getBytes(StandardCharsets.UTF_8));
            }
        });
        return HexFormat.of().formatHex(sha.digest());
    }
}
