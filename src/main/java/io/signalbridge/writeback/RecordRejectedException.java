package io.signalbridge.writeback;

import io.signalbridge.failures.FailureDetails;

/** Salesforce refused one record of a write-back; {@link #errorCode()} is its statusCode (INVALID_FIELD, ...). */
public class RecordRejectedException extends RuntimeException implements FailureDetails.Coded {

    private final String errorCode;

    public RecordRejectedException(String object, String recordId, String errorCode, String message) {
        super(object + " " + recordId + " refused by Salesforce: " + errorCode + ": " + message);
        this.errorCode = errorCode;
    }

    @Override
    public String errorCode() {
        return errorCode;
    }
}
