package io.signalbridge.orchestration;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.signalbridge.orchestration.AccountAudience.Account;
import io.signalbridge.orchestration.AccountAudience.Person;
import io.signalbridge.orchestration.PlannedAction.Status;
import io.signalbridge.outreach.OutreachApiException;
import io.signalbridge.outreach.OutreachProperties;
import io.signalbridge.outreach.OutreachProspects;
import io.signalbridge.signals.Domains;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts a person of an account into an Outreach sequence: the prospect found by e-mail or created in the Outreach
 * account of the Salesforce Account, then added from the mailbox, once (what an orchestration's outreach-sequence
 * action and the account view's "Add to Outreach" do). A person who opted out is SKIPPED with Outreach's reason.
 */
@Component
public class OutreachEnrolment {

    /** How it ended for the person: DONE (added now, or already in the sequence) or SKIPPED, with what happened. */
    public record Enrolled(Status status, String detail) {
    }

    private final ObjectProvider<OutreachProspects> outreach;
    private final OutreachProperties settings;

    public OutreachEnrolment(ObjectProvider<OutreachProspects> outreach, OutreachProperties settings) {
        this.outreach = outreach;
        this.settings = settings;
    }

    public boolean configured() {
        return outreach.getIfAvailable() != null;
    }

    /** @param mailboxEmail the sending mailbox; null for {@code signalbridge.outreach.default-mailbox} */
    public Enrolled enrol(Account account, Person person, String sequenceName, String mailboxEmail, AtomicInteger calls) {
        OutreachProspects prospects = outreach.getIfAvailable();
        if (prospects == null) {
            throw new IllegalStateException("Outreach is not configured (signalbridge.outreach.enabled)");
        }
        long sequence = prospects.sequenceId(sequenceName, calls)
                .orElseThrow(() -> new IllegalStateException("Outreach has no sequence named '" + sequenceName + "'"));
        String mailboxAddress = mailboxEmail != null && !mailboxEmail.isBlank() ? mailboxEmail : settings.defaultMailbox();
        if (mailboxAddress == null || mailboxAddress.isBlank()) {
            throw new IllegalStateException("no mailbox to send sequence '" + sequenceName + "' from: set mailbox on the action or "
                    + "signalbridge.outreach.default-mailbox");
        }
        long mailbox = prospects.mailboxId(mailboxAddress, calls)
                .orElseThrow(() -> new IllegalStateException("Outreach has no mailbox " + mailboxAddress));
        try {
            long prospect = prospects.findOrCreateProspect(new OutreachProspects.Person(person.email(), person.firstName(), person.lastName(),
                    person.title(), account.name(), account.id(), Domains.ofWebsite(account.website())), calls);
            return switch (prospects.addToSequence(prospect, sequence, mailbox, calls)) {
                case ADDED -> new Enrolled(Status.DONE, "prospect " + prospect + " added to '" + sequenceName + "' from " + mailboxAddress);
                case ALREADY_IN_SEQUENCE -> new Enrolled(Status.DONE, "prospect " + prospect + " was already in '" + sequenceName + "'");
            };
        } catch (OutreachApiException e) {
            if (e.kind() == OutreachApiException.Kind.FINAL && e.getMessage() != null
                    && e.getMessage().toLowerCase(Locale.ROOT).contains("opted out")) {
                return new Enrolled(Status.SKIPPED, "Outreach: " + e.getMessage());
            }
            throw e;
        }
    }
}
