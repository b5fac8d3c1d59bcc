package io.signalbridge.scores;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.scoring.Firmographics;
import io.signalbridge.scoring.Opportunity;
import io.signalbridge.scoring.Person;
import io.signalbridge.scoring.Rejection;
import io.signalbridge.scoring.ScoringInput;
import io.signalbridge.scoring.ScoringSettings;
import io.signalbridge.scoring.Signal;
import io.signalbridge.signals.Domains;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

/**
 * Turns pulled records into the core's input, one record at a time. Accounts, then people (Contacts, Leads)
 * must come before the signals that name them: a signal naming only a person takes the person's account.
 * An unconverted lead belongs to the account whose website domain matches the lead's website or e-mail domain.
 */
public final class ScoringInputAssembler {

    /** The objects read before the signal objects, in this order. */
    public static final List<String> SALESFORCE_OBJECTS = List.of("Account", "Contact", "Lead", "Opportunity",
            "OpportunityContactRole");

    private final ActivitySignalRules rules;
    private final ZoneId zone;
    private final ScoringInput input;
    private final Set<List<String>> signalObjects;
    private final Map<String, String> personAccounts = new HashMap<>();
    private final Map<String, String> accountsByDomain = new HashMap<>();
    private final Map<String, Person> people = new LinkedHashMap<>();
    private final Map<String, Instant> opportunityCreated = new HashMap<>();
    private final Map<String, String> opportunityAccounts = new HashMap<>();
    // converted lead id → its contact id: the lead's signals are the contact's (one person, before and after conversion)
    private final Map<String, String> convertedLeads = new HashMap<>();
    private boolean peopleAdded;
    // the account an unconverted lead's domain matches; null: the accounts read so far (the whole store's, in a full read)
    private final java.util.function.Function<String, String> domainAccounts;

    private final Map<String, String> sharedValues = new HashMap<>();

    public ScoringInputAssembler(ActivitySignalRules rules, ScoringSettings settings, Instant now) {
        this(rules, settings, now, null);
    }

    private ScoringInputAssembler(ActivitySignalRules rules, ScoringSettings settings, Instant now,
                                  java.util.function.Function<String, String> domainAccounts) {
        this.rules = rules;
        this.zone = settings.zone();
        this.input = new ScoringInput(settings.withKinds(rules.kinds()), now);
        this.signalObjects = rules.signalObjects();
        this.domainAccounts = domainAccounts;
    }

    /** Streams the signal store, object by object in the order the assembler needs, into an assembler. */
    public static ScoringInputAssembler fromStore(SignalStore store, ActivitySignalRules rules, ScoringSettings settings,
                                                  Instant now) {
        var assembler = new ScoringInputAssembler(rules, settings, now);
        for (String object : SALESFORCE_OBJECTS) {
            store.forEach("salesforce", object, assembler::accept);
        }
        for (List<String> object : rules.signalObjects()) {
            store.forEach(object.get(0), object.get(1), assembler::accept);
        }
        return assembler;
    }

