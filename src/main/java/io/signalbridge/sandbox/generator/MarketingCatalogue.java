package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The demo vendor's marketing: Salesforce campaigns, Marketo emails, its website pages and forms. Fixed by the
 * seed and the timeline alone, so the scale never changes them; the campaigns take the org's first ids.
 */
final class MarketingCatalogue {

    static final int CAMPAIGNS = 40;
    static final String VENDOR_SITE = "https://www.signalbridge-demo.com";

    record Mailing(long id, String name, Instant sentAt, boolean newsletter) {
    }

    record Webpage(long id, String path, boolean buyingIntent) {

        String url() {
            return VENDOR_SITE + path;
        }
    }

    record Webform(long id, String name, long webpageId, boolean buyingIntent) {
    }

    static final List<Webpage> WEBPAGES = List.of(
            new Webpage(2001, "/", false), new Webpage(2002, "/product", false), new Webpage(2003, "/product/integrations", false),
            new Webpage(2004, "/blog/what-is-account-based-marketing", false), new Webpage(2005, "/blog/intent-data-explained", false),
            new Webpage(2006, "/blog/predictive-scoring-vs-mql", false), new Webpage(2007, "/resources/ebooks", false),
            new Webpage(2008, "/customers", true), new Webpage(2009, "/pricing", true), new Webpage(2010, "/demo", true),
            new Webpage(2011, "/security", true), new Webpage(2012, "/product/compare", true), new Webpage(2013, "/careers", false),
            new Webpage(2014, "/events", false), new Webpage(2015, "/docs/getting-started", true));
    static final List<Webform> WEBFORMS = List.of(
            new Webform(3001, "Newsletter Signup", 2001, false), new Webform(3002, "Download eBook", 2007, false),
            new Webform(3003, "Webinar Registration", 2014, false), new Webform(3004, "Contact Sales", 2009, true),
            new Webform(3005, "Request a Demo", 2010, true));

    private static final String[] CAMPAIGN_TYPES = {
            "Webinar", "Email", "Conference", "Trade Show", "Advertisement", "Direct Mail", "Banner Ads", "Partners", "Referral Program"};
    private static final double[] CAMPAIGN_TYPE_WEIGHTS = {5, 5, 2, 2, 2, 1, 1, 1, 1};
    private static final String[] TOPICS = {
            "Intent Data 101", "ABM Playbook", "Predictive Scoring", "Buying Committees", "Pipeline Acceleration",
            "Data Quality", "Sales and Marketing Alignment", "Customer Stories", "Product Launch", "Revenue Operations"};

    private final List<Campaign> campaigns;
    private final List<Mailing> mailings;

    private MarketingCatalogue(List<Campaign> campaigns, List<Mailing> mailings) {
        this.campaigns = List.copyOf(campaigns);
        this.mailings = List.copyOf(mailings);
    }

    static MarketingCatalogue create(long seed, Timeline timeline, IdSequence salesforceIds) {
        var random = new SplittableRandom(Draw.seed(seed, 1, 0));
        var campaigns = new ArrayList<Campaign>(CAMPAIGNS);
        var mailings = new ArrayList<Mailing>();
        for (int i = 0; i < CAMPAIGNS; i++) {
            // spread over the history, the last few planned for the coming weeks
            Instant starts = timeline.start().plus(Timeline.days((timeline.days() + 45) * (i + random.nextDouble()) / CAMPAIGNS));
            String type = CAMPAIGN_TYPES[Draw.weightedIndex(random, CAMPAIGN_TYPE_WEIGHTS)];
            Instant ends = starts.plus(Timeline.days(switch (type) {
                case "Webinar", "Conference", "Trade Show" -> 1 + random.nextInt(3);
                default -> 14 + random.nextInt(45);
            }));
            Instant created = timeline.clamp(Draw.plusDays(random, starts, -28, -7));
            String name = fiscalQuarter(starts) + " - " + type + " - " + TOPICS[random.nextInt(TOPICS.length)];
            long mailingId = 0;
            if (!type.equals("Advertisement") && !type.equals("Banner Ads")) {
                mailingId = 1001 + mailings.size();
                mailings.add(new Mailing(mailingId, name + ".Invitation", Draw.plusDays(random, starts, -10, -2), false));
            }
            campaigns.add(new Campaign(salesforceIds.next("701"), name, type, created, starts, ends, mailingId));
        }
        LocalDate month = LocalDate.ofInstant(timeline.start(), ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        while (true) {
            Instant sent = month.plusDays(random.nextInt(3, 9)).atTime(14, 0).toInstant(ZoneOffset.UTC);
            if (sent.isAfter(timeline.now())) {
                break;
            }
            String label = month.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + month.getYear();
            mailings.add(new Mailing(1001 + mailings.size(), "Newsletter " + label + ".Newsletter", sent, true));
            month = month.plusMonths(1);
        }
        return new MarketingCatalogue(campaigns, mailings);
    }

    List<Campaign> campaigns() {
        return campaigns;
    }

    List<Mailing> mailings() {
        return mailings;
    }

    Campaign campaignWithMailing(long mailingId) {
        return campaigns.stream().filter(c -> c.mailingId() == mailingId).findFirst().orElse(null);
    }

    private static String fiscalQuarter(Instant t) {
        LocalDate date = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return "FY%02d Q%d".formatted(date.getYear() % 100, (date.getMonthValue() - 1) / 3 + 1);
    }
}
