package io.signalbridge.marketo.sixqa;

import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The 6QA behaviour-scoring rule (DOMAIN.md): when an account's 6QA starts, each identified Marketo lead of
 * it that passes {@code filters} waits {@code waitTime}; then, unless its {@code statusField} is one of
 * {@code excludedStatuses} or it was given points within {@code limitWindow}, it gets {@code points} through
 * {@code action}: {@code write-field} adds them to {@code scoreField}, {@code request-campaign} requests
 * campaign {@code campaignId} with the points in the My Token {@code pointsToken}. Due timers are processed on
 * the Quartz schedule {@code cron}, at most {@code timersPerRun} a run; a processor holds a timer for
 * {@code claimTimeout} at most. Defaults in application.yaml.
 */
@ConfigurationProperties("signalbridge.marketo.six-qa")
public record SixQaScoringProperties(
        @DefaultValue("0 0/10 * * * ?") String cron,
        @DefaultValue("6d") Duration waitTime,
        @DefaultValue("20") int points,
        @DefaultValue("3m") Period limitWindow,
        @DefaultValue("leadStatus") String statusField,
        @DefaultValue({"Accepted", "Qualifying", "Qualified", "Disqualified", "Ineligible", "Recycle"}) List<String> excludedStatuses,
        @DefaultValue("write-field") Action action,
        @DefaultValue("behaviorScore") String scoreField,
        Long campaignId,
        @DefaultValue("{{my.6QA Points}}") String pointsToken,
        @DefaultValue List<Filter> filters,
        @DefaultValue("500") int timersPerRun,
        @DefaultValue("10m") Duration claimTimeout) {

    public enum Action {
        WRITE_FIELD, REQUEST_CAMPAIGN
    }

    public SixQaScoringProperties {
        if (action == Action.REQUEST_CAMPAIGN && campaignId == null) {
            throw new IllegalArgumentException("signalbridge.marketo.six-qa.campaign-id is required with action request-campaign");
        }
        if (waitTime.isNegative() || points == 0 || timersPerRun < 1) {
            throw new IllegalArgumentException("signalbridge.marketo.six-qa: wait-time must not be negative, points not 0, timers-per-run at least 1");
        }
        filters.forEach(Filter::check);
    }

    public boolean excluded(String status) {
        return status != null && excludedStatuses.stream().anyMatch(s -> s.equalsIgnoreCase(status.trim()));
    }

    /** The lead fields a lead read must return: id, status, score and every filtered field. */
    public List<String> leadFields() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("id", statusField, scoreField),
                filters.stream().map(Filter::field)).distinct().toList();
    }

    /**
     * An initial filter on a lead field, e.g. {@code {field: unsubscribed, operator: is-not-true}}. Operators:
     * {@code equals}, {@code not-equals} and {@code in}, {@code not-in} (against {@code values}, ignoring case),
     * {@code blank}, {@code not-blank}, {@code is-true}, {@code is-not-true}.
     */
    public record Filter(String field, Operator operator, @DefaultValue List<String> values) {

        public enum Operator {
            EQUALS, NOT_EQUALS, IN, NOT_IN, BLANK, NOT_BLANK, IS_TRUE, IS_NOT_TRUE
        }

        void check() {
            if (field == null || field.isBlank() || operator == null) {
                throw new IllegalArgumentException("signalbridge.marketo.six-qa.filters: each filter needs a field and an operator");
            }
            if (List.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN, Operator.NOT_IN).contains(operator) && values.isEmpty()) {
                throw new IllegalArgumentException("signalbridge.marketo.six-qa.filters: " + field + " " + operator + " needs values");
            }
        }

        public boolean passes(JsonNode lead) {
            JsonNode node = lead.path(field);
            String value = node.isMissingNode() || node.isNull() ? null : node.asText().trim();
            boolean blank = value == null || value.isEmpty();
            boolean matches = !blank && values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            return switch (operator) {
                case EQUALS, IN -> matches;
                case NOT_EQUALS, NOT_IN -> !matches;
                case BLANK -> blank;
                case NOT_BLANK -> !blank;
                case IS_TRUE -> !blank && value.toLowerCase(Locale.ROOT).equals("true");
                case IS_NOT_TRUE -> blank || !value.toLowerCase(Locale.ROOT).equals("true");
            };
        }

        @Override
        public String toString() {
            return field + " " + operator.name().toLowerCase(Locale.ROOT).replace('_', '-') + (values.isEmpty() ? "" : " " + values);
        }
    }
}