    /**
     * Reads only what the accounts {@code accounts} need, through the store's record keys: the accounts, their
     * contacts, their leads ({@code leads}: the ids of the unconverted leads matched to them by domain, as the last
     * run and the changes since tell; converted ones are found by their account), their opportunities and contact
     * roles, and every signal naming one of the accounts or one of their people. {@code domainAccounts} matches a
     * domain to an account over the whole store, as a full read would. The result scores these accounts exactly as
     * a read of the whole store would.
     */
    public static ScoringInputAssembler fromStoreFor(SignalStore store, ActivitySignalRules rules, ScoringSettings settings,
                                                     Instant now, Set<String> accounts, Set<String> leads,
                                                     java.util.function.Function<String, String> domainAccounts) {
        var assembler = new ScoringInputAssembler(rules, settings, now, domainAccounts);
        store.forEachWith("salesforce", "Account", SignalStore.Key.ID, accounts, assembler::accept);
        store.forEachWith("salesforce", "Contact", SignalStore.Key.ACCOUNT, accounts, assembler::accept);
        var leadRecords = new java.util.TreeMap<String, PulledRecord>();
        store.forEachWith("salesforce", "Lead", SignalStore.Key.ACCOUNT, accounts, r -> leadRecords.put(r.id(), r));
        store.forEachWith("salesforce", "Lead", SignalStore.Key.ID, leads, r -> leadRecords.put(r.id(), r));
        leadRecords.values().forEach(assembler::accept);
        store.forEachWith("salesforce", "Opportunity", SignalStore.Key.ACCOUNT, accounts, assembler::accept);
        var people = new java.util.HashSet<>(assembler.personAccounts.keySet());
        people.addAll(leadRecords.keySet());
        var contacts = assembler.people.values().stream().filter(p -> p.type() == Person.Type.CONTACT).map(Person::personId).toList();
        var roles = new ArrayList<PulledRecord>();
        store.forEachWith("salesforce", "OpportunityContactRole", SignalStore.Key.PERSON, contacts, roles::add);
        // a contact on another account's opportunity joined a buying team all the same: read that opportunity too
        var elsewhere = roles.stream().map(r -> text(r.fields(), "OpportunityId"))
                .filter(id -> id != null && !assembler.opportunityCreated.containsKey(id)).collect(Collectors.toSet());
        store.forEachWith("salesforce", "Opportunity", SignalStore.Key.ID, elsewhere, assembler::accept);
        roles.forEach(assembler::accept);
        for (List<String> object : rules.signalObjects()) {
            var signals = new java.util.TreeMap<String, PulledRecord>();
            store.forEachWith(object.get(0), object.get(1), SignalStore.Key.ACCOUNT, accounts, r -> signals.put(r.id(), r));
            // what names one of the accounts came with the read by account: by person only the rest
            store.forEachWith(object.get(0), object.get(1), SignalStore.Key.PERSON, people, accounts, r -> signals.put(r.id(), r));
            signals.values().forEach(assembler::accept);
        }
        return assembler;
    }

