package io.signalbridge.sandbox.salesforce.streaming;

import java.util.List;
import java.util.Optional;

/**
 * The Change Data Capture channels of the sandbox org: {@code /data/ChangeEvents} (every entity selected for change
 * events) and {@code /data/<Object>ChangeEvent} for each of them.
 */
public final class ChangeEventChannels {

    public static final String ALL = "/data/ChangeEvents";
    /** The entities selected for Change Data Capture (Setup, Change Data Capture, on a real org). */
    public static final List<String> ENTITIES = List.of("Account", "Contact", "Lead", "Opportunity", "Task", "Event", "CampaignMember");

    /** What a channel carries: every selected entity, or one. */
    public record Channel(String name, String entityName) {

        public boolean carries(String entity) {
            return entityName == null || entityName.equals(entity);
        }
    }

    private ChangeEventChannels() {
    }

    public static Optional<Channel> parse(String name) {
        if (ALL.equals(name)) {
            return Optional.of(new Channel(name, null));
        }
        if (name != null && name.startsWith("/data/") && name.endsWith("ChangeEvent")) {
            String entity = name.substring("/data/".length(), name.length() - "ChangeEvent".length());
            if (ENTITIES.contains(entity)) {
                return Optional.of(new Channel(name, entity));
            }
        }
        return Optional.empty();
    }

    public static String channelOf(String entityName) {
        return "/data/" + entityName + "ChangeEvent";
    }

    public static boolean selected(String entityName) {
        return ENTITIES.contains(entityName);
    }
}
