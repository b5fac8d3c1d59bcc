package io.signalbridge.sandbox.generator;

import java.time.Instant;
import java.util.SplittableRandom;

/** The Salesforce Contacts and Leads of people (converted leads get both). */
final class PeopleWriter {

    private final GenerationContext context;

    PeopleWriter(GenerationContext context) {
        this.context = context;
    }

    void writeContact(AccountPlan account, Person person) {
        context.sink().salesforce(context.records().create("Contact", person.contactId(), person.contactSince())
                .set("AccountId", account.accountId())
                .set("FirstName", person.firstName())
                .set("LastName", person.lastName())
                .set("Name", person.name())
                .set("Email", person.email())
                .set("Title", person.persona().title())
                .set("Department", person.persona().department().label)
                .set("LeadSource", person.leadSource())
                .set("MailingCountry", account.firmographics().country())
                .set("OwnerId", account.ownerId())
                .build(person.contactSince()));
    }

    /**
     * The Lead of an open or converted lead; {@code account} is the lead's company if it is an account of the
     * org (set on conversion), null otherwise.
     */
    void writeLead(Person person, CompanyNames.CompanyName company, Firmographics firmographics, AccountPlan account,
                   String ownerId, SplittableRandom random) {
        boolean converted = person.kind() == Person.Kind.CONVERTED_LEAD;
        Instant modified = converted ? person.contactSince() : leadModified(person, random);
        context.sink().salesforce(context.records().create("Lead", person.leadId(), person.knownSince())
                .set("FirstName", person.firstName())
                .set("LastName", person.lastName())
                .set("Name", person.name())
                .set("Company", company.name())
                .set("Email", person.email())
                .set("Title", person.persona().title())
                .set("Website", company.website())
                .set("Industry", firmographics.industry())
                .set("Country", firmographics.country())
                .set("Status", person.leadStatus())
                .set("LeadSource", person.leadSource())
                .set("IsConverted", converted)
                .setDate("ConvertedDate", converted ? person.contactSince() : null)
                .set("ConvertedAccountId", converted ? account.accountId() : null)
                .set("ConvertedContactId", converted ? person.contactId() : null)
                .set("OwnerId", ownerId)
                .build(modified));
    }

    /** When a rep last touched the lead's status. */
    private Instant leadModified(Person person, SplittableRandom random) {
        if (person.leadStatus().equals("Open - Not Contacted")) {
            return person.knownSince();
        }
        return context.timeline().clamp(Draw.plusDays(random, person.knownSince(), 1, 45));
    }
}