    public void accept(PulledRecord record) {
        if (record.deleted()) {
            return;
        }
        JsonNode fields = record.fields();
        if ("salesforce".equals(record.source())) {
            switch (record.objectName()) {
                case "Account" -> {
                    input.add(new Firmographics(record.id(), text(fields, "Industry"), whole(fields, "NumberOfEmployees"),
                            number(fields, "AnnualRevenue"), text(fields, "BillingCountry")));
                    String domain = Domains.ofWebsite(text(fields, "Website"));
                    if (domain != null) {
                        // two accounts with one domain: the lower id, whatever order the store hands them in
                        accountsByDomain.merge(domain, record.id(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                    }
                    return;
                }
                case "Contact" -> {
                    String account = shared(text(fields, "AccountId"));
                    remember(record.id(), account);
                    people.put(record.id(), new Person(record.id(), account, Person.Type.CONTACT,
                            shared(text(fields, "Title")), shared(text(fields, "Department")), null));
                    return;
                }
                case "Lead" -> {
                    String account = shared(leadAccount(fields));
                    remember(record.id(), account);
                    if (!fields.path("IsConverted").asBoolean(false)) {
                        people.put(record.id(), new Person(record.id(), account, Person.Type.LEAD, shared(text(fields, "Title")),
                                shared(text(fields, "Department")), null));
                    } else {
                        // A converted lead is scored as its Contact; the conversion is a positive outcome of the person
                        // profile model, like a contact role.
                        String contact = text(fields, "ConvertedContactId");
                        converted(contact, SourceTimes.instant(text(fields, "ConvertedDate"), zone));
                        if (contact != null) {
                            convertedLeads.put(record.id(), contact);
                        }
                    }
                    return;
                }
                case "Opportunity" -> {
                    Instant created = SourceTimes.instant(text(fields, "CreatedDate"), zone);
                    input.add(new Opportunity(record.id(), text(fields, "AccountId"), text(fields, "StageName"), created,
                            SourceTimes.date(text(fields, "CloseDate"), zone), fields.path("IsClosed").asBoolean(false)));
                    if (created != null) {
                        opportunityCreated.put(record.id(), created);
                    }
                    if (text(fields, "AccountId") != null) {
                        opportunityAccounts.put(record.id(), text(fields, "AccountId"));
                    }
                    return;
                }
                case "OpportunityContactRole" -> {
                    joinedBuyingTeam(text(fields, "ContactId"), opportunityCreated.get(text(fields, "OpportunityId")));
                    return;
                }
                default -> {
                }
            }
        }
        if (!signalObjects.contains(List.of(record.source(), record.objectName()))) {
            return;
        }
        var rule = rules.match(record.source(), record.objectName(), fields);
        if (rule == null) {
            input.reject(Rejection.UNKNOWN_KIND);
            return;
        }
        String person = first(fields, rule.person());
        String account = signalAccount(fields, rule);
        person = person == null ? null : convertedLeads.getOrDefault(person, person);
        // the person's own id instance, not the copy each activity's JSON carries (the signals keep one per person)
        Person known = person == null ? null : people.get(person);
        person = known != null ? known.personId() : person;
        Instant time = null;
        for (String field : rule.time()) {
            time = time != null ? time : SourceTimes.instant(text(fields, field), zone);
        }
        input.add(new Signal(rule.kind(), time, account, person));
    }

    /**
     * The account a record bears on (its own, its contact's, its opportunity's, or the account its signal rule
     * names), as far as the records read so far tell; null if none. Used to find the accounts a change touches.
     */
    public String accountOf(PulledRecord record) {
        JsonNode fields = record.fields();
        if ("salesforce".equals(record.source())) {
            switch (record.objectName()) {
                case "Account" -> {
                    return record.id();
                }
                case "Contact", "Opportunity" -> {
                    return text(fields, "AccountId");
                }
                case "Lead" -> {
                    return leadAccount(fields);
                }
                case "OpportunityContactRole" -> {
                    String opportunity = text(fields, "OpportunityId");
                    return opportunity == null ? null : opportunityAccounts.get(opportunity);
                }
                default -> {
                }
            }
        }
        if (!signalObjects.contains(List.of(record.source(), record.objectName()))) {
            return null;
        }
        var rule = rules.match(record.source(), record.objectName(), fields);
        if (rule == null) {
            return null;
        }
        return signalAccount(fields, rule);
    }

    /**
     * One instance of each account id, title and department: every person's record would otherwise hold its own copy
     * of the same few strings (hundreds of thousands of people, a few thousand distinct values).
     */
    private String shared(String value) {
        return value == null ? null : sharedValues.computeIfAbsent(value, v -> v);
    }

    /** The input, with the people (added once, when their contact roles are all known). */
    public ScoringInput input() {
        if (!peopleAdded) {
            people.values().forEach(input::add);
            peopleAdded = true;
        }
        return input;
    }

    /** The contact joined a buying team at {@code joinedAt}: the creation of an opportunity it sits on. */
    private void joinedBuyingTeam(String contactId, Instant joinedAt) {
        Person person = contactId == null ? null : people.get(contactId);
        if (person != null && joinedAt != null && (person.boughtAt() == null || joinedAt.isBefore(person.boughtAt()))) {
            people.put(contactId, new Person(person.personId(), person.accountId(), person.type(), person.title(),
                    person.department(), joinedAt, person.convertedAt()));
        }
    }

    private void converted(String contactId, Instant convertedAt) {
        Person person = contactId == null ? null : people.get(contactId);
        if (person != null && convertedAt != null) {
            people.put(contactId, new Person(person.personId(), person.accountId(), person.type(), person.title(),
                    person.department(), person.boughtAt(), convertedAt));
        }
    }

    private String signalAccount(JsonNode fields, ActivitySignalRules.Rule rule) {
        String account = first(fields, rule.account());
        String person = first(fields, rule.person());
        return account != null || person == null ? account : personAccounts.get(person);
    }

    private String leadAccount(JsonNode lead) {
        String converted = text(lead, "ConvertedAccountId");
        if (converted != null) {
            return converted;
        }
        String byWebsite = accountOfDomain(Domains.ofWebsite(text(lead, "Website")));
        return byWebsite != null ? byWebsite : accountOfDomain(Domains.ofEmail(text(lead, "Email")));
    }

    private String accountOfDomain(String domain) {
        if (domain == null) {
            return null;
        }
        return domainAccounts != null ? domainAccounts.apply(domain) : accountsByDomain.get(domain);
    }

    private void remember(String personId, String accountId) {
        if (accountId != null) {
            personAccounts.put(personId, accountId);
        }
    }

    private static String first(JsonNode fields, List<String> names) {
        for (String name : names) {
            String value = text(fields, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static Long whole(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || !value.isNumber() ? null : value.asLong();
    }

    private static Double number(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || !value.isNumber() ? null : value.asDouble();
    }
}
