package io.signalbridge.marketo;

import java.time.Instant;

/** The instance's daily API quota is used up (607): no call may be made before {@code resetsAt}. */
public class MarketoQuotaExceededException extends RuntimeException {

    private final Instant resetsAt;

    public MarketoQuotaExceededException(Instant resetsAt) {
        super("Marketo daily API quota reached (607); parked until the quota resets at midnight US Central (" + resetsAt + ")");
        this.resetsAt = resetsAt;
    }

    public Instant resetsAt() {
        return resetsAt;
    }
}
