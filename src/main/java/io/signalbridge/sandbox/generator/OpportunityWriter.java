package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Opportunities with their stage history and contact roles. Journeys that open one do so early in Decision;
 * it closes (won or lost) at the journey's end, or is still open now. A few opportunities come from nowhere
 * (a rep's cold outreach) and are lost quickly: not every opportunity follows engagement.
 */
final class OpportunityWriter {

    /** What the rest of the account needs to know about an opportunity. */
    record Opportunity(String id, Instant createdAt, Instant closedAt, boolean won) {

        boolean openAt(Instant t) {
            return !t.isBefore(createdAt) && (closedAt == null || t.isBefore(closedAt));
        }
    }

    private record StageChange(Instant at, String stage, long amount, Instant closeDate) {
    }

    private static final List<String> OPEN_STAGES = List.of("Prospecting", "Qualification", "Needs Analysis",
            "Value Proposition", "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review");
    private static final Map<String, Integer> PROBABILITY = Map.ofEntries(
            Map.entry("Prospecting", 10), Map.entry("Qualification", 10), Map.entry("Needs Analysis", 20),
            Map.entry("Value Proposition", 50), Map.entry("Id. Decision Makers", 60), Map.entry("Perception Analysis", 70),
            Map.entry("Proposal/Price Quote", 75), Map.entry("Negotiation/Review", 90), Map.entry("Closed Won", 100),
            Map.entry("Closed Lost", 0));
    private static final String[] DEAL_NAMES = {"Platform", "Analytics Suite", "Pilot", "Enterprise Agreement", "Expansion"};
    private static final double COLD_OPPORTUNITY_CHANCE = 0.04;

    private final GenerationContext context;

    OpportunityWriter(GenerationContext context) {
        this.context = context;
    }

    List<Opportunity> write(AccountPlan account, List<CampaignMemberWriter.Response> responses, SplittableRandom random) {
        Instant now = context.timeline().now();
        var opportunities = new ArrayList<Opportunity>();
        List<BuyingJourney> journeys = account.truth().journeys();
        for (int j = 0; j < journeys.size(); j++) {
            BuyingJourney journey = journeys.get(j);
            if (!journey.opensOpportunity()) {
                continue;
            }
            Instant closeAt = journey.won() ? journey.end()
                    : Draw.instantBetween(random, journey.purchaseFrom().minus(Timeline.days(10)), journey.end());
            List<Person> roles = contactRoles(account, j, journey.opportunityCreated());
            opportunities.add(write(account, journey.opportunityCreated(), closeAt, journey.won(), roles,
                    responses, customerBefore(opportunities, journey.opportunityCreated()), random));
        }
        if (Draw.chance(random, COLD_OPPORTUNITY_CHANCE)) {
            Instant created = Draw.instantBetween(random, account.createdAt().plus(Timeline.days(14)), now.minus(Timeline.days(20)));
            if (account.stageAt(created) == null) {
                Instant closeAt = Draw.plusDays(random, created, 20, 90);
                List<Person> roles = mostSeniorContact(account, created);
                opportunities.add(write(account, created, closeAt, false, roles, responses, false, random));
            }
        }
        return opportunities;
    }

    private Opportunity write(AccountPlan account, Instant created, Instant closeAt, boolean won, List<Person> roles,
                              List<CampaignMemberWriter.Response> responses, boolean existingCustomer, SplittableRandom random) {
        String id = context.salesforceIds().next("006");
        List<StageChange> changes = stageChanges(account, created, closeAt, won, random);
        StageChange last = changes.get(changes.size() - 1);
        boolean closed = last.stage().startsWith("Closed");
        for (StageChange change : changes) {
            context.sink().salesforce(context.records().create("OpportunityHistory", context.salesforceIds().next("008"), change.at())
                    .set("OpportunityId", id)
                    .set("StageName", change.stage())
                    .set("Amount", change.amount())
                    .set("Probability", PROBABILITY.get(change.stage()))
                    .setDate("CloseDate", change.closeDate())
                    .build(change.at()));
        }
        String campaignId = responses.stream()
                .filter(r -> r.respondedAt().isBefore(created) && r.respondedAt().isAfter(created.minus(Timeline.days(120))))
                .max(Comparator.comparing(CampaignMemberWriter.Response::respondedAt))
                .map(CampaignMemberWriter.Response::campaignId).orElse(null);
        context.sink().salesforce(context.records().create("Opportunity", id, created)
                .set("AccountId", account.accountId())
                .set("Name", account.name().name() + " - " + Draw.oneOf(random, DEAL_NAMES))
                .set("StageName", last.stage())
                .set("Amount", last.amount())
                .set("Probability", PROBABILITY.get(last.stage()))
                .setDate("CloseDate", last.closeDate())
                .set("IsClosed", closed)
                .set("IsWon", closed && won)
                .set("Type", existingCustomer ? "Existing Customer - Upgrade" : "New Customer")
                .set("LeadSource", campaignId != null ? "Web" : Draw.oneOf(random, "Phone Inquiry", "Partner Referral", "Other"))
                .set("CampaignId", campaignId)
                .set("OwnerId", account.ownerId())
                .build(last.at()));
        writeContactRoles(id, created, roles, random);
        return new Opportunity(id, created, closed ? last.at() : null, closed && won);
    }

    private List<StageChange> stageChanges(AccountPlan account, Instant created, Instant closeAt, boolean won, SplittableRandom random) {
        Instant now = context.timeline().now();
        var path = new ArrayList<String>();
        path.add(Draw.chance(random, 0.7) ? OPEN_STAGES.get(0) : OPEN_STAGES.get(1));
        for (String stage : OPEN_STAGES.subList(path.get(0).equals(OPEN_STAGES.get(0)) ? 1 : 2, OPEN_STAGES.size())) {
            if (Draw.chance(random, 0.55)) {
                path.add(stage);
            }
        }
        if (!won) {
            path.subList(Draw.between(random, 1, path.size()), path.size()).clear();
        }
        path.add(won ? "Closed Won" : "Closed Lost");
        long amount = amount(account.firmographics(), random);
        var changes = new ArrayList<StageChange>(path.size());
        double step = (closeAt.getEpochSecond() - created.getEpochSecond()) / (double) (path.size() - 1);
        Instant previous = created;
        for (int i = 0; i < path.size(); i++) {
            Instant at = i == 0 ? created
                    : i == path.size() - 1 ? Draw.max(previous, closeAt)
                    : Draw.max(previous, created.plusSeconds((long) (step * (i + (random.nextDouble() - 0.5) * 0.4))));
            if (at.isAfter(now)) {
                break;
            }
            String stage = path.get(i);
            if (stage.equals("Proposal/Price Quote") || stage.equals("Negotiation/Review")) {
                amount = Math.round(amount * (0.85 + 0.3 * random.nextDouble()) / 500) * 500;
            }
            Instant closeDate = stage.startsWith("Closed") ? at : closeAt;
            changes.add(new StageChange(at, stage, amount, closeDate));
            previous = at;
        }
        return changes;
    }

    private static boolean customerBefore(List<Opportunity> opportunities, Instant t) {
        return opportunities.stream().anyMatch(o -> o.won() && o.closedAt().isBefore(t));
    }

    private static long amount(Firmographics company, SplittableRandom random) {
        double amount = 8_000 * Math.pow(company.employees(), 0.4) * Math.exp(random.nextGaussian() * 0.35);
        return Math.max(5_000, Math.round(amount / 500) * 500);
    }

    /** The buying team's contacts at the time; the most senior contact when the team has none yet. */
    private static List<Person> contactRoles(AccountPlan account, int journey, Instant created) {
        var roles = new ArrayList<Person>();
        for (Person person : account.people()) {
            if (account.onBuyingTeam(journey, person) && person.isContact() && !person.contactSince().isAfter(created)) {
                roles.add(person);
            }
        }
        return roles.isEmpty() ? mostSeniorContact(account, created) : roles;
    }

    private static List<Person> mostSeniorContact(AccountPlan account, Instant at) {
        return account.people().stream()
                .filter(p -> p.isContact() && !p.contactSince().isAfter(at))
                .min(Comparator.comparingInt((Person p) -> p.persona().rank()).thenComparingDouble(p -> -p.persona().buyingWeight()))
                .map(List::of).orElse(List.of());
    }

    private void writeContactRoles(String opportunityId, Instant created, List<Person> contacts, SplittableRandom random) {
        Person primary = contacts.stream()
                .min(Comparator.comparingInt((Person p) -> p.persona().rank()).thenComparingDouble(p -> -p.persona().buyingWeight()))
                .orElse(null);
        for (Person contact : contacts) {
            Instant at = context.timeline().clamp(Draw.plusDays(random, created, 0, 3));
            context.sink().salesforce(context.records().create("OpportunityContactRole", context.salesforceIds().next("00K"), at)
                    .set("OpportunityId", opportunityId)
                    .set("ContactId", contact.contactId())
                    .set("Role", contact == primary && contacts.size() == 1 ? "Decision Maker" : contact.persona().contactRole(random))
                    .set("IsPrimary", contact == primary)
                    .build(at));
        }
    }
}
