package io.signalbridge.sandbox.marketo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Parsing of Marketo's multi-valued parameters and limits shared by the REST controllers. */
final class MarketoParameters {

    /** Lead Database batch limit: at most 300 records in, 300 records out per call. */
    static final int MAX_BATCH = 300;

    private MarketoParameters() {
    }

    /**
     * The values of a multi-valued parameter, which clients send comma-separated ({@code id=1,2}), repeated
     * ({@code id=1&id=2}) or, as node-marketo-rest does for list membership, with the repetition URL-encoded
     * into one value ({@code id=1%26id%3D2}).
     */
    static List<String> values(String[] raw) {
        if (raw == null) {
            return List.of();
        }
        var values = new ArrayList<String>();
        for (String parameter : raw) {
            for (String part : parameter.split("[,&]")) {
                String value = part.trim();
                int equals = value.indexOf('=');
                if (equals >= 0) {
                    value = value.substring(equals + 1).trim();
                }
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /** Distinct lead or list ids, in order; 1001 for a value that is not an integer. */
    static List<Long> ids(List<String> values) {
        var ids = new LinkedHashSet<Long>();
        for (String value : values) {
            try {
                ids.add(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw MarketoApiException.invalidValue(value, "integer");
            }
        }
        return List.copyOf(ids);
    }

    /** The lead ids of a {@code {"input":[{"id":1},...]}} body, else of the {@code id} parameter. */
    static List<Long> leadIds(JsonNode body, String[] idParameter) {
        var values = new ArrayList<String>();
        if (body != null && body.path("input").isArray()) {
            body.path("input").forEach(record -> values.add(record.path("id").asText()));
        }
        if (values.isEmpty()) {
            values.addAll(values(idParameter));
        }
        if (values.isEmpty()) {
            throw MarketoApiException.blank("id");
        }
        if (values.size() > MAX_BATCH) {
            throw tooMany("id", values.size());
        }
        return ids(values);
    }

    static int batchSize(Integer requested) {
        if (requested == null) {
            return MAX_BATCH;
        }
        if (requested < 1 || requested > MAX_BATCH) {
            throw MarketoApiException.invalidValue(String.valueOf(requested), "batchSize (1-300)");
        }
        return requested;
    }

    /** Requested lead fields in order, defaulting to Marketo's default set; 1006 for an unknown field. */
    static List<String> leadFields(String[] fields) {
        List<String> names = values(fields);
        if (names.isEmpty()) {
            return MarketoLeadFields.DEFAULT_FIELDS;
        }
        names.stream().filter(n -> MarketoLeadFields.byName(n).isEmpty()).findFirst()
                .ifPresent(n -> { throw MarketoApiException.fieldNotFound(n); });
        return List.copyOf(new LinkedHashSet<>(names));
    }

    static MarketoApiException tooMany(String what, int count) {
        return new MarketoApiException("1003", "Invalid data: " + count + " values in '" + what + "', at most " + MAX_BATCH + " allowed");
    }
}
