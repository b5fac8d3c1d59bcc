package io.signalbridge.sandbox.salesforce.soql;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A WHERE clause. SOQL's null rules apply: {@code = null} finds nulls, {@code !=} and {@code NOT IN} also
 * match records whose field is null, and the ordering operators and LIKE never match a null.
 */
public sealed interface Condition {

    boolean test(ObjectNode fields);

    record And(List<Condition> parts) implements Condition {
        @Override
        public boolean test(ObjectNode fields) {
            return parts.stream().allMatch(p -> p.test(fields));
        }
    }

    record Or(List<Condition> parts) implements Condition {
        @Override
        public boolean test(ObjectNode fields) {
            return parts.stream().anyMatch(p -> p.test(fields));
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean test(ObjectNode fields) {
            return !inner.test(fields);
        }
    }

    enum Operator { EQ, NE, LT, LE, GT, GE }

    /** A comparison with a single value, or with a date literal such as TODAY that stands for a range. */
    record Comparison(FieldRef field, Operator operator, Operand operand) implements Condition {
        @Override
        public boolean test(ObjectNode fields) {
            Comparable<?> actual = field.valueIn(fields);
            return switch (operator) {
                case EQ -> operand.contains(actual);
                case NE -> !operand.contains(actual);
                case LT -> actual != null && operand.lower() != null && compare(actual, operand.lower()) < 0;
                case GE -> actual != null && operand.lower() != null && compare(actual, operand.lower()) >= 0;
                case LE -> actual != null && operand.lower() != null && operand.isAtOrBelowUpper(actual);
                case GT -> actual != null && operand.lower() != null && !operand.isAtOrBelowUpper(actual);
            };
        }
    }

    record In(FieldRef field, List<Operand> values, boolean negated) implements Condition {
        @Override
        public boolean test(ObjectNode fields) {
            Comparable<?> actual = field.valueIn(fields);
            boolean found = values.stream().anyMatch(v -> v.contains(actual));
            return negated != found;
        }
    }

    record Like(FieldRef field, Pattern pattern) implements Condition {
        @Override
        public boolean test(ObjectNode fields) {
            Comparable<?> actual = field.valueIn(fields);
            return actual != null && pattern.matcher(actual.toString()).matches();
        }

        /** % matches any run of characters, _ exactly one; \% and \_ stand for themselves. */
        static Pattern compile(String likePattern) {
            var regex = new StringBuilder();
            for (int i = 0; i < likePattern.length(); i++) {
                char c = likePattern.charAt(i);
                if (c == '\\' && i + 1 < likePattern.length()) {
                    regex.append(Pattern.quote(String.valueOf(likePattern.charAt(++i))));
                } else if (c == '%') {
                    regex.append(".*");
                } else if (c == '_') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        }
    }

    /**
     * The right-hand side of a comparison: a single value ({@code upperExclusive} null), or the half-open
     * range [lower, upperExclusive) of a date literal.
     */
    record Operand(Comparable<?> lower, Comparable<?> upperExclusive) {

        static Operand value(Comparable<?> value) {
            return new Operand(value, null);
        }

        boolean isRange() {
            return upperExclusive != null;
        }

        boolean contains(Comparable<?> actual) {
            if (!isRange()) {
                return actual == null ? lower == null : lower != null && compare(actual, lower) == 0;
            }
            return actual != null && compare(actual, lower) >= 0 && compare(actual, upperExclusive) < 0;
        }

        boolean isAtOrBelowUpper(Comparable<?> actual) {
            return isRange() ? compare(actual, upperExclusive) < 0 : compare(actual, lower) <= 0;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }
}
