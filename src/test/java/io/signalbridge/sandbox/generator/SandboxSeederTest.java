package io.signalbridge.sandbox.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.salesforce.SalesforceIds;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(properties = {"signalbridge.sandbox.seed-on-start=true", "signalbridge.sandbox.generator.accounts=15"})
@ActiveProfiles("test")
class SandboxSeederTest {

    @Autowired
    SandboxSeeder seeder;
    @Autowired
    SalesforceRecordStore salesforce;
    @Autowired
    MarketoStore marketo;

    @Test
    void seedsAnEmptyOrgAtStartAndResetsOnDemand() {
        assertThat(salesforce.count("Account")).isEqualTo(15);
        assertThat(marketo.countLeads()).isPositive();
        assertThat(seeder.seedIfEmpty()).isFalse();
        String created = salesforce.newId("001");

        GenerationSummary summary = seeder.reset(7, 5);

        assertThat(salesforce.count("Account")).isEqualTo(5);
        assertThat(salesforce.countAll()).isEqualTo(summary.salesforceRecords());
        assertThat(salesforce.find(created)).isEmpty();
        assertThat(marketo.countLeads() + marketo.countActivities())
                .isEqualTo(summary.count(GenerationSummary.MARKETO_LEAD) + summary.count(GenerationSummary.MARKETO_ACTIVITY));
        assertThat(salesforce.newId("003")).isEqualTo(SalesforceIds.of("003", summary.salesforceRecords() + 1));
    }
}
