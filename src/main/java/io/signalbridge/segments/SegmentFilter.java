package io.signalbridge.segments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A filter over account attributes and scores, as JSON: a condition
 * {@code {"field": "intent", "op": "gte", "value": 70}}, or {@code {"all": [...]}} (AND) / {@code {"any": [...]}} (OR)
 * over filters, nested freely. Text compares ignore case; ordered values (buying stage, reach) compare in funnel
 * order. An account without scores matches no condition on a score.
 */
public sealed interface SegmentFilter {

    boolean matches(AccountFacts account);

    record All(List<SegmentFilter> filters) implements SegmentFilter {
        @Override
        public boolean matches(AccountFacts account) {
            return filters.stream().allMatch(f -> f.matches(account));
        }
    }

    record Any(List<SegmentFilter> filters) implements SegmentFilter {
        @Override
        public boolean matches(AccountFacts account) {
            return filters.stream().anyMatch(f -> f.matches(account));
        }
    }

    record Condition(Field field, Op op, List<Object> values) implements SegmentFilter {
        @Override
        public boolean matches(AccountFacts account) {
            Object actual = field.read(account);
            if (actual == null) {
                return op == Op.neq;
            }
            return switch (op) {
                case eq -> values.stream().anyMatch(v -> field.compare(actual, v) == 0);
                case in -> values.stream().anyMatch(v -> field.compare(actual, v) == 0);
                case neq -> values.stream().noneMatch(v -> field.compare(actual, v) == 0);
                case gt -> field.compare(actual, values.get(0)) > 0;
                case gte -> field.compare(actual, values.get(0)) >= 0;
                case lt -> field.compare(actual, values.get(0)) < 0;
                case lte -> field.compare(actual, values.get(0)) <= 0;
            };
        }
    }

    enum Op { eq, neq, in, gt, gte, lt, lte }

    enum Type { TEXT, NUMBER, BOOLEAN, ORDERED }

    /** The fields a condition may name, with their JSON names. */
    enum Field {
        industry(Type.TEXT, AccountFacts::industry),
        country(Type.TEXT, AccountFacts::country),
        employees(Type.NUMBER, AccountFacts::employees),
        revenue(Type.NUMBER, AccountFacts::revenue),
        buyingStage(Type.ORDERED, a -> a.scores() == null ? null : a.scores().buyingStage(),
                "Target", "Awareness", "Consideration", "Decision", "Purchase"),
        fit(Type.ORDERED, a -> a.scores() == null ? null : a.scores().fit(), "Weak", "Moderate", "Strong"),
        intent(Type.NUMBER, a -> a.scores() == null ? null : (double) a.scores().intent()),
        profileScore(Type.NUMBER, a -> a.scores() == null ? null : (double) a.scores().profileScore()),
        reach(Type.ORDERED, a -> a.scores() == null ? null : a.scores().reach(), "Low", "Medium", "High"),
        reachScore(Type.NUMBER, a -> a.scores() == null ? null : (double) a.scores().reachScore()),
        sixQa(Type.BOOLEAN, a -> a.scores() == null ? null : a.scores().sixQa());

        final Type type;
        private final Function<AccountFacts, Object> reader;
        final List<String> order;

        Field(Type type, Function<AccountFacts, Object> reader, String... order) {
            this.type = type;
            this.reader = reader;
            this.order = List.of(order);
        }

        Object read(AccountFacts account) {
            return reader.apply(account);
        }

        int compare(Object actual, Object wanted) {
            return switch (type) {
                case TEXT -> ((String) actual).compareToIgnoreCase((String) wanted);
                case NUMBER -> Double.compare((Double) actual, (Double) wanted);
                case BOOLEAN -> Boolean.compare((Boolean) actual, (Boolean) wanted);
                case ORDERED -> Integer.compare(order.indexOf((String) actual), order.indexOf((String) wanted));
            };
        }
    }

