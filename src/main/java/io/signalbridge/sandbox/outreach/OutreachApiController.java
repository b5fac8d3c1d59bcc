package io.signalbridge.sandbox.outreach;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.ConditionalOnSandbox;
import io.signalbridge.sandbox.SandboxProperties;
import io.signalbridge.sandbox.outreach.OutreachErrors.OutreachApiError;
import io.signalbridge.sandbox.outreach.OutreachStore.Page;


import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The sandbox Outreach org's API v2 (JSON:API) at {@code /sandbox/outreach/api/v2}: the resources the product uses.
 * Lists filter with {@code filter[…]}, page with {@code page[size]} (at most 1,000) and the cursor {@code page[after]},
 * and link the next page in {@code links.next}; {@code count=false} leaves out {@code meta.count}. Adding a prospect
 * to a sequence ({@code POST /sequenceStates}) fails as Outreach does for a prospect already in the sequence, one
 * who opted out, a disabled sequence, or a missing or disabled mailbox.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping(path = OutreachApiController.BASE_PATH, produces = {OutreachErrors.MEDIA_TYPE, "application/json"})
public class OutreachApiController {

    static final String BASE_PATH = "/sandbox/outreach/api/v2";

    private final OutreachStore store;
    private final SandboxProperties.Outreach settings;
    private final ObjectMapper json;
    private final Clock clock;

    public OutreachApiController(OutreachStore store, SandboxProperties properties, ObjectMapper json, Clock clock) {
        this.store = store;
        this.settings = properties.outreach();
        this.json = json;
        this.clock = clock;
    }

    // prospects

    @GetMapping("/prospects")
    public ResponseEntity<ObjectNode> prospects(@RequestParam Map<String, String> query) {
        var paging = paging(query);
        return list(store.prospects(query.get("filter[emails]"), paging.after, paging.size), this::prospect, query);
    }

    @GetMapping("/prospects/{id}")
    public ResponseEntity<ObjectNode> prospect(@PathVariable String id) {
        return one(store.prospect(number(id)).map(this::prospect).orElseThrow(() -> OutreachErrors.notFound("prospect", id)));
    }

