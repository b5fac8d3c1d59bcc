package io.signalbridge.outreach;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.outreach.OutreachApiException.Kind;

/**
 * What orchestrations do in Outreach: find a person's prospect by email or create it (in the Outreach account of
 * their Salesforce Account, found by custom id or created), and add a prospect to a sequence from a mailbox, never
 * twice: a prospect that already has a state in the sequence (active, paused or finished) is left as it is, whether
 * this service or a rep put it there. Sequences and mailboxes are looked up by name and email once.
 */
public class OutreachProspects {

    /** A Salesforce contact or lead as Outreach needs it. */
    public record Person(String email, String firstName, String lastName, String title, String company, String salesforceAccountId,
                         String domain) {
    }

    public enum Added { ADDED, ALREADY_IN_SEQUENCE }

    private final OutreachClient client;
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();
    private final Map<String, Long> mailboxes = new ConcurrentHashMap<>();

    public OutreachProspects(OutreachClient client) {
        this.client = client;
    }

    public Optional<Long> findProspect(String email, AtomicInteger calls) {
        JsonNode found = client.get("/prospects", Map.of("filter[emails]", email, "count", "false"), calls).path("data");
        return found.isEmpty() ? Optional.empty() : Optional.of(found.path(0).path("id").asLong());
    }

    /** The person's prospect: found by email, else created. A creation that races another finds the winner's. */
    public long findOrCreateProspect(Person person, AtomicInteger calls) {
        Optional<Long> existing = findProspect(person.email(), calls);
        if (existing.isPresent()) {
            return existing.get();
        }
        ObjectNode document = client.document("prospect");
        ObjectNode data = (ObjectNode) document.path("data");
        ObjectNode attributes = data.putObject("attributes");
        attributes.putArray("emails").add(person.email());
        attributes.put("firstName", person.firstName()).put("lastName", person.lastName()).put("title", person.title())
                .put("company", person.company());
        if (person.salesforceAccountId() != null) {
            long account = findOrCreateAccount(person, calls);
            data.putObject("relationships").putObject("account").putObject("data").put("type", "account").put("id", account);
        }
        try {
            return client.post("/prospects", document, calls).path("data").path("id").asLong();
        } catch (OutreachApiException e) {
            if (e.kind() == Kind.ALREADY_DONE || (e.status() == 422 && e.getMessage().contains("taken"))) {
                return findProspect(person.email(), calls).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private long findOrCreateAccount(Person person, AtomicInteger calls) {
        JsonNode found = client.get("/accounts", Map.of("filter[customId]", person.salesforceAccountId(), "count", "false"), calls).path("data");
        if (!found.isEmpty()) {
            return found.path(0).path("id").asLong();
        }
        ObjectNode document = client.document("account");
        ((ObjectNode) document.path("data")).putObject("attributes").put("name", person.company() == null ? person.salesforceAccountId()
                : person.company()).put("domain", person.domain()).put("customId", person.salesforceAccountId());
        return client.post("/accounts", document, calls).path("data").path("id").asLong();
    }

    /**
     * Adds the prospect to the sequence, sent from the mailbox. Looks first (a retry after an answer that never came
     * finds the state the first attempt made), and takes Outreach's "already in this sequence" as done.
     */
    public Added addToSequence(long prospectId, long sequenceId, long mailboxId, AtomicInteger calls) {
        JsonNode states = client.get("/sequenceStates", Map.of("filter[prospect][id]", Long.toString(prospectId),
                "filter[sequence][id]", Long.toString(sequenceId), "count", "false"), calls).path("data");
        if (!states.isEmpty()) {
            return Added.ALREADY_IN_SEQUENCE;
        }
        ObjectNode document = client.document("sequenceState");
        ObjectNode relationships = ((ObjectNode) document.path("data")).putObject("relationships");
        relationships.putObject("prospect").putObject("data").put("type", "prospect").put("id", prospectId);
        relationships.putObject("sequence").putObject("data").put("type", "sequence").put("id", sequenceId);
        relationships.putObject("mailbox").putObject("data").put("type", "mailbox").put("id", mailboxId);
        try {
            client.post("/sequenceStates", document, calls);
            return Added.ADDED;
        } catch (OutreachApiException e) {
            if (e.kind() == Kind.ALREADY_DONE) {
                return Added.ALREADY_IN_SEQUENCE;
            }
            throw e;
        }
    }

    public Optional<Long> sequenceId(String name, AtomicInteger calls) {
        return Optional.ofNullable(sequences.computeIfAbsent(name, n -> {
            JsonNode found = client.get("/sequences", Map.of("filter[name]", n, "count", "false"), calls).path("data");
            return found.isEmpty() ? null : found.path(0).path("id").asLong();
        }));
    }

    public Optional<Long> mailboxId(String email, AtomicInteger calls) {
        return Optional.ofNullable(mailboxes.computeIfAbsent(email, e -> {
            JsonNode found = client.get("/mailboxes", Map.of("filter[email]", e, "count", "false"), calls).path("data");
            return found.isEmpty() ? null : found.path(0).path("id").asLong();
        }));
    }

    /** The names of the sequences prospects can be added to (enabled), in Outreach's order. */
    public java.util.List<String> enabledSequences(AtomicInteger calls) {
        var names = new java.util.ArrayList<String>();
        client.forEach("/sequences", Map.of("count", "false"), sequence -> {
            if (sequence.path("attributes").path("enabled").asBoolean(false)) {
                names.add(sequence.path("attributes").path("name").asText());
            }
        }, calls);
        return names;
    }
}
