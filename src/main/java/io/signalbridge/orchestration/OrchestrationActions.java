package io.signalbridge.orchestration;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.failures.SecretRedaction;
import io.signalbridge.marketo.MarketoClient;
import io.signalbridge.marketo.MarketoLeadLinks;
import io.signalbridge.orchestration.AccountAudience.Account;
import io.signalbridge.orchestration.AccountAudience.Person;
import io.signalbridge.orchestration.Orchestration.Action;
import io.signalbridge.orchestration.PlannedAction.Status;
import io.signalbridge.salesforce.SalesforceTasks;
import io.signalbridge.slack.SlackOutbox;

import org.springframework.stereotype.Component;

/**
 * Does one planned action (the step of the route orchestration-action). Every action is safe to do twice: Outreach's
 * sequence state is looked for first, a Marketo static list holds a lead once, a Task is looked for by subject, account
 * and due date, a Slack message is sent once per action. A refusal that concerns only this person (opted out, no
 * Marketo lead) is SKIPPED with the reason; anything else fails the exchange, which the error policy retries and then
 * keeps in the failed-exchange store, from where a replay does this action again.
 */
@Component("orchestrationActions")
public class OrchestrationActions {

    private final OrchestrationActionStore store;
    private final Orchestrations orchestrations;
    private final AccountAudience audience;
    private final OutreachEnrolment enrolment;
    private final MarketoClient marketo;
    private final SalesforceTasks tasks;
    private final SlackOutbox slack;
    private final ObjectMapper json;
    private final MarketoLeadLinks leadLinks;
    /** Static list ids by name, looked up once (a list is renamed rarely; a failed add drops its entry). */
    private final Map<String, Long> listIds = new java.util.concurrent.ConcurrentHashMap<>();

    public OrchestrationActions(OrchestrationActionStore store, Orchestrations orchestrations, AccountAudience audience,
                                OutreachEnrolment enrolment, MarketoClient marketo,
                                SalesforceTasks tasks, SlackOutbox slack, ObjectMapper json,
                                MarketoLeadLinks leadLinks) {
        this.leadLinks = leadLinks;
        this.store = store;
        this.orchestrations = orchestrations;
        this.audience = audience;
        this.enrolment = enrolment;
        this.marketo = marketo;
        this.tasks = tasks;
        this.slack = slack;
        this.json = json;
    }

    /** Does the planned action {@code id} unless it is already done or skipped; the API calls it made are added to {@code calls}. */
    public Status execute(long id, AtomicInteger calls) {
        PlannedAction planned = store.find(id).orElseThrow(() -> new IllegalStateException("no planned orchestration action " + id));
        if (planned.status() == Status.DONE || planned.status() == Status.SKIPPED) {
            return planned.status();
        }
        try {
            Orchestration orchestration = orchestrations.atVersion(planned.orchestration(), planned.version())
                    .orElseThrow(() -> new IllegalStateException("orchestration " + planned.orchestration() + " has no version " + planned.version()));
            Action action = orchestration.actions().get(planned.actionIndex());
            Account account = audience.account(planned.accountId())
                    .orElseThrow(() -> new IllegalStateException("account " + planned.accountId() + " has no scores"));
            Person person = planned.personId().isEmpty() ? null : audience.person(planned.personId())
                    .orElseThrow(() -> new IllegalStateException("person " + planned.personId() + " is not in the signal store"));
            Outcome outcome = switch (action.type()) {
                case OUTREACH_SEQUENCE -> addToSequence(action, account, person, calls);
                case MARKETO_LIST -> addToList(action, person, calls);
                case MARKETO_CAMPAIGN -> requestCampaign(action, person, calls);
                case SALESFORCE_TASK -> createTask(action, account, orchestration, planned, calls);
                case SLACK -> sendSlack(action, account, orchestration, planned);
            };
            store.finish(id, outcome.status(), outcome.detail());
            return outcome.status();
        } catch (RuntimeException e) {
            store.finish(id, Status.FAILED, SecretRedaction.mask(String.valueOf(e.getMessage())));
            throw e;
        }
    }

    record Outcome(Status status, String detail) {
        static Outcome done(String detail) {
            return new Outcome(Status.DONE, detail);
        }

        static Outcome skipped(String detail) {
            return new Outcome(Status.SKIPPED, detail);
        }
    }

    private Outcome addToSequence(Action action, Account account, Person person, AtomicInteger calls) {
        var enrolled = enrolment.enrol(account, person, action.setting("sequence"), action.setting("mailbox"), calls);
        return new Outcome(enrolled.status(), enrolled.detail());
    }

