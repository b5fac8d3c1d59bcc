package io.signalbridge.sandbox.generator;

import static io.signalbridge.sandbox.generator.DemoActivityTypes.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.marketo.MarketoActivity;
import io.signalbridge.sandbox.marketo.MarketoLead;

/**
 * The Marketo side of a group of people: one lead each, and their activities. Web visits and form fills
 * happen at a weekly rate scaled by the person's engagement at the time; emails are sent to many regardless,
 * opened and clicked more by engaged people. Activity ids follow activity time within the group.
 */
final class MarketoWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final double WEEKLY_VISITS = 0.022;
    private static final double WEEKLY_FORM_FILLS = 0.003;
    private static final double NEWSLETTER_ISSUE_SENT = 0.4;
    private static final Duration WEEK = Duration.ofDays(7);
    private static final String[] USER_AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"};
    private static final String[] DEVICES = {"Desktop", "Desktop", "iPhone", "Android"};
    private static final String[] PLATFORMS = {"Windows", "Mac OS", "iOS", "Android"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://www.linkedin.com/", "https://www.bing.com/", ""};
    private static final Set<String> UNENGAGED_STATUSES = Set.of("Disqualified", "Recycle");

    private record Planned(Instant at, Person person, int typeId, Long primaryId, String primaryValue, ArrayNode attributes) {
    }

    private final GenerationContext context;

    MarketoWriter(GenerationContext context) {
        this.context = context;
    }

    /**
     * @param account        the people's account (for sfdcAccountId), or null for people of a company that is not one
     * @param reachPropensity how readily marketing invites these people to campaigns (0..1)
     * @param opportunityContacts contact ids holding a contact role on some opportunity
     */
    void write(List<Person> people, CompanyNames.CompanyName company, String accountId, Engagement engagement,
               double reachPropensity, Set<String> opportunityContacts, String clientIp, SplittableRandom random) {
        var planned = new ArrayList<Planned>();
        for (Person person : people) {
            webActivity(person, engagement, clientIp, planned, random);
            emailActivity(person, engagement, reachPropensity, planned, random);
        }
        for (Person person : people) {
            context.sink().marketoLead(lead(person, company, accountId, opportunityContacts, planned, random));
        }
        planned.sort(Comparator.comparing(Planned::at));
        for (Planned p : planned) {
            long id = context.marketoIds().next();
            context.sink().marketoActivity(new MarketoActivity(id, guid(id), p.person().marketoLeadId(), p.typeId(), p.at(),
                    p.primaryId(), p.primaryValue(), p.attributes()));
        }
    }

    private void webActivity(Person person, Engagement engagement, String clientIp, List<Planned> out, SplittableRandom random) {
        Instant now = context.timeline().now();
        for (Instant week = person.knownSince(); week.isBefore(now); week = week.plus(WEEK)) {
            Instant weekEnd = Draw.min(now, week.plus(WEEK));
            double level = engagement.at(person, week.plus(WEEK.dividedBy(2))) * person.responsiveness();
            boolean buying = level >= JourneyStage.DECISION.teamEngagement() * 0.5;
            for (int session = Draw.poisson(random, WEEKLY_VISITS * level); session > 0; session--) {
                Instant at = Draw.instantBetween(random, week, weekEnd);
                String userAgent = Draw.oneOf(random, USER_AGENTS);
                String referrer = Draw.oneOf(random, REFERRERS);
                for (int view = Draw.between(random, 1, buying ? 4 : 2); view > 0 && !at.isAfter(now); view--) {
                    MarketingCatalogue.Webpage page = page(buying, random);
                    out.add(new Planned(at, person, VISIT_WEBPAGE, page.id(), page.url(), attributes(
                            WEBPAGE_URL, page.url(), QUERY_PARAMETERS, query(random), CLIENT_IP_ADDRESS, clientIp,
                            REFERRER_URL, referrer, USER_AGENT, userAgent)));
                    referrer = page.url();
                    at = at.plusSeconds(Draw.between(random, 20, 300));
                }
            }
            for (int fill = Draw.poisson(random, WEEKLY_FORM_FILLS * level); fill > 0; fill--) {
                Instant at = Draw.instantBetween(random, week, weekEnd);
                MarketingCatalogue.Webform form = form(buying, random);
                out.add(new Planned(at, person, FILL_OUT_FORM, form.id(), form.name(), attributes(
                        FORM_FIELDS, formFields(person), WEBPAGE_ID, form.webpageId(), QUERY_PARAMETERS, query(random),
                        REFERRER_URL, Draw.oneOf(random, REFERRERS), CLIENT_IP_ADDRESS, clientIp)));
            }
        }
    }

    private void emailActivity(Person person, Engagement engagement, double reachPropensity, List<Planned> out, SplittableRandom random) {
        Instant now = context.timeline().now();
        for (MarketingCatalogue.Mailing mailing : context.marketing().mailings()) {
            Instant sent = mailing.sentAt();
            if (sent.isBefore(person.knownSince()) || sent.isAfter(now)) {
                continue;
            }
            boolean sends = mailing.newsletter()
                    ? person.newsletter() && Draw.chance(random, NEWSLETTER_ISSUE_SENT)
                    : Draw.chance(random, 0.04 + 0.08 * reachPropensity);
            if (!sends) {
                continue;
            }
            long runId = mailing.id() * 10 + 1;
            ArrayNode sendAttributes = attributes(CAMPAIGN_RUN_ID, runId, STEP_ID, 1, CHOICE_NUMBER, 0);
            out.add(new Planned(sent, person, SEND_EMAIL, mailing.id(), mailing.name(), sendAttributes));
            if (!Draw.chance(random, 0.96)) {
                continue;
            }
            Instant delivered = sent.plusSeconds(Draw.between(random, 5, 600));
            if (delivered.isAfter(now)) {
                continue;
            }
            out.add(new Planned(delivered, person, EMAIL_DELIVERED, mailing.id(), mailing.name(), sendAttributes.deepCopy()));
            double level = engagement.at(person, sent) * person.responsiveness();
            if (!Draw.chance(random, Math.min(0.85, 0.1 * level))) {
                continue;
            }
            Instant opened = delivered.plusSeconds((long) (3_600 * 72 * random.nextDouble() * random.nextDouble()));
            if (opened.isAfter(now)) {
                continue;
            }
            int device = random.nextInt(DEVICES.length);
            out.add(new Planned(opened, person, OPEN_EMAIL, mailing.id(), mailing.name(), attributes(
                    DEVICE, DEVICES[device], IS_MOBILE_DEVICE, device >= 2, PLATFORM, PLATFORMS[device],
                    USER_AGENT, USER_AGENTS[device], CAMPAIGN_RUN_ID, runId)));
            if (Draw.chance(random, Math.min(0.7, 0.15 * Math.sqrt(level)))) {
                Instant clicked = opened.plusSeconds(Draw.between(random, 2, 240));
                if (!clicked.isAfter(now)) {
                    String link = page(level >= JourneyStage.DECISION.teamEngagement() * 0.5, random).url()
                            + "?utm_source=marketo&utm_medium=email";
                    out.add(new Planned(clicked, person, CLICK_EMAIL, mailing.id(), mailing.name(), attributes(
                            LINK, link, DEVICE, DEVICES[device], IS_MOBILE_DEVICE, device >= 2, PLATFORM, PLATFORMS[device],
                            USER_AGENT, USER_AGENTS[device], CAMPAIGN_RUN_ID, runId)));
                }
            }
        }
    }

    private MarketoLead lead(Person person, CompanyNames.CompanyName company, String accountId,
                             Set<String> opportunityContacts, List<Planned> planned, SplittableRandom random) {
        int score = 0;
        Instant updated = person.contactSince() != null ? Draw.max(person.knownSince(), person.contactSince()) : person.knownSince();
        for (Planned p : planned) {
            if (p.person() != person) {
                continue;
            }
            score += switch (p.typeId()) {
                case VISIT_WEBPAGE, OPEN_EMAIL -> 1;
                case CLICK_EMAIL -> 3;
                case FILL_OUT_FORM -> 10;
                default -> 0;
            };
            if (p.typeId() == FILL_OUT_FORM) {
                updated = Draw.max(updated, p.at());
            }
        }
        boolean anonymous = person.kind() == Person.Kind.MARKETO_ONLY && Draw.chance(random, 0.5);
        ObjectNode fields = JSON.objectNode()
                .put("email", person.email())
                .put("firstName", anonymous ? null : person.firstName())
                .put("lastName", anonymous ? null : person.lastName())
                .put("title", anonymous ? null : person.persona().title())
                .put("company", company.name())
                .put("leadStatus", leadStatus(person, opportunityContacts, random))
                .put("leadScore", Math.min(100, score))
                .put("sfdcContactId", person.contactId())
                .put("sfdcLeadId", person.leadId())
                .put("sfdcAccountId", person.isContact() ? accountId : null)
                .put("sfdcType", person.isContact() ? "Contact" : person.leadId() != null ? "Lead" : null)
                .put("createdAt", Timeline.marketoDateTime(person.knownSince()))
                .put("updatedAt", Timeline.marketoDateTime(updated));
        return new MarketoLead(person.marketoLeadId(), person.email(), person.knownSince(), updated, fields);
    }

    private static String leadStatus(Person person, Set<String> opportunityContacts, SplittableRandom random) {
        if (person.kind() == Person.Kind.OPEN_LEAD) {
            return switch (person.leadStatus()) {
                case "Open - Not Contacted" -> "New";
                case "Working - Contacted" -> "Working";
                default -> Draw.oneOf(random, UNENGAGED_STATUSES.stream().sorted().toList());
            };
        }
        if (person.isContact() && opportunityContacts.contains(person.contactId())) {
            return "Qualified";
        }
        if (person.kind() == Person.Kind.MARKETO_ONLY) {
            return Draw.chance(random, 0.6) ? "New" : "Nurture";
        }
        return switch (Draw.weightedIndex(random, new double[] {0.3, 0.5, 0.2})) {
            case 0 -> "New";
            case 1 -> "Nurture";
            default -> "Working";
        };
    }

    private static MarketingCatalogue.Webpage page(boolean buying, SplittableRandom random) {
        List<MarketingCatalogue.Webpage> pages = MarketingCatalogue.WEBPAGES;
        boolean intentPage = Draw.chance(random, buying ? 0.55 : 0.12);
        MarketingCatalogue.Webpage page;
        do {
            page = Draw.oneOf(random, pages);
        } while (page.buyingIntent() != intentPage);
        return page;
    }

    private static MarketingCatalogue.Webform form(boolean buying, SplittableRandom random) {
        boolean intentForm = Draw.chance(random, buying ? 0.6 : 0.05);
        MarketingCatalogue.Webform form;
        do {
            form = Draw.oneOf(random, MarketingCatalogue.WEBFORMS);
        } while (form.buyingIntent() != intentForm);
        return form;
    }

    private static String query(SplittableRandom random) {
        return Draw.chance(random, 0.3) ? "utm_source=" + Draw.oneOf(random, "google", "linkedin", "newsletter") + "&utm_medium=cpc" : "";
    }

    private static String formFields(Person person) {
        return JSON.objectNode().put("Email", person.email()).put("FirstName", person.firstName())
                .put("LastName", person.lastName()).put("Title", person.persona().title()).toString();
    }

    /** The {name, value} pairs of an activity; values are strings, numbers or booleans. */
    private static ArrayNode attributes(Object... namesAndValues) {
        ArrayNode array = JSON.arrayNode(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            ObjectNode pair = array.addObject().put("name", (String) namesAndValues[i]);
            Object value = namesAndValues[i + 1];
            if (value instanceof Boolean b) {
                pair.put("value", b);
            } else if (value instanceof Long l) {
                pair.put("value", l);
            } else if (value instanceof Integer n) {
                pair.put("value", n);
            } else {
                pair.put("value", (String) value);
            }
        }
        return array;
    }

    /** A version-4-shaped UUID fixed by the seed and the activity id. */
    private String guid(long activityId) {
        long high = Draw.mix(context.seed() ^ Draw.mix(activityId));
        long low = Draw.mix(high + activityId);
        high = (high & ~0xF000L) | 0x4000L;
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** A stable public-looking address for a company's office. */
    static String clientIp(String domain, long seed) {
        long h = Draw.mix(seed ^ domain.hashCode());
        return (23 + Math.floorMod(h, 180)) + "." + ((h >>> 8) & 0xFF) + "." + ((h >>> 16) & 0xFF) + "." + (1 + Math.floorMod(h >>> 24, 254));
    }
}
