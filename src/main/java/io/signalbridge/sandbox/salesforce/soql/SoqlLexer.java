package io.signalbridge.sandbox.salesforce.soql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits a SOQL statement into tokens. */
final class SoqlLexer {

    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    /** Accepts Z, +01:00 and +0100 offsets, with or without fractional seconds. */
    private static final DateTimeFormatter DATETIME_FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private final String soql;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private SoqlLexer(String soql) {
        this.soql = soql;
    }

    static List<Token> tokenize(String soql) {
        var lexer = new SoqlLexer(soql);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            skipWhitespace();
            if (pos >= soql.length()) {
                tokens.add(new Token(Token.Kind.END, "", null, pos));
                return;
            }
            char c = soql.charAt(pos);
            if (c == '\'') {
                string();
            } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && nextIsDigit())) {
                numberOrDate();
            } else if (Character.isLetter(c) || c == '_') {
                identifier();
            } else {
                symbol(c);
            }
        }
    }

    private void skipWhitespace() {
        while (pos < soql.length() && Character.isWhitespace(soql.charAt(pos))) {
            pos++;
        }
    }

    private boolean nextIsDigit() {
        return pos + 1 < soql.length() && Character.isDigit(soql.charAt(pos + 1));
    }

    /** Unescapes \' \\ \n \r \t \" \b \f; keeps \% and \_ escaped for LIKE. */
    private void string() {
        int start = pos++;
        var value = new StringBuilder();
        while (pos < soql.length()) {
            char c = soql.charAt(pos++);
            if (c == '\'') {
                tokens.add(new Token(Token.Kind.STRING, soql.substring(start, pos), value.toString(), start));
                return;
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= soql.length()) {
                break;
            }
            char escaped = soql.charAt(pos++);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case '\'', '"', '\\' -> value.append(escaped);
                case '%', '_' -> value.append('\\').append(escaped);
                default -> throw SoqlErrors.malformed(soql, pos - 2, "Invalid string literal '" + soql.substring(start, Math.min(soql.length(), pos))
                        + "'. Illegal character sequence '\\" + escaped + "' in string literal.");
            }
        }
        throw SoqlErrors.malformed(soql, start, "line 1:" + start + " mismatched character '<EOF>' expecting '''");
    }

    private void numberOrDate() {
        int start = pos;
        var datetime = DATETIME.matcher(soql).region(pos, soql.length());
        if (datetime.lookingAt() && boundaryAt(datetime.end())) {
            pos = datetime.end();
            String text = soql.substring(start, pos);
            tokens.add(new Token(Token.Kind.DATETIME, text, parseDatetime(text, start), start));
            return;
        }
        var date = DATE.matcher(soql).region(pos, soql.length());
        if (date.lookingAt() && boundaryAt(date.end())) {
            pos = date.end();
            String text = soql.substring(start, pos);
            try {
                tokens.add(new Token(Token.Kind.DATE, text, LocalDate.parse(text), start));
            } catch (DateTimeParseException e) {
                throw SoqlErrors.malformed(soql, start, "line 1:" + start + " no viable alternative at character '" + text + "'");
            }
            return;
        }
        var number = NUMBER.matcher(soql).region(pos, soql.length());
        if (number.lookingAt()) {
            pos = number.end();
            String text = soql.substring(start, pos);
            tokens.add(new Token(Token.Kind.NUMBER, text, new BigDecimal(text.startsWith("+") ? text.substring(1) : text), start));
            return;
        }
        symbol(soql.charAt(pos));
    }

    private boolean boundaryAt(int end) {
        return end >= soql.length() || !Character.isLetterOrDigit(soql.charAt(end));
    }

    private Instant parseDatetime(String text, int start) {
        try {
            return OffsetDateTime.parse(text, DATETIME_FORMAT).toInstant();
        } catch (DateTimeParseException e) {
            throw SoqlErrors.malformed(soql, start, "line 1:" + start + " no viable alternative at character '" + text + "'");
        }
    }

    private void identifier() {
        int start = pos;
        while (pos < soql.length()) {
            char c = soql.charAt(pos);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '.') {
                break;
            }
            pos++;
        }
        tokens.add(new Token(Token.Kind.IDENTIFIER, soql.substring(start, pos), null, start));
    }

    private void symbol(char c) {
        int start = pos;
        String two = pos + 1 < soql.length() ? soql.substring(pos, pos + 2) : "";
        String text = switch (two) {
            case "!=", "<>", "<=", ">=" -> two;
            default -> switch (c) {
                case ',', '(', ')', '=', '<', '>', ':' -> String.valueOf(c);
                default -> throw SoqlErrors.malformed(soql, start, "line 1:" + start + " no viable alternative at character '" + c + "'");
            };
        };
        pos += text.length();
        tokens.add(new Token(Token.Kind.SYMBOL, text, null, start));
    }
}
