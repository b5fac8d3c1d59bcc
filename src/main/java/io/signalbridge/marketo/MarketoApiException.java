package io.signalbridge.marketo;

/**
 * A Marketo call that failed: a response-level error ({@code success:false}, HTTP 200) with its code, an
 * unexpected HTTP status, or no usable answer at all ({@code code} then null).
 */
public class MarketoApiException extends RuntimeException {

    private final String code;

    public MarketoApiException(String code, String message) {
        super(code == null ? message : "Marketo error " + code + ": " + message);
        this.code = code;
    }

    public MarketoApiException(String message, Throwable cause) {
        super(message, cause);
        this.code = null;
    }

    public String code() {
        return code;
    }
}
