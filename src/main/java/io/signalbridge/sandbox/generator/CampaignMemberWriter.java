package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Campaign members: marketing adds people to campaigns regardless (status Sent), and people respond
 * (Responded, Registered, Attended) far more while their account is in market and they are on its buying team.
 */
final class CampaignMemberWriter {

    /** A response, for opportunity campaign attribution. */
    record Response(String campaignId, Instant respondedAt) {
    }

    private static final double ADDED = 0.02;
    private static final double RESPONDS = 0.12;

    private final GenerationContext context;

    CampaignMemberWriter(GenerationContext context) {
        this.context = context;
    }

    List<Response> write(AccountPlan account, SplittableRandom random) {
        Instant now = context.timeline().now();
        var responses = new ArrayList<Response>();
        for (Campaign campaign : context.marketing().campaigns()) {
            if (!campaign.started(now)) {
                continue;
            }
            for (Person person : account.people()) {
                String memberId = person.salesforceIdAt(campaign.startsAt());
                if (memberId == null) {
                    continue;
                }
                double engagement = account.at(person, campaign.startsAt()) * person.responsiveness();
                if (!Draw.chance(random, ADDED * (1 + 0.6 * (engagement - 1)))) {
                    continue;
                }
                Instant since = memberId.equals(person.contactId()) ? person.contactSince() : person.knownSince();
                Instant added = Draw.instantBetween(random, Draw.max(since, campaign.createdAt()), campaign.startsAt());
                Instant respondedAt = null;
                if (Draw.chance(random, Math.min(0.85, RESPONDS * engagement))) {
                    respondedAt = Draw.instantBetween(random, campaign.startsAt(), Draw.min(now, campaign.endsAt()));
                    responses.add(new Response(campaign.id(), respondedAt));
                }
                boolean isContact = memberId.equals(person.contactId());
                context.sink().salesforce(context.records().create("CampaignMember", context.salesforceIds().next("00v"), added)
                        .set("CampaignId", campaign.id())
                        .set("ContactId", isContact ? memberId : null)
                        .set("LeadId", isContact ? null : memberId)
                        .set("AccountId", isContact ? account.accountId() : null)
                        .set("Status", respondedAt == null ? "Sent" : campaign.respondedStatus(Draw.chance(random, 0.6)))
                        .set("HasResponded", respondedAt != null)
                        .setDate("FirstRespondedDate", respondedAt)
                        .build(respondedAt == null ? added : respondedAt));
            }
        }
        return responses;
    }
}
