package io.signalbridge.writeback;

import io.signalbridge.failures.FailureDetails;

/**
 * The target system refused one record of a write-back; {@link #errorCode()} is its code: Salesforce's statusCode
 * (INVALID_FIELD, ...) or the reason code of a Marketo lead Sync Leads skipped (1003, 1004, ...).
 */
public class RecordRejectedException extends RuntimeException implements FailureDetails.Coded {

    private final String errorCode;

    public RecordRejectedException(String object, String recordId, String errorCode, String message) {
        this("Salesforce", object, recordId, errorCode, message);
    }

    public RecordRejectedException(String system, String object, String recordId, String errorCode, String message) {
        super(object + " " + recordId + " refused by " + system + ": " + errorCode + ": " + message);
        this.errorCode = errorCode;
    }

    @Override
    public String errorCode() {
        return errorCode;
    }
}