    /** Parses a filter; every error names where in the filter it is ({@code any[1].all[0]}) and what is wrong. */
    static SegmentFilter parse(JsonNode node) {
        var errors = new ArrayList<String>();
        SegmentFilter filter = parse(node, "filter", errors);
        if (!errors.isEmpty()) {
            throw new SegmentValidationException(errors);
        }
        return filter;
    }

    private static SegmentFilter parse(JsonNode node, String at, List<String> errors) {
        if (node == null || !node.isObject()) {
            errors.add(at + ": expected an object with \"all\", \"any\" or \"field\"");
            return null;
        }
        for (String group : List.of("all", "any")) {
            if (node.has(group)) {
                JsonNode members = node.get(group);
                if (!members.isArray() || members.isEmpty()) {
                    errors.add(at + "." + group + ": expected a non-empty array of filters");
                    return null;
                }
                var filters = new ArrayList<SegmentFilter>();
                for (int i = 0; i < members.size(); i++) {
                    filters.add(parse(members.get(i), at + "." + group + "[" + i + "]", errors));
                }
                return group.equals("all") ? new All(filters) : new Any(filters);
            }
        }
        String fieldName = node.path("field").asText("");
        Field field = Arrays.stream(Field.values()).filter(f -> f.name().equals(fieldName)).findFirst().orElse(null);
        if (field == null) {
            errors.add(at + ": unknown field '" + fieldName + "' (known: "
                    + Arrays.stream(Field.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
            return null;
        }
        String opName = node.path("op").asText("eq");
        Op op = Arrays.stream(Op.values()).filter(o -> o.name().equals(opName)).findFirst().orElse(null);
        if (op == null) {
            errors.add(at + ": unknown op '" + opName + "' (known: eq, neq, in, gt, gte, lt, lte)");
            return null;
        }
        boolean ordering = op == Op.gt || op == Op.gte || op == Op.lt || op == Op.lte;
        if (ordering && (field.type == Type.TEXT || field.type == Type.BOOLEAN)) {
            errors.add(at + ": " + field + " cannot be compared with " + op + " (use eq, neq or in)");
            return null;
        }
        JsonNode value = node.get("value");
        List<JsonNode> raw = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(raw::add);
        } else if (value != null && !value.isNull()) {
            raw.add(value);
        }
        if (raw.isEmpty() || (raw.size() > 1 && op != Op.in && op != Op.eq && op != Op.neq)) {
            errors.add(at + ": " + op + " needs " + (ordering ? "one value" : "a value or a list of values"));
            return null;
        }
        var values = new ArrayList<Object>();
        for (JsonNode v : raw) {
            Object converted = convert(field, v);
            if (converted == null) {
                errors.add(at + ": '" + v.asText() + "' is not a value of " + field + expected(field));
                return null;
            }
            values.add(converted);
        }
        return new Condition(field, op, values);
    }

    private static Object convert(Field field, JsonNode v) {
        return switch (field.type) {
            case TEXT -> v.isValueNode() && !v.asText().isBlank() ? v.asText().trim() : null;
            case NUMBER -> v.isNumber() ? Double.valueOf(v.asDouble()) : parseNumber(v.asText());
            case BOOLEAN -> v.isBoolean() ? Boolean.valueOf(v.asBoolean())
                    : Map.of("true", Boolean.TRUE, "false", Boolean.FALSE).get(v.asText().toLowerCase(Locale.ROOT));
            case ORDERED -> field.order.stream().filter(o -> o.equalsIgnoreCase(v.asText())).findFirst().orElse(null);
        };
    }

    private static Double parseNumber(String text) {
        try {
            return Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String expected(Field field) {
        return switch (field.type) {
            case TEXT -> " (a non-blank text)";
            case NUMBER -> " (a number)";
            case BOOLEAN -> " (true or false)";
            case ORDERED -> " (one of " + String.join(", ", field.order) + ")";
        };
    }
}
