package io.signalbridge.sandbox.outreach;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox Outreach org that goes with the demo Salesforce org: a mailbox per sales rep (and one of a rep who left,
 * that cannot send), a sequence per stage tactic of the seed (and a retired, disabled one), and prospects for every
 * {@code prospect-every-nth-contact}-th Salesforce contact, as a team that used Outreach before signalbridge has them:
 * in their Outreach accounts (custom id = the Salesforce Account id), one in ten opted out, one in five already in the
 * Decision cadence. Deterministic: the contacts are taken in id order.
 */
@Component
@ConditionalOnSandbox
public class OutreachOrgGenerator {

    /** The seed's tactics by buying stage, as the sequences a team would name them; steps as the CMO article tells. */
    public static final String DECISION_SEQUENCE = "Decision - BDR 21-step outbound cadence";
    public static final String PURCHASE_SEQUENCE = "Purchase - Book a meeting";
    public static final String CONSIDERATION_SEQUENCE = "Consideration - Content hub follow-up";
    public static final String ACQUIRE_CONTACTS_SEQUENCE = "Acquire New Contacts - Buying team outreach";
    public static final String RETIRED_SEQUENCE = "FY23 - Cold outbound (retired)";
    /** The sales reps of the demo org (Salesforce users 005…1 to 005…12) have mailboxes rep01@… to rep12@…. */
    public static final int SALES_REPS = 12;

    private static final Logger log = LoggerFactory.getLogger(OutreachOrgGenerator.class);

    private final OutreachStore store;
    private final SalesforceRecordStore salesforce;
    private final SandboxProperties.Outreach settings;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public OutreachOrgGenerator(OutreachStore store, SalesforceRecordStore salesforce, SandboxProperties properties,
                                TransactionTemplate transaction, Clock clock) {
        this.store = store;
        this.salesforce = salesforce;
        this.settings = properties.outreach();
        this.transaction = transaction;
        this.clock = clock;
    }

    public static String mailboxEmail(int rep) {
        return String.format("rep%02d@sandbox.local", rep);
    }

    /** Generates the Outreach org when it has no mailbox yet (a new org, or one made before Outreach was simulated). */
    public boolean generateIfEmpty() {
        if (!store.mailboxes(null, 0, 1).rows().isEmpty()) {
            return false;
        }
        generate();
        return true;
    }

    /** Replaces the Outreach org with the one of the current Salesforce org. */
    public void generate() {
        transaction.executeWithoutResult(status -> {
            store.deleteAll();
            Instant now = clock.instant();
            var mailboxes = new ArrayList<Long>();
            for (int rep = 1; rep <= SALES_REPS; rep++) {
                mailboxes.add(store.insertMailbox(mailboxEmail(rep), String.format("Sales Rep %02d", rep), false).id());
            }
            store.insertMailbox("former.rep@sandbox.local", "Former Rep", true);
            long decision = store.insertSequence(DECISION_SEQUENCE, true, 21, now).id();
            store.insertSequence(PURCHASE_SEQUENCE, true, 5, now);
            store.insertSequence(CONSIDERATION_SEQUENCE, true, 6, now);
            store.insertSequence(ACQUIRE_CONTACTS_SEQUENCE, true, 8, now);
            store.insertSequence(RETIRED_SEQUENCE, false, 10, now);

            var contacts = new ArrayList<ObjectNode>();
            int[] seen = {0};
            salesforce.forEach("Contact", false, null, contact -> {
                if (seen[0]++ % settings.prospectEveryNthContact() == 0 && contact.fields().path("Email").isTextual()) {
                    contacts.add(contact.fields().deepCopy().put("Id", contact.id()));
                }
            });
            var accountIds = new ArrayList<String>();
            contacts.forEach(c -> accountIds.add(c.path("AccountId").asText()));
            Map<String, ObjectNode> accounts = new HashMap<>();
            salesforce.findAll(accountIds.stream().distinct().toList()).forEach(a -> accounts.put(a.id(), a.fields()));
            Map<String, Long> outreachAccounts = new HashMap<>();
            int prospects = 0;
            for (ObjectNode contact : contacts) {
                ObjectNode account = accounts.get(contact.path("AccountId").asText());
                Long accountId = account == null ? null : outreachAccounts.computeIfAbsent(contact.path("AccountId").asText(),
                        id -> store.insertAccount(account.path("Name").asText(), domain(account.path("Website").asText(null)), id, now).id());
                boolean optedOut = prospects % 10 == 7;
                var prospect = store.insertProspect(List.of(contact.path("Email").asText()), contact.path("FirstName").asText(null),
                        contact.path("LastName").asText(null), contact.path("Title").asText(null),
                        account == null ? null : account.path("Name").asText(null), accountId, optedOut, now);
                if (!optedOut && prospects % 5 == 2) {
                    store.insertSequenceState(prospect.id(), decision, mailboxes.get(prospects % mailboxes.size()), now);
                }
                prospects++;
            }
            log.info("Sandbox Outreach org: {} mailboxes, 5 sequences, {} accounts, {} prospects", mailboxes.size() + 1, outreachAccounts.size(),
                    prospects);
        });
    }

    private static String domain(String website) {
        if (website == null || website.isBlank()) {
            return null;
        }
        return website.replaceFirst("^https?://", "").replaceFirst("^www\\.", "").replaceFirst("/.*$", "");
    }
}