    private Outcome addToList(Action action, Person person, AtomicInteger calls) {
        Long lead = marketoLead(person, calls);
        if (lead == null) {
            return Outcome.skipped("no Marketo lead is synced with " + person.id());
        }
        String listName = action.setting("list");
        Long listId = listIds.computeIfAbsent(listName, name -> {
            JsonNode lists = marketo.get("/v1/lists.json", Map.of("name", name), calls).path("result");
            return lists.isEmpty() ? null : lists.path(0).path("id").asLong();
        });
        if (listId == null) {
            throw new IllegalStateException("Marketo has no static list named '" + listName + "'");
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("input").addObject().put("id", lead);
        JsonNode result;
        try {
            result = marketo.send("POST", "/v1/lists/" + listId + "/leads.json", body, calls).path("result").path(0);
        } catch (RuntimeException e) {
            listIds.remove(listName); // the list may be gone or renamed: looked up again by the retry or replay
            throw e;
        }
        return "added".equals(result.path("status").asText())
                ? Outcome.done("Marketo lead " + lead + " in list '" + listName + "'")
                : Outcome.skipped("Marketo did not add lead " + lead + ": " + result.path("reasons").path(0).path("message").asText(result.toString()));
    }

    private Outcome requestCampaign(Action action, Person person, AtomicInteger calls) {
        Long lead = marketoLead(person, calls);
        if (lead == null) {
            return Outcome.skipped("no Marketo lead is synced with " + person.id());
        }
        String campaign = action.setting("campaign");
        ObjectNode body = json.createObjectNode();
        body.putObject("input").putArray("leads").addObject().put("id", lead);
        marketo.post("/v1/campaigns/" + campaign + "/trigger.json", body, calls);
        return Outcome.done("campaign " + campaign + " requested for Marketo lead " + lead);
    }

    /** The person's Marketo lead: the link the activity pull keeps (no call), else Marketo's answer by the Salesforce id. */
    private Long marketoLead(Person person, AtomicInteger calls) {
        var linked = leadLinks.leadOf(person.id(), person.contact());
        if (linked.isPresent()) {
            return linked.get();
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filterType", person.contact() ? "sfdcContactId" : "sfdcLeadId");
        query.put("filterValues", person.id());
        query.put("fields", "id");
        JsonNode found = marketo.get("/v1/leads.json", query, calls).path("result");
        return found.isEmpty() ? null : found.path(0).path("id").asLong();
    }

    private Outcome createTask(Action action, Account account, Orchestration orchestration, PlannedAction planned, AtomicInteger calls) {
        int dueInDays = Integer.parseInt(action.settings().getOrDefault("dueInDays", "0"));
        LocalDate due = planned.createdAt().atZone(ZoneOffset.UTC).toLocalDate().plusDays(dueInDays);
        String description = action.settings().getOrDefault("description", "Orchestration " + orchestration.name() + ": "
                + describe(orchestration, account));
        calls.incrementAndGet();
        var created = tasks.createOnce(new SalesforceTasks.NewTask(account.id(), account.ownerId(), fill(action.setting("subject"), account,
                orchestration), fill(description, account, orchestration), due, action.setting("priority")));
        calls.incrementAndGet();
        return Outcome.done((created.created() ? "Task " : "Task already there: ") + created.id() + " due " + due);
    }

    private Outcome sendSlack(Action action, Account account, Orchestration orchestration, PlannedAction planned) {
        boolean queued = slack.enqueue(action.setting("team"), "orchestration-action-" + planned.id(), fill(action.setting("text"), account, orchestration));
        return Outcome.done(queued ? "queued for Slack team " + action.setting("team") : "already queued for Slack team " + action.setting("team"));
    }

    private static String describe(Orchestration orchestration, Account account) {
        return switch (orchestration.trigger().kind()) {
            case STAGE_CHANGED -> account.name() + " entered " + orchestration.trigger().toStage();
            case SIX_QA_STARTED -> account.name() + " became 6QA";
            case SEGMENT_ENTERED -> account.name() + " entered segment " + orchestration.trigger().segment();
            case INTENT_SURGE -> account.name() + "'s intent surged";
        };
    }

    /** Placeholders of subjects and messages: {account}, {accountId}, {stage}, {profileFit}, {orchestration}. */
    static String fill(String template, Account account, Orchestration orchestration) {
        return template.replace("{account}", account.name() == null ? account.id() : account.name()).replace("{accountId}", account.id())
                .replace("{stage}", String.valueOf(account.stage())).replace("{profileFit}", String.valueOf(account.profileFit()))
                .replace("{orchestration}", orchestration.name());
    }
}
