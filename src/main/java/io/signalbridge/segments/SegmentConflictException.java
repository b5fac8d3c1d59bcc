package io.signalbridge.segments;

/** What was asked cannot be done in the segment's present state (already published, the publish limit, ...). */
public class SegmentConflictException extends RuntimeException {

    public SegmentConflictException(String message) {
        super(message);
    }
}
