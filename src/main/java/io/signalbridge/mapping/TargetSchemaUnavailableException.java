package io.signalbridge.mapping;

/** The target's describe could not be read (network, credentials): a mapping cannot be checked now. */
public class TargetSchemaUnavailableException extends RuntimeException {

    public TargetSchemaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
