package io.signalbridge.sandbox.salesforce.soql;

/** One lexical token of a SOQL statement; {@code position} is the 0-based offset of its first character. */
record Token(Kind kind, String text, Object value, int position) {

    enum Kind { IDENTIFIER, STRING, NUMBER, DATE, DATETIME, SYMBOL, END }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }
}
