package io.signalbridge.sandbox.salesforce.soql;

import java.util.List;

import io.signalbridge.sandbox.salesforce.SalesforceApiException;

import org.springframework.http.HttpStatus;

/**
 * Salesforce's query errors: the statement echoed with a caret under the offending token, its row and column,
 * then the reason.
 */
final class SoqlErrors {

    static final String MALFORMED_QUERY = "MALFORMED_QUERY";
    static final String INVALID_FIELD = "INVALID_FIELD";
    static final String INVALID_TYPE = "INVALID_TYPE";

    private SoqlErrors() {
    }

    static SalesforceApiException malformed(String soql, int position, String reason) {
        return at(MALFORMED_QUERY, soql, position, reason);
    }

    static SalesforceApiException unexpectedToken(String soql, Token token) {
        String shown = token.kind() == Token.Kind.END ? "<EOF>" : token.text();
        return at(MALFORMED_QUERY, soql, token.position(), "unexpected token: '" + shown + "'");
    }

    static SalesforceApiException noSuchColumn(String soql, int position, String field, String object) {
        return at(INVALID_FIELD, soql, position, "No such column '" + field + "' on entity '" + object + "'. If you are attempting to use a custom field,"
                + " be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    static SalesforceApiException unknownRelationship(String soql, int position, String relationship) {
        return at(INVALID_FIELD, soql, position, "Didn't understand relationship '" + relationship + "' in field path. If you are attempting to use"
                + " a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call"
                + " for the appropriate names.");
    }

    static SalesforceApiException unsupportedType(String soql, int position, String object) {
        return at(INVALID_TYPE, soql, position, "sObject type '" + object + "' is not supported. If you are attempting to use a custom object,"
                + " be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    static SalesforceApiException at(String errorCode, String soql, int position, String reason) {
        int row = 1;
        int lineStart = 0;
        for (int i = 0; i < position && i < soql.length(); i++) {
            if (soql.charAt(i) == '\n') {
                row++;
                lineStart = i + 1;
            }
        }
        int lineEnd = soql.indexOf('\n', lineStart);
        String line = soql.substring(lineStart, lineEnd < 0 ? soql.length() : lineEnd);
        int column = position - lineStart + 1;
        String message = "\n" + line + "\n" + " ".repeat(Math.max(0, column - 1)) + "^\nERROR at Row:" + row + ":Column:" + column + "\n" + reason;
        return new SalesforceApiException(HttpStatus.BAD_REQUEST, errorCode, message, List.of());
    }
}
