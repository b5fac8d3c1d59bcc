package io.signalbridge.sandbox.salesforce.bulk;

import java.time.Instant;

/** A Bulk API 2.0 job of the sandbox org, ingest or query. */
public record BulkJob(
        String id,
        Type type,
        String operation,
        String object,
        String externalIdField,
        String query,
        State state,
        String columnDelimiter,
        String lineEnding,
        String apiVersion,
        Instant createdDate,
        Instant systemModstamp,
        long recordsProcessed,
        long recordsFailed,
        long processingMillis,
        String errorMessage) {

    public enum Type { INGEST, QUERY }

    /** Salesforce's job states, spelled as the API spells them. */
    public enum State {
        Open, UploadComplete, InProgress, JobComplete, Failed, Aborted;

        public boolean terminal() {
            return this == JobComplete || this == Failed || this == Aborted;
        }
    }

    public char delimiter() {
        return switch (columnDelimiter) {
            case "BACKQUOTE" -> '`';
            case "CARET" -> '^';
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "TAB" -> '\t';
            default -> ',';
        };
    }

    public String newline() {
        return "CRLF".equals(lineEnding) ? "\r\n" : "\n";
    }
}
