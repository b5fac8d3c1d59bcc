package io.signalbridge.sandbox.salesforce.soql;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.signalbridge.sandbox.salesforce.SalesforceApiException;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;
import io.signalbridge.sandbox.salesforce.SalesforceSchema.ObjectDef;
import io.signalbridge.sandbox.salesforce.soql.Condition.Operand;
import io.signalbridge.sandbox.salesforce.soql.Condition.Operator;

import org.springframework.http.HttpStatus;

/**
 * Recursive-descent parser for the SOQL subset of the sandbox org:
 * <pre>
 * query      := SELECT (COUNT '(' ')' | field (',' field)*) FROM object [alias]
 *               [WHERE or] [ORDER BY order (',' order)*] [LIMIT n] [OFFSET n]
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | '(' or ')' | field op value | field [NOT] IN '(' value (',' value)* ')' | field LIKE string
 * </pre>
 * Keywords, object and field names are case-insensitive. Date literals (TODAY, LAST_N_DAYS:n, ...) are
 * resolved in UTC against the clock at parse time.
 */
public final class SoqlParser {

    /** Salesforce refuses an OFFSET above this. */
    static final int MAX_OFFSET = 2000;

    private static final Set<String> RESERVED = Set.of("select", "from", "where", "order", "by", "limit", "offset", "and", "or", "not",
            "in", "like", "asc", "desc", "nulls", "first", "last", "group", "having", "with", "for", "using", "includes", "excludes");

    private final String soql;
    private final List<Token> tokens;
    private final SalesforceSchema schema;
    private final LocalDate today;
    private int next;
    private ObjectDef object;
    private String alias;

