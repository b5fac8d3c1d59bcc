package io.signalbridge.outreach;

/**
 * An Outreach call that did not succeed, classified for the caller: {@link Kind#RETRY} (Outreach did not act, or may
 * not have: try again later), {@link Kind#FINAL} (a refusal that will not change by itself), {@link Kind#ALREADY_DONE}
 * (the change is already there, e.g. the prospect is already in the sequence). Carries Outreach's error id and detail,
 * never the token.
 */
public class OutreachApiException extends RuntimeException {

    public enum Kind { RETRY, FINAL, ALREADY_DONE }

    private final Kind kind;
    private final int status;
    private final String errorId;

    public OutreachApiException(Kind kind, int status, String errorId, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.errorId = errorId;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String errorId() {
        return errorId;
    }
}
