package io.signalbridge.segments;

import java.util.List;

/** A segment, filter, list or query that cannot be accepted; each error says what and why. */
public class SegmentValidationException extends RuntimeException {

    private final List<String> errors;

    public SegmentValidationException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public SegmentValidationException(String error) {
        this(List.of(error));
    }

    public List<String> errors() {
        return errors;
    }
}