    private SoqlParser(String soql, SalesforceSchema schema, Clock clock) {
        this.soql = soql;
        this.tokens = SoqlLexer.tokenize(soql);
        this.schema = schema;
        this.today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    public static SoqlQuery parse(String soql, SalesforceSchema schema, Clock clock) {
        return new SoqlParser(soql, schema, clock).query();
    }

    private SoqlQuery query() {
        expectKeyword("select");
        boolean count = false;
        var selected = new ArrayList<Token>();
        if (peek().isKeyword("count") && peek(1).isSymbol("(")) {
            advance();
            advance();
            expectSymbol(")");
            count = true;
        } else {
            selected.add(fieldToken());
            while (peek().isSymbol(",")) {
                advance();
                selected.add(fieldToken());
            }
        }
        expectKeyword("from");
        Token objectName = expect(Token.Kind.IDENTIFIER);
        object = schema.object(objectName.text())
                .orElseThrow(() -> SoqlErrors.unsupportedType(soql, objectName.position(), objectName.text()));
        if (peek().kind() == Token.Kind.IDENTIFIER && !isReserved(peek())) {
            alias = advance().text();
        }
        // Keyed by API name: a field selected twice is returned once.
        var fields = new LinkedHashMap<String, FieldRef>();
        for (Token token : selected) {
            FieldRef field = resolve(token);
            fields.putIfAbsent(field.name(), field);
        }

        Condition where = null;
        if (acceptKeyword("where")) {
            where = or();
        }
        var orderBy = new ArrayList<OrderItem>();
        if (acceptKeyword("order")) {
            expectKeyword("by");
            orderBy.add(orderItem());
            while (peek().isSymbol(",")) {
                advance();
                orderBy.add(orderItem());
            }
        }
        Integer limit = acceptKeyword("limit") ? nonNegativeInteger() : null;
        Integer offset = acceptKeyword("offset") ? nonNegativeInteger() : null;
        if (offset != null && offset > MAX_OFFSET) {
            throw new SalesforceApiException(HttpStatus.BAD_REQUEST, "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is " + MAX_OFFSET, List.of());
        }
        if (peek().kind() != Token.Kind.END) {
            throw SoqlErrors.unexpectedToken(soql, peek());
        }
        return new SoqlQuery(object, List.copyOf(fields.values()), count, where, List.copyOf(orderBy), limit, offset);
    }

    private Token fieldToken() {
        Token token = peek();
        if (token.kind() != Token.Kind.IDENTIFIER || isReserved(token)) {
            throw SoqlErrors.unexpectedToken(soql, token);
        }
        return advance();
    }

    private FieldRef resolve(Token token) {
        String path = token.text();
        int dot = path.indexOf('.');
        if (dot >= 0) {
            String qualifier = path.substring(0, dot);
            boolean selfQualified = qualifier.equalsIgnoreCase(object.name()) || qualifier.equalsIgnoreCase(alias);
            if (!selfQualified || path.indexOf('.', dot + 1) >= 0) {
                throw SoqlErrors.unknownRelationship(soql, token.position(), qualifier);
            }
            path = path.substring(dot + 1);
        }
        String name = path;
        return object.field(name).map(FieldRef::of)
                .orElseThrow(() -> SoqlErrors.noSuchColumn(soql, token.position(), name, object.name()));
    }

    private Condition or() {
        var parts = new ArrayList<Condition>();
        parts.add(and());
        while (acceptKeyword("or")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Or(List.copyOf(parts));
    }

    private Condition and() {
        var parts = new ArrayList<Condition>();
        parts.add(not());
        while (acceptKeyword("and")) {
            parts.add(not());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(List.copyOf(parts));
    }

    private Condition not() {
        if (acceptKeyword("not")) {
            return new Condition.Not(not());
        }
        if (peek().isSymbol("(")) {
            advance();
            Condition inner = or();
            expectSymbol(")");
            return inner;
        }
        return simpleCondition();
    }

    private Condition simpleCondition() {
        Token fieldToken = fieldToken();
        FieldRef field = resolve(fieldToken);
        Token operator = peek();
        if (operator.isKeyword("like")) {
            advance();
            Token pattern = expect(Token.Kind.STRING);
            if (!field.type().quoted()) {
                throw criterionTypeError(field, pattern);
            }
            return new Condition.Like(field, Condition.Like.compile((String) pattern.value()));
        }
        boolean negated = false;
        if (operator.isKeyword("not") && peek(1).isKeyword("in")) {
            advance();
            negated = true;
        }
        if (peek().isKeyword("in")) {
            advance();
            expectSymbol("(");
            var values = new ArrayList<Operand>();
            values.add(operand(field));
            while (peek().isSymbol(",")) {
                advance();
                values.add(operand(field));
            }
            expectSymbol(")");
            return new Condition.In(field, List.copyOf(values), negated);
        }
        Operator op = switch (operator.kind() == Token.Kind.SYMBOL ? operator.text() : "") {
            case "=" -> Operator.EQ;
            case "!=", "<>" -> Operator.NE;
            case "<" -> Operator.LT;
            case "<=" -> Operator.LE;
            case ">" -> Operator.GT;
            case ">=" -> Operator.GE;
            default -> throw SoqlErrors.unexpectedToken(soql, operator);
        };
        advance();
        return new Condition.Comparison(field, op, operand(field));
    }

    /** A literal, checked against the field's type as Salesforce does. */
    private Operand operand(FieldRef field) {
        Token token = advance();
        if (token.isKeyword("null")) {
            return Operand.value(null);
        }
        SoqlType type = field.type();
        return switch (token.kind()) {
            case STRING -> {
                if (!type.quoted()) {
                    throw criterionTypeError(field, token);
                }
                yield Operand.value(type.fromLiteral(unescapeLikeEscapes((String) token.value())));
            }
            case NUMBER -> {
                if (type != SoqlType.NUMBER) {
                    throw criterionTypeError(field, token);
                }
                if (field.def().type().equals("int") && ((BigDecimal) token.value()).stripTrailingZeros().scale() > 0) {
                    throw criterionTypeError(field, token);
                }
                yield Operand.value((BigDecimal) token.value());
            }
            case DATE -> {
                if (type != SoqlType.DATE) {
                    throw criterionTypeError(field, token);
                }
                yield Operand.value((LocalDate) token.value());
            }
            case DATETIME -> {
                if (type != SoqlType.DATETIME) {
                    throw criterionTypeError(field, token);
                }
                yield Operand.value((Instant) token.value());
            }
            case IDENTIFIER -> {
                if (token.isKeyword("true") || token.isKeyword("false")) {
                    if (type != SoqlType.BOOLEAN) {
                        throw criterionTypeError(field, token);
                    }
                    yield Operand.value(Boolean.parseBoolean(token.text().toLowerCase(Locale.ROOT)));
                }
                yield dateLiteral(field, token);
            }
            default -> throw SoqlErrors.unexpectedToken(soql, token);
        };
    }

    /** TODAY, YESTERDAY, TOMORROW, LAST_N_DAYS:n, NEXT_N_DAYS:n, THIS_MONTH, LAST_MONTH, THIS_YEAR. */
    private Operand dateLiteral(FieldRef field, Token token) {
        String name = token.text().toUpperCase(Locale.ROOT);
        LocalDate from;
        LocalDate to;
        switch (name) {
            case "TODAY" -> {
                from = today;
                to = today.plusDays(1);
            }
            case "YESTERDAY" -> {
                from = today.minusDays(1);
                to = today;
            }
            case "TOMORROW" -> {
                from = today.plusDays(1);
                to = today.plusDays(2);
            }
            case "THIS_MONTH" -> {
                from = today.withDayOfMonth(1);
                to = from.plusMonths(1);
            }
            case "LAST_MONTH" -> {
                to = today.withDayOfMonth(1);
                from = to.minusMonths(1);
            }
            case "THIS_YEAR" -> {
                from = today.withDayOfYear(1);
                to = from.plusYears(1);
            }
            case "LAST_N_DAYS", "NEXT_N_DAYS" -> {
                expectSymbol(":");
                Token n = expect(Token.Kind.NUMBER);
                long days = ((BigDecimal) n.value()).longValueExact();
                // Both count today in, as Salesforce does: LAST_N_DAYS:1 is yesterday and today.
                from = name.startsWith("LAST") ? today.minusDays(days) : today;
                to = name.startsWith("LAST") ? today.plusDays(1) : today.plusDays(days + 1);
            }
            default -> throw SoqlErrors.unexpectedToken(soql, token);
        }
        return switch (field.type()) {
            case DATE -> new Operand(from, to);
            case DATETIME -> new Operand(SoqlType.toInstant(from), SoqlType.toInstant(to));
            default -> throw criterionTypeError(field, token);
        };
    }

    private SalesforceApiException criterionTypeError(FieldRef field, Token token) {
        SoqlType type = field.type();
        return SoqlErrors.at(SoqlErrors.INVALID_FIELD, soql, token.position(), "value of filter criterion for field '" + field.name()
                + "' must be of type " + type.criterionTypeName(field.def().type()) + " and should "
                + (type.quoted() ? "" : "not ") + "be enclosed in quotes");
    }

    /** Outside LIKE, \% and \_ mean the characters themselves. */
    private static String unescapeLikeEscapes(String value) {
        return value.replace("\\%", "%").replace("\\_", "_");
    }

    private OrderItem orderItem() {
        FieldRef field = resolve(fieldToken());
        boolean descending = false;
        if (acceptKeyword("desc")) {
            descending = true;
        } else {
            acceptKeyword("asc");
        }
        boolean nullsFirst = !descending;
        if (acceptKeyword("nulls")) {
            if (acceptKeyword("first")) {
                nullsFirst = true;
            } else {
                expectKeyword("last");
                nullsFirst = false;
            }
        }
        return new OrderItem(field, descending, nullsFirst);
    }

    private int nonNegativeInteger() {
        Token token = expect(Token.Kind.NUMBER);
        var value = (BigDecimal) token.value();
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw SoqlErrors.unexpectedToken(soql, token);
        }
        return value.intValue();
    }

    private boolean isReserved(Token token) {
        return RESERVED.contains(token.text().toLowerCase(Locale.ROOT));
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token token = tokens.get(next);
        if (token.kind() != Token.Kind.END) {
            next++;
        }
        return token;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            advance();
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw SoqlErrors.unexpectedToken(soql, peek());
        }
    }

    private void expectSymbol(String symbol) {
        if (!peek().isSymbol(symbol)) {
            throw SoqlErrors.unexpectedToken(soql, peek());
        }
        advance();
    }

    private Token expect(Token.Kind kind) {
        if (peek().kind() != kind) {
            throw SoqlErrors.unexpectedToken(soql, peek());
        }
        return advance();
    }
}
