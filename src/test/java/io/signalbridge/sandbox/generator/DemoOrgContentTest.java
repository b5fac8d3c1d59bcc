package io.signalbridge.sandbox.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One 300-account org, read back from the stores: integrity, timestamps, and whether the truth is learnable. */
class DemoOrgContentTest {

    static final int ACCOUNTS = 300;
    static final GeneratorSettings SETTINGS = SandboxOrgFixture.settings(42, ACCOUNTS);
    static final DateTimeFormatter SALESFORCE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS+0000");
    static final ObjectMapper JSON = new ObjectMapper();

    static SandboxOrgFixture org;
    /** Salesforce records by object, then by id. */
    static Map<String, Map<String, JsonNode>> records = new HashMap<>();
    static Map<String, Instant> modstamps = new HashMap<>();
    static List<JsonNode> marketoLeads = new ArrayList<>();
    static Map<Long, JsonNode> marketoLeadsById = new HashMap<>();
    /** id, leadId, typeId, date of every activity. */
    static List<Object[]> activities = new ArrayList<>();

    @BeforeAll
    static void generate() {
        org = SandboxOrgFixture.inMemory();
        org.generator().generate(SETTINGS);
        org.jdbc().query("select id, object_name, system_modstamp, fields from sandbox_sf_record", rs -> {
            records.computeIfAbsent(rs.getString(2), o -> new HashMap<>()).put(rs.getString(1), read(rs.getString(4)));
            modstamps.put(rs.getString(1), rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC));
        });
        org.jdbc().query("select id, fields from sandbox_mkto_lead", rs -> {
            JsonNode lead = read(rs.getString(2));
            marketoLeads.add(lead);
            marketoLeadsById.put(rs.getLong(1), lead);
        });
        org.jdbc().query("select id, lead_id, activity_type_id, activity_date from sandbox_mkto_activity", rs -> {
            activities.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getInt(3),
                    rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC)});
        });
    }

    @Test
    void volumesPerAccountAreInTheIntendedRanges() {
        assertThat(count("Account")).isEqualTo(ACCOUNTS);
        assertThat(count("Campaign")).isEqualTo(MarketingCatalogue.CAMPAIGNS);
        assertThat(count("Contact") / (double) ACCOUNTS).isBetween(5.0, 12.0);
        assertThat(count("Lead") / (double) ACCOUNTS).isBetween(1.0, 4.5);
        assertThat(count("Opportunity") / (double) ACCOUNTS).isBetween(0.15, 1.5);
        assertThat(count("Task") / (double) ACCOUNTS).isBetween(10.0, 40.0);
        assertThat(count("Event") / (double) ACCOUNTS).isBetween(0.5, 10.0);
        assertThat(marketoLeads.size()).isGreaterThan(count("Contact") + count("Lead") - count("Lead") / 2);
        long total = modstamps.size() + marketoLeads.size() + activities.size();
        assertThat(total / (double) ACCOUNTS).isBetween(50.0, 200.0);
    }

    @Test
    void everyReferencePointsAtAnExistingRecord() {
        records.get("Contact").values().forEach(c -> assertExists("Account", c.get("AccountId")));
        records.get("Opportunity").values().forEach(o -> {
            assertExists("Account", o.get("AccountId"));
            assertExistsOrNull("Campaign", o.get("CampaignId"));
        });
        records.get("OpportunityHistory").values().forEach(h -> assertExists("Opportunity", h.get("OpportunityId")));
        records.get("OpportunityContactRole").values().forEach(r -> {
            assertExists("Opportunity", r.get("OpportunityId"));
            assertExists("Contact", r.get("ContactId"));
            JsonNode opportunity = records.get("Opportunity").get(r.get("OpportunityId").asText());
            JsonNode contact = records.get("Contact").get(r.get("ContactId").asText());
            assertThat(contact.get("AccountId")).isEqualTo(opportunity.get("AccountId"));
        });
        records.get("CampaignMember").values().forEach(m -> {
            assertExists("Campaign", m.get("CampaignId"));
            assertThat(m.get("ContactId").isNull() ^ m.get("LeadId").isNull()).isTrue();
            assertExistsOrNull("Contact", m.get("ContactId"));
            assertExistsOrNull("Lead", m.get("LeadId"));
            assertExistsOrNull("Account", m.get("AccountId"));
        });
        for (String activity : List.of("Task", "Event")) {
            records.get(activity).values().forEach(a -> {
                JsonNode who = a.get("WhoId");
                if (!who.isNull()) {
                    assertThat(exists("Contact", who) || exists("Lead", who)).as(who.asText()).isTrue();
                }
                JsonNode what = a.get("WhatId");
                if (!what.isNull()) {
                    assertThat(exists("Account", what) || exists("Opportunity", what)).as(what.asText()).isTrue();
                }
                assertExistsOrNull("Account", a.get("AccountId"));
            });
        }
        records.get("Lead").values().forEach(l -> {
            assertExistsOrNull("Account", l.get("ConvertedAccountId"));
            assertExistsOrNull("Contact", l.get("ConvertedContactId"));
            assertThat(l.get("IsConverted").asBoolean()).isEqualTo(!l.get("ConvertedContactId").isNull());
        });
        Set<Long> leadIds = marketoLeadsById.keySet();
        activities.forEach(a -> assertThat(leadIds).contains((Long) a[1]));
        for (JsonNode lead : marketoLeads) {
            assertExistsOrNull("Contact", lead.get("sfdcContactId"));
            assertExistsOrNull("Lead", lead.get("sfdcLeadId"));
            assertExistsOrNull("Account", lead.get("sfdcAccountId"));
            if (!lead.path("sfdcContactId").isNull()) {
                JsonNode contact = records.get("Contact").get(lead.get("sfdcContactId").asText());
                assertThat(contact.get("Email")).isEqualTo(lead.get("email"));
                assertThat(contact.get("AccountId")).isEqualTo(lead.get("sfdcAccountId"));
            }
        }
    }

    @Test
    void emailsAreUniquePerPersonAndOnTheCompanyDomain() {
        Set<String> marketoEmails = new HashSet<>();
        marketoLeads.forEach(l -> assertThat(marketoEmails.add(l.get("email").asText())).as(l.get("email").asText()).isTrue());
        Set<String> salesforceEmails = new HashSet<>();
        records.get("Contact").values().forEach(c -> assertThat(salesforceEmails.add(c.get("Email").asText())).isTrue());
        records.get("Lead").values().stream().filter(l -> !l.get("IsConverted").asBoolean())
                .forEach(l -> assertThat(salesforceEmails.add(l.get("Email").asText())).isTrue());
        Map<String, String> domainByAccount = new HashMap<>();
        records.get("Account").forEach((id, a) -> domainByAccount.put(id, a.get("Website").asText().replace("https://www.", "")));
        records.get("Contact").values().forEach(c ->
                assertThat(c.get("Email").asText()).endsWith("@" + domainByAccount.get(c.get("AccountId").asText())));
    }

    @Test
    void timestampsAreOrderedAndWithinTheHistory() {
        Instant start = SETTINGS.historyStart();
        Instant now = SETTINGS.now();
        records.forEach((object, byId) -> byId.forEach((id, r) -> {
            Instant created = datetime(r.get("CreatedDate"));
            Instant modified = datetime(r.get("LastModifiedDate"));
            assertThat(created).as(id).isBetween(start, now);
            assertThat(modified).as(id).isBetween(created, now);
            assertThat(datetime(r.get("SystemModstamp"))).isEqualTo(modified).isEqualTo(modstamps.get(id));
        }));
        Map<String, Instant> lastStageChange = new HashMap<>();
        records.get("OpportunityHistory").values().forEach(h -> lastStageChange.merge(h.get("OpportunityId").asText(),
                datetime(h.get("CreatedDate")), (a, b) -> a.isAfter(b) ? a : b));
        records.get("Opportunity").forEach((id, o) -> assertThat(modstamps.get(id)).isEqualTo(lastStageChange.get(id)));
        for (JsonNode lead : marketoLeads) {
            Instant created = Instant.parse(lead.get("createdAt").asText());
            assertThat(created).isBetween(start, now);
            assertThat(Instant.parse(lead.get("updatedAt").asText())).isBetween(created, now);
        }
        activities.forEach(a -> assertThat((Instant) a[3]).isBetween(start, now));
    }

    @Test
    void fittingCompaniesOpenOpportunitiesFarMoreOften() {
        Set<String> withOpportunity = new HashSet<>();
        records.get("Opportunity").values().forEach(o -> withOpportunity.add(o.get("AccountId").asText()));
        Map<String, String> accountByWebsite = new HashMap<>();
        records.get("Account").forEach((id, a) -> accountByWebsite.put(a.get("Website").asText(), id));
        int fitting = 0;
        int fittingWithOpportunity = 0;
        int other = 0;
        int otherWithOpportunity = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            var blueprint = org.generator().blueprint(SETTINGS, i);
            boolean opened = withOpportunity.contains(accountByWebsite.get(blueprint.name().website()));
            if (blueprint.truth().fitting()) {
                fitting++;
                fittingWithOpportunity += opened ? 1 : 0;
            } else {
                other++;
                otherWithOpportunity += opened ? 1 : 0;
            }
        }
        double fittingRate = fittingWithOpportunity / (double) fitting;
        double otherRate = otherWithOpportunity / (double) other;
        assertThat(fitting).isBetween(ACCOUNTS / 5, ACCOUNTS * 3 / 5);
        assertThat(fittingRate).as("fitting %.2f vs other %.2f", fittingRate, otherRate).isGreaterThan(2 * otherRate);
        assertThat(fittingRate - otherRate).isGreaterThan(0.2);
    }

    @Test
    void accountsEngageFarMoreInTheNinetyDaysBeforeAnOpportunity() {
        Map<String, List<Instant>> engagementByAccount = engagementByAccount();
        Map<String, List<Instant>> opportunitiesByAccount = new HashMap<>();
        records.get("Opportunity").values().forEach(o -> opportunitiesByAccount
                .computeIfAbsent(o.get("AccountId").asText(), a -> new ArrayList<>()).add(datetime(o.get("CreatedDate"))));

        Duration window = Duration.ofDays(90);
        double beforeOpportunities = opportunitiesByAccount.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(created -> count(engagementByAccount.get(e.getKey()), created.minus(window), created)))
                .mapToInt(Integer::intValue).average().orElseThrow();

        var random = new Random(7);
        Instant earliestEnd = SETTINGS.historyStart().plus(window);
        long span = SETTINGS.now().getEpochSecond() - earliestEnd.getEpochSecond();
        double randomWindows = records.get("Account").keySet().stream().sorted()
                .filter(id -> !opportunitiesByAccount.containsKey(id))
                .mapToInt(id -> {
                    Instant end = earliestEnd.plusSeconds((long) (random.nextDouble() * span));
                    return count(engagementByAccount.get(id), end.minus(window), end);
                })
                .average().orElseThrow();

        assertThat(beforeOpportunities).as("before opportunities %.1f vs random windows %.1f", beforeOpportunities, randomWindows)
                .isGreaterThan(3 * randomWindows);
    }

    /** Marketo engagement (web, forms, opens, clicks) and campaign responses, by account via the people's email domain. */
    private static Map<String, List<Instant>> engagementByAccount() {
        Map<String, String> accountByDomain = new HashMap<>();
        records.get("Account").forEach((id, a) -> accountByDomain.put(a.get("Website").asText().replace("https://www.", ""), id));
        Map<String, List<Instant>> byAccount = new HashMap<>();
        for (Object[] a : activities) {
            if (!DemoActivityTypes.isEngagement((Integer) a[2])) {
                continue;
            }
            String email = marketoLeadsById.get((Long) a[1]).get("email").asText();
            String account = accountByDomain.get(email.substring(email.indexOf('@') + 1));
            if (account != null) {
                byAccount.computeIfAbsent(account, k -> new ArrayList<>()).add((Instant) a[3]);
            }
        }
        records.get("CampaignMember").values().stream()
                .filter(m -> m.get("HasResponded").asBoolean() && !m.get("AccountId").isNull())
                .forEach(m -> byAccount.computeIfAbsent(m.get("AccountId").asText(), k -> new ArrayList<>())
                        .add(LocalDate.parse(m.get("FirstRespondedDate").asText()).atStartOfDay().toInstant(ZoneOffset.UTC)));
        return byAccount;
    }

    private static int count(List<Instant> instants, Instant from, Instant to) {
        if (instants == null) {
            return 0;
        }
        return (int) instants.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    }

    private static int count(String object) {
        return records.getOrDefault(object, Map.of()).size();
    }

    private static boolean exists(String object, JsonNode id) {
        return records.getOrDefault(object, Map.of()).containsKey(id.asText());
    }

    private static void assertExists(String object, JsonNode id) {
        assertThat(id.isNull()).as("null reference to " + object).isFalse();
        assertThat(exists(object, id)).as(object + " " + id).isTrue();
    }

    private static void assertExistsOrNull(String object, JsonNode id) {
        if (id != null && !id.isNull()) {
            assertExists(object, id);
        }
    }

    private static Instant datetime(JsonNode value) {
        return LocalDateTime.parse(value.asText(), SALESFORCE_DATETIME).toInstant(ZoneOffset.UTC);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
