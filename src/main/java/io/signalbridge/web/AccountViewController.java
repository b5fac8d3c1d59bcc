package io.signalbridge.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.signalbridge.embed.EmbedProperties;
import io.signalbridge.orchestration.AccountAudience;
import io.signalbridge.orchestration.AccountAudience.Person;
import io.signalbridge.orchestration.Orchestration.Filters;
import io.signalbridge.orchestration.OutreachEnrolment;
import io.signalbridge.outreach.OutreachApiException;
import io.signalbridge.outreach.OutreachProspects;
import io.signalbridge.security.GroupRoles;
import io.signalbridge.security.tokens.ApiTokenAuthentication;
import io.signalbridge.security.tokens.ApiTokens;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the account view for Salesforce ({@code /embed/account/<id>}) calls: its token (made by the sign-in pop-up),
 * the account's people for the persona map, the Outreach sequences, and "Add to Outreach".
 */
@RestController
public class AccountViewController {

    private static final Filters EVERYONE_OF_THE_ACCOUNT = new Filters(java.util.Set.of(), null, java.util.Set.of(), List.of());

    public record ViewToken(String token, Instant expiresAt) {
    }

    /** A person on the persona map: {@code persona} when the profile fits (Strong or Moderate) and engagement is A or B. */
    public record PersonView(String id, String name, String title, String email, String profileFit, String grade, boolean persona) {
    }

    public record AddToOutreach(String sequence, List<String> people) {
    }

    public record Added(String personId, String status, String detail) {
    }

    private final ApiTokens tokens;
    private final EmbedProperties settings;
    private final AccountAudience audience;
    private final OutreachEnrolment enrolment;
    private final ObjectProvider<OutreachProspects> outreach;

    public AccountViewController(ApiTokens tokens, EmbedProperties settings, AccountAudience audience, OutreachEnrolment enrolment,
                                 ObjectProvider<OutreachProspects> outreach) {
        this.tokens = tokens;
        this.settings = settings;
        this.audience = audience;
        this.enrolment = enrolment;
        this.outreach = outreach;
    }

    /**
     * The view's sign-in: a personal API token of the signed-in user with their roles, for a few hours (listed and
     * revocable with the user's other tokens). Only from a console session: a token does not make tokens.
     */
    @PostMapping("/api/embed/tokens")
    public ResponseEntity<?> token(Authentication who) {
        if (who instanceof ApiTokenAuthentication) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "sign in to make the account view's token"));
        }
        var roles = GroupRoles.roles(who.getAuthorities());
        var created = tokens.create(who.getName(), roles, ApiTokens.SALESFORCE_VIEW_TOKEN, settings.tokenLifetime());
        return ResponseEntity.status(HttpStatus.CREATED).body(new ViewToken(created.secret(), created.token().expiresAt()));
    }

    @GetMapping("/api/accounts/{id}/people")
    public List<PersonView> people(@PathVariable String id) {
        return audience.people(id, EVERYONE_OF_THE_ACCOUNT).stream().map(p -> new PersonView(p.id(), p.displayName(), p.title(), p.email(),
                p.profileFit(), p.grade(), persona(p))).toList();
    }

    @GetMapping("/api/outreach/sequences")
    public ResponseEntity<List<String>> sequences() {
        OutreachProspects prospects = outreach.getIfAvailable();
        return prospects == null ? ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build()
                : ResponseEntity.ok(prospects.enabledSequences(new AtomicInteger()));
    }

    /** Adds the chosen people of the account to the sequence, from the default mailbox; each once, however often asked. */
    @PostMapping("/api/accounts/{id}/outreach")
    public ResponseEntity<?> addToOutreach(@PathVariable String id, @RequestBody AddToOutreach request) {
        if (!enrolment.configured()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "Outreach is not configured"));
        }
        if (request.sequence() == null || request.sequence().isBlank() || request.people() == null || request.people().isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "name a sequence and at least one person"));
        }
        var account = audience.account(id).orElse(null);
        if (account == null) {
            return ResponseEntity.notFound().build();
        }
        Map<String, Person> ofTheAccount = new java.util.HashMap<>();
        audience.people(id, EVERYONE_OF_THE_ACCOUNT).forEach(p -> ofTheAccount.put(p.id(), p));
        var results = new ArrayList<Added>();
        var calls = new AtomicInteger();
        for (String personId : request.people()) {
            Person person = ofTheAccount.get(personId);
            if (person == null) {
                results.add(new Added(personId, "REFUSED", "not a person of this account with an e-mail"));
                continue;
            }
            try {
                var enrolled = enrolment.enrol(account, person, request.sequence(), null, calls);
                results.add(new Added(personId, enrolled.status().name(), enrolled.detail()));
            } catch (OutreachApiException | IllegalStateException e) {
                results.add(new Added(personId, "FAILED", e.getMessage()));
            }
        }
        return ResponseEntity.ok(results);
    }

    private static boolean persona(Person person) {
        return ("Strong".equals(person.profileFit()) || "Moderate".equals(person.profileFit()))
                && ("A".equals(person.grade()) || "B".equals(person.grade()));
    }
}
