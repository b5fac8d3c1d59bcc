package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sales reach: Tasks (calls, emails) and Events (meetings). Reps touch most accounts whatever happens, the
 * fitting ones somewhat more; an account in market, and above all one with an open opportunity, gets much more.
 */
final class SalesActivityWriter {

    private static final String[] CALL_SUBJECTS = {"Call", "Discovery call", "Follow-up call", "Left voicemail", "Cold call"};
    private static final String[] EMAIL_SUBJECTS = {"Email: Introduction", "Email: Follow up", "Email: Case study",
            "Email: Pricing information", "Email: Checking in"};
    private static final String[] MEETING_SUBJECTS = {"Intro meeting", "Discovery meeting", "Product demo",
            "Technical deep dive", "Pricing review", "Executive briefing", "Quarterly business review"};

    private final GenerationContext context;

    SalesActivityWriter(GenerationContext context) {
        this.context = context;
    }

    void write(AccountPlan account, List<OpportunityWriter.Opportunity> opportunities, SplittableRandom random) {
        Timeline timeline = context.timeline();
        Instant from = account.createdAt();
        double share = (timeline.now().getEpochSecond() - from.getEpochSecond()) / (timeline.days() * 86_400);
        double fit = account.truth().fit();
        int tasks = Draw.poisson(random, (6 + 10 * fit) * share);
        int events = Draw.poisson(random, (0.5 + 1.5 * fit) * share);
        for (int i = 0; i < tasks; i++) {
            task(account, opportunities, Draw.instantBetween(random, from, timeline.now()), random);
        }
        for (int i = 0; i < events; i++) {
            event(account, opportunities, Draw.instantBetween(random, from, timeline.now().minus(Timeline.days(1))), random);
        }
        for (BuyingJourney journey : account.truth().journeys()) {
            Instant workFrom = journey.opensOpportunity() ? journey.opportunityCreated() : journey.considerationFrom();
            Instant workTo = Draw.min(journey.end(), timeline.now());
            if (!workFrom.isBefore(workTo)) {
                continue;
            }
            int journeyTasks = Draw.poisson(random, journey.opensOpportunity() ? 8 : 2);
            int journeyEvents = Draw.poisson(random, journey.opensOpportunity() ? 3 : 0.5);
            for (int i = 0; i < journeyTasks; i++) {
                task(account, opportunities, Draw.instantBetween(random, workFrom, workTo), random);
            }
            for (int i = 0; i < journeyEvents; i++) {
                event(account, opportunities, Draw.instantBetween(random, workFrom, Draw.min(workTo, timeline.now().minus(Timeline.days(1)))), random);
            }
        }
    }

    private void task(AccountPlan account, List<OpportunityWriter.Opportunity> opportunities, Instant at, SplittableRandom random) {
        Person who = someoneReachableAt(account, at, random);
        boolean call = Draw.chance(random, 0.55);
        boolean recent = at.isAfter(context.timeline().now().minus(Timeline.days(7)));
        String status = recent && Draw.chance(random, 0.3) ? Draw.oneOf(random, "Not Started", "In Progress") : "Completed";
        Instant modified = context.timeline().clamp(at.plusSeconds(random.nextLong(7_200)));
        var builder = context.records().create("Task", context.salesforceIds().next("00T"), at)
                .set("Subject", call ? Draw.oneOf(random, CALL_SUBJECTS) : Draw.oneOf(random, EMAIL_SUBJECTS))
                .set("Type", call ? "Call" : "Email")
                .set("TaskSubtype", call ? "Call" : "Email")
                .set("Status", status)
                .setDate("ActivityDate", at)
                .set("OwnerId", account.ownerId());
        relate(builder, account, opportunities, who, at);
        context.sink().salesforce(builder.build(modified));
    }

    private void event(AccountPlan account, List<OpportunityWriter.Opportunity> opportunities, Instant day, SplittableRandom random) {
        // meetings start on the half hour during (UTC) business hours
        Instant start = LocalDate.ofInstant(day, ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC)
                .plusSeconds(13 * 3_600 + 1_800L * random.nextInt(14));
        int minutes = Draw.oneOf(random, 30, 45, 60);
        Instant end = start.plusSeconds(60L * minutes);
        if (end.isAfter(context.timeline().now())) {
            return;
        }
        Person who = someoneReachableAt(account, start, random);
        Instant created = Draw.max(account.createdAt(), Draw.plusDays(random, start, -10, -1));
        var builder = context.records().create("Event", context.salesforceIds().next("00U"), created)
                .set("Subject", Draw.oneOf(random, MEETING_SUBJECTS))
                .set("Type", Draw.chance(random, 0.8) ? "Meeting" : "Call")
                .setDate("ActivityDate", start)
                .setDateTime("ActivityDateTime", start)
                .setDateTime("StartDateTime", start)
                .setDateTime("EndDateTime", end)
                .set("DurationInMinutes", minutes)
                .set("OwnerId", account.ownerId());
        relate(builder, account, opportunities, who, start);
        context.sink().salesforce(builder.build(Draw.max(created, end)));
    }

    /** A lead's activity relates to nothing else; a contact's to the open opportunity, else the account. */
    private static void relate(SalesforceRecordFactory.Builder builder, AccountPlan account,
                               List<OpportunityWriter.Opportunity> opportunities, Person who, Instant at) {
        String whoId = who == null ? null : who.salesforceIdAt(at);
        builder.set("WhoId", whoId);
        if (whoId != null && whoId.equals(who.leadId())) {
            return;
        }
        String whatId = opportunities.stream().filter(o -> o.openAt(at)).map(OpportunityWriter.Opportunity::id)
                .findFirst().orElse(account.accountId());
        builder.set("WhatId", whatId).set("AccountId", account.accountId());
    }

    /** Someone with a Salesforce record at {@code at}, the buying team more often while in market; or null. */
    private static Person someoneReachableAt(AccountPlan account, Instant at, SplittableRandom random) {
        List<Person> people = account.people();
        double[] weights = new double[people.size()];
        boolean anyone = false;
        for (Person person : people) {
            if (person.salesforceIdAt(at) != null) {
                weights[person.index()] = account.at(person, at);
                anyone = true;
            }
        }
        return anyone ? people.get(Draw.weightedIndex(random, weights)) : null;
    }
}
