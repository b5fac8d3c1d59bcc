package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.signalbridge.sandbox.salesforce.SalesforceIds;

/**
 * Generates one account completely, then forgets it: its plan (company, truth, people), its Salesforce
 * records and its Marketo leads and activities, plus now and then a lead of a company that is not an account.
 */
final class AccountSimulator {

    private static final double OUTSIDER_LEAD_CHANCE = 0.25;

    private final GenerationContext context;
    private final PeopleWriter peopleWriter;
    private final CampaignMemberWriter campaignMembers;
    private final OpportunityWriter opportunityWriter;
    private final SalesActivityWriter salesActivity;
    private final MarketoWriter marketoWriter;

    AccountSimulator(GenerationContext context) {
        this.context = context;
        this.peopleWriter = new PeopleWriter(context);
        this.campaignMembers = new CampaignMemberWriter(context);
        this.opportunityWriter = new OpportunityWriter(context);
        this.salesActivity = new SalesActivityWriter(context);
        this.marketoWriter = new MarketoWriter(context);
    }

    void simulate(int index) {
        var streams = AccountPlan.Streams.of(context.seed(), index);
        AccountPlan account = AccountPlan.plan(context, AccountPlan.blueprint(context, index, streams), streams);
        for (Person person : account.people()) {
            if (person.isContact()) {
                peopleWriter.writeContact(account, person);
            }
            if (person.leadId() != null) {
                peopleWriter.writeLead(person, account.name(), account.firmographics(), account, account.ownerId(), streams.people());
            }
        }
        List<CampaignMemberWriter.Response> responses = campaignMembers.write(account, streams.campaigns());
        List<OpportunityWriter.Opportunity> opportunities = opportunityWriter.write(account, responses, streams.opportunities());
        writeAccount(account, opportunities, streams.company());
        salesActivity.write(account, opportunities, streams.sales());
        marketoWriter.write(account.people(), account.name(), account.accountId(), account, account.truth().fit(),
                opportunityContacts(account, opportunities), MarketoWriter.clientIp(account.name().domain(), context.seed()),
                streams.marketo());
        if (Draw.chance(streams.outsider(), OUTSIDER_LEAD_CHANCE)) {
            outsiderLead(index, account.createdAt(), streams.outsider());
        }
        context.sink().accountDone();
    }

    private void writeAccount(AccountPlan account, List<OpportunityWriter.Opportunity> opportunities, SplittableRandom random) {
        Instant firstWin = opportunities.stream().filter(OpportunityWriter.Opportunity::won)
                .map(OpportunityWriter.Opportunity::closedAt).min(Instant::compareTo).orElse(null);
        String type = firstWin != null ? "Customer - Direct"
                : Draw.chance(random, 0.04) ? Draw.oneOf(random, "Channel Partner / Reseller", "Technology Partner", "Other")
                : "Prospect";
        Firmographics firmographics = account.firmographics();
        context.sink().salesforce(context.records().create("Account", account.accountId(), account.createdAt())
                .set("Name", account.name().name())
                .set("Website", account.name().website())
                .set("Industry", firmographics.industry())
                .set("NumberOfEmployees", firmographics.employees())
                .set("AnnualRevenue", firmographics.annualRevenue())
                .set("BillingCountry", firmographics.country())
                .set("BillingState", firmographics.state())
                .set("BillingCity", firmographics.city())
                .set("Type", type)
                .set("OwnerId", account.ownerId())
                .build(firstWin != null ? firstWin : account.createdAt()));
    }

    /** Someone from a company outside the org's accounts: a Lead and a Marketo lead with background activity. */
    private void outsiderLead(int index, Instant notBefore, SplittableRandom random) {
        Timeline timeline = context.timeline();
        CompanyNames.CompanyName company = context.companyNames().outsider(index);
        Firmographics firmographics = Firmographics.draw(random);
        Instant knownSince = Draw.instantBetween(random, Draw.min(notBefore, timeline.now()), timeline.now().minus(Timeline.days(1)));
        Person person = AccountPlan.person(context, random, 0, Person.Kind.OPEN_LEAD, company, new HashSet<>(), knownSince, null,
                AccountPlan.openLeadStatus(random, knownSince, timeline.now()));
        String ownerId = SalesforceIds.of("005", 1 + random.nextInt(AccountPlan.SALES_REPS));
        peopleWriter.writeLead(person, company, firmographics, null, ownerId, random);
        marketoWriter.write(List.of(person), company, null, Engagement.BACKGROUND, 0.3, Set.of(),
                MarketoWriter.clientIp(company.domain(), context.seed()), random);
    }

    private static Set<String> opportunityContacts(AccountPlan account, List<OpportunityWriter.Opportunity> opportunities) {
        if (opportunities.isEmpty()) {
            return Set.of();
        }
        // contact roles go to the buying teams' contacts; a Marketo status of Qualified follows them
        var ids = new HashSet<String>();
        for (int j = 0; j < account.truth().journeys().size(); j++) {
            if (account.truth().journeys().get(j).opensOpportunity()) {
                for (Person person : account.people()) {
                    if (person.isContact() && account.onBuyingTeam(j, person)) {
                        ids.add(person.contactId());
                    }
                }
            }
        }
        return ids;
    }
}
