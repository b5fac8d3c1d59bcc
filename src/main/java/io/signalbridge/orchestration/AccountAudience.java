package io.signalbridge.orchestration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.signalbridge.orchestration.Orchestration.Filters;
import io.signalbridge.signals.PulledRecord;
import io.signalbridge.signals.SignalStore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the filters and actions of an orchestration see of one account: its scores, name and owner, its published
 * segments, and its people (scored contacts and leads with name, e-mail and title). Read per account, from
 * account_score, person_score and the signal store; never the whole org.
 */
@Component
public class AccountAudience {

    /** An account as the filters see it. */
    public record Account(String id, String name, String ownerId, String website, String stage, String profileFit, boolean sixQa,
                          String sixQaSince) {
    }

    /** A contact or lead of the account. */
    public record Person(String id, boolean contact, String email, String firstName, String lastName, String title, String profileFit,
                         String grade) {

        public String displayName() {
            return ((firstName == null ? "" : firstName + " ") + (lastName == null ? "" : lastName)).trim();
        }
    }

    private final JdbcTemplate jdbc;
    private final SignalStore signals;

    public AccountAudience(JdbcTemplate jdbc, SignalStore signals) {
        this.jdbc = jdbc;
        this.signals = signals;
    }

    public Optional<Account> account(String accountId) {
        return jdbc.query("select buying_stage, profile_fit, qualified, qualified_since from account_score where account_id = ?", (rs, i) -> {
            JsonNode fields = signals.find("salesforce", accountId).map(PulledRecord::fields).map(JsonNode.class::cast)
                    .orElse(com.fasterxml.jackson.databind.node.NullNode.getInstance());
            var since = rs.getObject("qualified_since", java.time.LocalDate.class);
            return new Account(accountId, text(fields, "Name"), text(fields, "OwnerId"), text(fields, "Website"), rs.getString("buying_stage"),
                    rs.getString("profile_fit"), rs.getBoolean("qualified"), since == null ? null : since.toString());
        }, accountId).stream().findFirst();
    }

    public boolean inPublishedSegment(String accountId, String segment) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select count(*) > 0 from segment_member m join segment s on s.id = m.segment_id
                where s.published and s.name = ? and m.account_id = ?""", Boolean.class, segment, accountId));
    }

    /** The account passes the account filters (profile fit, published segment). */
    public boolean passes(Account account, Filters filters) {
        if (!filters.profileFits().isEmpty() && !filters.profileFits().contains(account.profileFit())) {
            return false;
        }
        return filters.segment() == null || inPublishedSegment(account.id(), filters.segment());
    }

    /** The account's scored people that pass the person filters (engagement grade, title), with an e-mail, by id. */
    public List<Person> people(String accountId, Filters filters) {
        var people = new ArrayList<Person>();
        jdbc.query("select person_id, person_type, profile_fit, grade from person_score where account_id = ? order by person_id", rs -> {
            String grade = rs.getString("grade");
            if (!filters.engagementGrades().isEmpty() && !filters.engagementGrades().contains(grade)) {
                return;
            }
            String id = rs.getString("person_id");
            Optional<PulledRecord> record = signals.find("salesforce", id).filter(r -> !r.deleted());
            if (record.isEmpty()) {
                return;
            }
            JsonNode fields = record.get().fields();
            String title = text(fields, "Title");
            if (!filters.titles().isEmpty() && (title == null || filters.titles().stream()
                    .noneMatch(t -> title.toLowerCase(Locale.ROOT).contains(t.toLowerCase(Locale.ROOT))))) {
                return;
            }
            String email = text(fields, "Email");
            if (email == null) {
                return;
            }
            people.add(new Person(id, "Contact".equals(record.get().objectName()), email, text(fields, "FirstName"), text(fields, "LastName"),
                    title, rs.getString("profile_fit"), grade));
        }, accountId);
        return people;
    }

    /** One scored person, whatever the filters. */
    public Optional<Person> person(String personId) {
        return jdbc.query("select profile_fit, grade from person_score where person_id = ?", (rs, i) -> {
            Optional<PulledRecord> record = signals.find("salesforce", personId);
            JsonNode fields = record.map(PulledRecord::fields).map(JsonNode.class::cast).orElse(com.fasterxml.jackson.databind.node.NullNode.getInstance());
            return new Person(personId, record.map(r -> "Contact".equals(r.objectName())).orElse(personId.startsWith("003")), text(fields, "Email"),
                    text(fields, "FirstName"), text(fields, "LastName"), text(fields, "Title"), rs.getString("profile_fit"), rs.getString("grade"));
        }, personId).stream().findFirst();
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
