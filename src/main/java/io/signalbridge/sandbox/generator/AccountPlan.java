package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import io.signalbridge.sandbox.salesforce.SalesforceIds;

/**
 * Everything decided about one account before its rows are written: the company, its hidden truth, its
 * people and, per buying journey, which of them form the buying team. Lives only while its account is written.
 */
record AccountPlan(
        int index,
        CompanyNames.CompanyName name,
        Firmographics firmographics,
        AccountTruth truth,
        String accountId,
        String ownerId,
        Instant createdAt,
        List<Person> people,
        List<boolean[]> buyingTeams) implements Engagement {

    static final int SALES_REPS = 12;
    private static final double BYSTANDER_ENGAGEMENT = 1.4;
    private static final String[] LEAD_SOURCES = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"};
    private static final double[] LEAD_SOURCE_WEIGHTS = {5, 1, 1.5, 2, 1};

    /** The company and its truth alone: cheap, and independent of the people and of any ids. */
    record Blueprint(int index, CompanyNames.CompanyName name, Firmographics firmographics, AccountTruth truth) {
    }

    /** One account's independent random streams, split in a fixed order. */
    record Streams(SplittableRandom company, SplittableRandom truth, SplittableRandom people, SplittableRandom campaigns,
                   SplittableRandom opportunities, SplittableRandom sales, SplittableRandom marketo, SplittableRandom outsider) {

        static Streams of(long seed, int index) {
            var root = new SplittableRandom(Draw.seed(seed, 2, index));
            return new Streams(root.split(), root.split(), root.split(), root.split(), root.split(), root.split(),
                    root.split(), root.split());
        }
    }

    static Blueprint blueprint(GenerationContext context, int index, Streams streams) {
        Firmographics firmographics = Firmographics.draw(streams.company());
        AccountTruth truth = AccountTruth.draw(firmographics, context.timeline(), streams.truth());
        return new Blueprint(index, context.companyNames().account(index), firmographics, truth);
    }

    static AccountPlan plan(GenerationContext context, Blueprint blueprint, Streams streams) {
        Timeline timeline = context.timeline();
        SplittableRandom random = streams.people();
        AccountTruth truth = blueprint.truth();
        Instant latestCreation = truth.journeys().isEmpty()
                ? timeline.now().minus(Timeline.days(30))
                : truth.journeys().get(0).start().minus(Timeline.days(14));
        // most accounts arrived with the initial CRM import, the others trickled in
        Instant createdAt = Draw.chance(random, 0.7)
                ? Draw.instantBetween(random, timeline.start(), Draw.min(latestCreation, timeline.start().plus(Timeline.days(21))))
                : Draw.instantBetween(random, timeline.start(), latestCreation);
        String accountId = context.salesforceIds().next("001");
        String ownerId = SalesforceIds.of("005", 1 + random.nextInt(SALES_REPS));
        List<Person> people = people(context, blueprint, createdAt, random);
        List<boolean[]> teams = new ArrayList<>();
        for (BuyingJourney journey : truth.journeys()) {
            teams.add(buyingTeam(journey, people, random));
        }
        return new AccountPlan(blueprint.index(), blueprint.name(), blueprint.firmographics(), truth, accountId, ownerId,
                createdAt, people, teams);
    }

    private static List<Person> people(GenerationContext context, Blueprint blueprint, Instant accountCreated, SplittableRandom random) {
        Timeline timeline = context.timeline();
        Instant now = timeline.now();
        double size = Math.log10(blueprint.firmographics().employees()) / Math.log10(50_000);
        int contacts = 5 + Draw.between(random, 0, 2 + (int) Math.round(5 * size));
        int openLeads = Draw.between(random, 1, 3);
        int marketoOnly = Draw.weightedIndex(random, new double[] {0.35, 0.35, 0.2, 0.1});
        var usedEmails = new HashSet<String>();
        var people = new ArrayList<Person>(contacts + openLeads + marketoOnly);
        for (int i = 0; i < contacts; i++) {
            Instant contactSince = i < 3
                    ? Draw.instantBetween(random, accountCreated, accountCreated.plus(Timeline.days(10)))
                    : Draw.instantBetween(random, accountCreated, now.minus(Timeline.days(3)));
            boolean converted = Draw.chance(random, 0.25);
            Instant knownSince = converted ? timeline.clamp(Draw.plusDays(random, contactSince, -60, -7)) : contactSince;
            people.add(person(context, random, people.size(), converted ? Person.Kind.CONVERTED_LEAD : Person.Kind.CONTACT,
                    blueprint.name(), usedEmails, knownSince, contactSince, converted ? "Closed - Converted" : null));
        }
        for (int i = 0; i < openLeads; i++) {
            Instant knownSince = Draw.instantBetween(random, accountCreated, now.minus(Timeline.days(1)));
            people.add(person(context, random, people.size(), Person.Kind.OPEN_LEAD, blueprint.name(), usedEmails,
                    knownSince, null, openLeadStatus(random, knownSince, now)));
        }
        for (int i = 0; i < marketoOnly; i++) {
            Instant knownSince = Draw.instantBetween(random, accountCreated, now.minus(Timeline.days(1)));
            people.add(person(context, random, people.size(), Person.Kind.MARKETO_ONLY, blueprint.name(), usedEmails,
                    knownSince, null, null));
        }
        return people;
    }

    static Person person(GenerationContext context, SplittableRandom random, int index, Person.Kind kind,
                         CompanyNames.CompanyName employer, HashSet<String> usedEmails,
                         Instant knownSince, Instant contactSince, String leadStatus) {
        String first;
        String last;
        String local;
        do {
            first = NameBook.firstName(random);
            last = NameBook.lastName(random);
            local = NameBook.emailLocalPart(first, last);
        } while (!usedEmails.add(local));
        Persona persona = Persona.draw(random);
        boolean contact = kind == Person.Kind.CONTACT || kind == Person.Kind.CONVERTED_LEAD;
        String contactId = contact ? context.salesforceIds().next("003") : null;
        boolean lead = kind == Person.Kind.CONVERTED_LEAD || kind == Person.Kind.OPEN_LEAD;
        String leadId = lead ? context.salesforceIds().next("00Q") : null;
        String leadSource = LEAD_SOURCES[Draw.weightedIndex(random, LEAD_SOURCE_WEIGHTS)];
        double responsiveness = Math.exp(random.nextGaussian() * 0.5);
        boolean newsletter = Draw.chance(random, 0.25);
        return new Person(index, kind, first, last, local + "@" + employer.domain(), persona, knownSince, contactSince,
                contactId, leadId, leadStatus, leadSource, context.marketoIds().next(), responsiveness, newsletter);
    }

    static String openLeadStatus(SplittableRandom random, Instant knownSince, Instant now) {
        if (knownSince.isAfter(now.minus(Timeline.days(14))) && Draw.chance(random, 0.7)) {
            return "Open - Not Contacted";
        }
        return switch (Draw.weightedIndex(random, new double[] {0.25, 0.45, 0.3})) {
            case 0 -> "Open - Not Contacted";
            case 1 -> "Working - Contacted";
            default -> "Closed - Not Converted";
        };
    }

    /**
     * Three to six people known by the time the account considers options, drawn by seniority and department
     * (anyone: contacts, leads and people Marketo alone knows).
     */
    private static boolean[] buyingTeam(BuyingJourney journey, List<Person> people, SplittableRandom random) {
        var team = new boolean[people.size()];
        double[] weights = new double[people.size()];
        int eligible = 0;
        for (Person person : people) {
            if (!person.knownSince().isAfter(journey.considerationFrom())) {
                weights[person.index()] = 0.02 + person.persona().buyingWeight();
                eligible++;
            }
        }
        int size = Math.min(eligible, Draw.between(random, 3, 6));
        for (int picked = 0; picked < size; picked++) {
            int chosen = Draw.weightedIndex(random, weights);
            team[chosen] = true;
            weights[chosen] = 0;
        }
        return team;
    }

    boolean onBuyingTeam(int journey, Person person) {
        return buyingTeams.get(journey)[person.index()];
    }

    @Override
    public double at(Person person, Instant t) {
        List<BuyingJourney> journeys = truth.journeys();
        for (int j = 0; j < journeys.size(); j++) {
            JourneyStage stage = journeys.get(j).stageAt(t);
            if (stage != null) {
                return onBuyingTeam(j, person) ? stage.teamEngagement() : BYSTANDER_ENGAGEMENT;
            }
        }
        return 1;
    }

    /** The stage the account is in at {@code t}, or null when it is not in market. */
    JourneyStage stageAt(Instant t) {
        BuyingJourney journey = truth.journeyAt(t);
        return journey == null ? null : journey.stageAt(t);
    }
}