    @PostMapping(path = "/prospects", consumes = OutreachErrors.MEDIA_TYPE)
    public ResponseEntity<ObjectNode> createProspect(@RequestBody JsonNode body) {
        JsonNode data = data(body, "prospect");
        JsonNode attributes = data.path("attributes");
        var emails = new ArrayList<String>();
        attributes.path("emails").forEach(e -> emails.add(e.asText()));
        for (String email : emails) {
            if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw OutreachErrors.validation("Emails is invalid: " + email, "/data/attributes/emails");
            }
            if (!store.prospects(email, 0, 1).rows().isEmpty()) {
                // the org's duplicate rule on email (Outreach's "prevent duplicate prospects" setting, on here)
                throw OutreachErrors.validation("Emails has already been taken", "/data/attributes/emails");
            }
        }
        if (emails.isEmpty() && text(attributes, "firstName") == null && text(attributes, "lastName") == null) {
            throw OutreachErrors.validation("A prospect needs a name or an email address", "/data/attributes");
        }
        Long account = relationship(data, "account");
        if (account != null && store.account(account).isEmpty()) {
            throw OutreachErrors.validation("Account not found", "/data/relationships/account");
        }
        var created = store.insertProspect(emails, text(attributes, "firstName"), text(attributes, "lastName"), text(attributes, "title"),
                text(attributes, "company"), account, false, clock.instant());
        return created(prospect(created));
    }

    // accounts

    @GetMapping("/accounts")
    public ResponseEntity<ObjectNode> accounts(@RequestParam Map<String, String> query) {
        var paging = paging(query);
        return list(store.accounts(query.get("filter[name]"), query.get("filter[domain]"), query.get("filter[customId]"), paging.after,
                paging.size), this::account, query);
    }

    @GetMapping("/accounts/{id}")
    public ResponseEntity<ObjectNode> account(@PathVariable String id) {
        return one(store.account(number(id)).map(this::account).orElseThrow(() -> OutreachErrors.notFound("account", id)));
    }

    @PostMapping(path = "/accounts", consumes = OutreachErrors.MEDIA_TYPE)
    public ResponseEntity<ObjectNode> createAccount(@RequestBody JsonNode body) {
        JsonNode attributes = data(body, "account").path("attributes");
        String name = text(attributes, "name");
        if (name == null) {
            throw OutreachErrors.validation("Name can't be blank", "/data/attributes/name");
        }
        return created(account(store.insertAccount(name, text(attributes, "domain"), text(attributes, "customId"), clock.instant())));
    }

    // mailboxes and sequences

    @GetMapping("/mailboxes")
    public ResponseEntity<ObjectNode> mailboxes(@RequestParam Map<String, String> query) {
        var paging = paging(query);
        return list(store.mailboxes(query.get("filter[email]"), paging.after, paging.size), this::mailbox, query);
    }

    @GetMapping("/mailboxes/{id}")
    public ResponseEntity<ObjectNode> mailbox(@PathVariable String id) {
        return one(store.mailbox(number(id)).map(this::mailbox).orElseThrow(() -> OutreachErrors.notFound("mailbox", id)));
    }

    @GetMapping("/sequences")
    public ResponseEntity<ObjectNode> sequences(@RequestParam Map<String, String> query) {
        var paging = paging(query);
        return list(store.sequences(query.get("filter[name]"), paging.after, paging.size), this::sequence, query);
    }

    @GetMapping("/sequences/{id}")
    public ResponseEntity<ObjectNode> sequence(@PathVariable String id) {
        return one(store.sequence(number(id)).map(this::sequence).orElseThrow(() -> OutreachErrors.notFound("sequence", id)));
    }

    // sequence states

    @GetMapping("/sequenceStates")
    public ResponseEntity<ObjectNode> sequenceStates(@RequestParam Map<String, String> query) {
        var paging = paging(query);
        Long prospect = query.containsKey("filter[prospect][id]") ? number(query.get("filter[prospect][id]")) : null;
        Long sequence = query.containsKey("filter[sequence][id]") ? number(query.get("filter[sequence][id]")) : null;
        return list(store.sequenceStates(prospect, sequence, query.get("filter[state]"), paging.after, paging.size), this::sequenceState, query);
    }

    @GetMapping("/sequenceStates/{id}")
    public ResponseEntity<ObjectNode> sequenceState(@PathVariable String id) {
        return one(store.sequenceState(number(id)).map(this::sequenceState).orElseThrow(() -> OutreachErrors.notFound("sequenceState", id)));
    }

    @PostMapping(path = "/sequenceStates", consumes = OutreachErrors.MEDIA_TYPE)
    public ResponseEntity<ObjectNode> addToSequence(@RequestBody JsonNode body) {
        JsonNode data = data(body, "sequenceState");
        Long prospectId = relationship(data, "prospect");
        Long sequenceId = relationship(data, "sequence");
        Long mailboxId = relationship(data, "mailbox");
        if (prospectId == null) {
            throw OutreachErrors.validation("Prospect can't be blank", "/data/relationships/prospect");
        }
        if (sequenceId == null) {
            throw OutreachErrors.validation("Sequence can't be blank", "/data/relationships/sequence");
        }
        if (mailboxId == null) {
            throw OutreachErrors.validation("Mailbox can't be blank", "/data/relationships/mailbox");
        }
        var prospect = store.prospect(prospectId).orElseThrow(() -> OutreachErrors.validation("Prospect not found", "/data/relationships/prospect"));
        var sequence = store.sequence(sequenceId).orElseThrow(() -> OutreachErrors.validation("Sequence not found", "/data/relationships/sequence"));
        var mailbox = store.mailbox(mailboxId).orElseThrow(() -> OutreachErrors.validation("Mailbox not found", "/data/relationships/mailbox"));
        if (!sequence.enabled()) {
            throw OutreachErrors.validation("Sequence is not enabled", "/data/relationships/sequence");
        }
        if (mailbox.sendingDisabled()) {
            throw OutreachErrors.validation("Mailbox cannot send email", "/data/relationships/mailbox");
        }
        if (prospect.optedOut()) {
            throw OutreachErrors.validation("Prospect has opted out of email", "/data/relationships/prospect");
        }
        var state = store.insertSequenceState(prospectId, sequenceId, mailboxId, clock.instant())
                .orElseThrow(() -> OutreachErrors.validation("Prospect is already in this sequence", "/data/relationships/prospect"));
        return created(sequenceState(state));
    }

    @ExceptionHandler(OutreachApiError.class)
    ResponseEntity<ObjectNode> refused(OutreachApiError error) {
        return OutreachErrors.response(json, error);
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<ObjectNode> unreadable(Exception e) {
        return OutreachErrors.response(json, OutreachErrors.badRequest("The request body is not valid JSON."));
    }

    // JSON:API rendering

    private ObjectNode prospect(OutreachStore.Prospect p) {
        ObjectNode resource = resource("prospect", p.id());
        ObjectNode attributes = resource.putObject("attributes");
        ArrayNode emails = attributes.putArray("emails");
        p.emails().forEach(emails::add);
        attributes.put("firstName", p.firstName()).put("lastName", p.lastName()).put("title", p.title()).put("company", p.company())
                .put("emailOptedOut", p.optedOut()).put("createdAt", p.createdAt().toString()).put("updatedAt", p.updatedAt().toString());
        ObjectNode relationships = resource.putObject("relationships");
        relationship(relationships, "account", p.accountId());
        return resource;
    }

    private ObjectNode account(OutreachStore.Account a) {
        ObjectNode resource = resource("account", a.id());
        resource.putObject("attributes").put("name", a.name()).put("domain", a.domain()).put("customId", a.customId())
                .put("createdAt", a.createdAt().toString()).put("updatedAt", a.updatedAt().toString());
        return resource;
    }

    private ObjectNode mailbox(OutreachStore.Mailbox m) {
        ObjectNode resource = resource("mailbox", m.id());
        resource.putObject("attributes").put("email", m.email()).put("userName", m.userName()).put("sendDisabled", m.sendingDisabled());
        return resource;
    }

    private ObjectNode sequence(OutreachStore.Sequence s) {
        ObjectNode resource = resource("sequence", s.id());
        resource.putObject("attributes").put("name", s.name()).put("enabled", s.enabled()).put("sequenceStepCount", s.stepCount())
                .put("createdAt", s.createdAt().toString());
        return resource;
    }

    private ObjectNode sequenceState(OutreachStore.SequenceState s) {
        ObjectNode resource = resource("sequenceState", s.id());
        resource.putObject("attributes").put("state", s.state()).put("createdAt", s.createdAt().toString())
                .put("updatedAt", s.updatedAt().toString());
        ObjectNode relationships = resource.putObject("relationships");
        relationship(relationships, "prospect", s.prospectId());
        relationship(relationships, "sequence", s.sequenceId());
        relationship(relationships, "mailbox", s.mailboxId());
        return resource;
    }

    private ObjectNode resource(String type, long id) {
        ObjectNode resource = json.createObjectNode().put("type", type).put("id", id);
        resource.putObject("links").put("self", ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(BASE_PATH + "/" + type + "s/" + id).toUriString());
        return resource;
    }

    private static void relationship(ObjectNode relationships, String name, Long id) {
        ObjectNode data = relationships.putObject(name);
        if (id == null) {
            data.putNull("data");
        } else {
            data.putObject("data").put("type", name).put("id", id);
        }
    }

    private <T> ResponseEntity<ObjectNode> list(Page<T> page, Function<T, ObjectNode> render, Map<String, String> query) {
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        long last = 0;
        for (T row : page.rows()) {
            ObjectNode resource = render.apply(row);
            data.add(resource);
            last = resource.path("id").asLong();
        }
        ObjectNode links = body.putObject("links");
        links.put("first", link(query, null));
        if (page.more()) {
            links.put("next", link(query, last));
        }
        if (!"false".equals(query.get("count"))) {
            body.putObject("meta").put("count", page.count());
        }
        return ResponseEntity.ok().header("Content-Type", OutreachErrors.MEDIA_TYPE).body(body);
    }

    /** The request's own URL with its (decoded) query again, page[after] set or left out, encoded once. */
    private static String link(Map<String, String> query, Long after) {
        var builder = ServletUriComponentsBuilder.fromCurrentRequestUri().replaceQuery(null);
        query.forEach((name, value) -> {
            if (!name.equals("page[after]")) {
                builder.queryParam(name, "{" + name + "}");
            }
        });
        var values = new java.util.HashMap<String, Object>(query);
        if (after != null) {
            builder.queryParam("page[after]", "{page[after]}");
            values.put("page[after]", after);
        }
        return builder.encode().buildAndExpand(values).toUriString();
    }

    private ResponseEntity<ObjectNode> one(ObjectNode resource) {
        ObjectNode body = json.createObjectNode();
        body.set("data", resource);
        return ResponseEntity.ok().header("Content-Type", OutreachErrors.MEDIA_TYPE).body(body);
    }

    private ResponseEntity<ObjectNode> created(ObjectNode resource) {
        ObjectNode body = json.createObjectNode();
        body.set("data", resource);
        return ResponseEntity.status(HttpStatus.CREATED).header("Content-Type", OutreachErrors.MEDIA_TYPE).body(body);
    }

    private record Paging(int size, long after) {
    }

    private Paging paging(Map<String, String> query) {
        int size = settings.pageSize();
        if (query.containsKey("page[size]")) {
            size = (int) number(query.get("page[size]"));
            if (size < 1 || size > settings.maxPageSize()) {
                throw OutreachErrors.badRequest("page[size] must be between 1 and " + settings.maxPageSize() + ".");
            }
        }
        long after = query.containsKey("page[after]") ? number(query.get("page[after]")) : 0;
        return new Paging(size, after);
    }

    private static JsonNode data(JsonNode body, String type) {
        JsonNode data = body.path("data");
        if (!data.isObject()) {
            throw OutreachErrors.badRequest("The request body must hold a 'data' object.");
        }
        if (!type.equals(data.path("type").asText())) {
            throw new OutreachApiError(HttpStatus.CONFLICT, "typeMismatch", "Type Mismatch",
                    "Expected resource type '" + type + "', got '" + data.path("type").asText() + "'.", "/data/type");
        }
        return data;
    }

    private static Long relationship(JsonNode data, String name) {
        JsonNode id = data.path("relationships").path(name).path("data").path("id");
        if (id.isMissingNode() || id.isNull()) {
            return null;
        }
        return number(id.asText());
    }

    private static String text(JsonNode attributes, String name) {
        JsonNode value = attributes.path(name);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static long number(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw OutreachErrors.badRequest("'" + value + "' is not a valid id.");
        }
    }
}
