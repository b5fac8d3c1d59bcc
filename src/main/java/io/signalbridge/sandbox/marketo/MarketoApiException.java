package io.signalbridge.sandbox.marketo;

/**
 * A response-level Marketo error: answered with HTTP 200, {@code success:false} and one entry in
 * {@code errors}. Codes and messages are those of the Marketo error-code reference.
 */
public class MarketoApiException extends RuntimeException {

    private final String code;

    public MarketoApiException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    static MarketoApiException blank(String parameter) {
        return new MarketoApiException("701", parameter + " cannot be blank");
    }

    static MarketoApiException fieldNotFound(String field) {
        return new MarketoApiException("1006", "Field '" + field + "' not found");
    }

    static MarketoApiException fieldNotSupported(String field) {
        return new MarketoApiException("1011", "Field '" + field + "' not supported");
    }

    static MarketoApiException invalidValue(String value, String type) {
        return new MarketoApiException("1001", "Invalid value '" + value + "'. Required of type '" + type + "'");
    }

    static MarketoApiException listNotFound() {
        return new MarketoApiException("1013", "Object not found");
    }
}
