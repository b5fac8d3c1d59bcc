package io.signalbridge.orchestration;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A play run on accounts when something happens to them (orchestrations/&lt;name&gt;.yaml): a trigger, filters on the
 * account and its people, and actions in order.
 */
public record Orchestration(String name, String description, boolean enabled, Trigger trigger, Filters filters, List<Action> actions) {

    public enum TriggerKind { STAGE_CHANGED, SIX_QA_STARTED, SEGMENT_ENTERED, INTENT_SURGE }

    /**
     * What starts it: a buying-stage change into {@code toStage} (from one of {@code fromStages}, any when empty), the
     * start of a 6QA episode, the account's entry into the published segment {@code segment}, or an intent surge (its
     * intent score up by {@code signalbridge.scoring.intent-surge-points} or more since its last score).
     */
    public record Trigger(TriggerKind kind, Set<String> fromStages, String toStage, String segment) {
    }

    /**
     * Who it is for. Account filters: {@code profileFits} (any when empty) and membership of the published segment
     * {@code segment}. Person filters, for the actions on people: {@code engagementGrades} and {@code titles} (a person
     * whose title contains one of them, case-insensitive; any when empty).
     */
    public record Filters(Set<String> profileFits, String segment, Set<String> engagementGrades, List<String> titles) {
    }

    /** What an action acts on: the account (once) or each of its people that pass the person filters. */
    public enum Target { ACCOUNT, PEOPLE }

    /** The kinds of action and the settings each takes (required first). */
    public enum ActionType {
        OUTREACH_SEQUENCE("outreach-sequence", Target.PEOPLE, "outreach", List.of("sequence"), List.of("mailbox")),
        MARKETO_LIST("marketo-list", Target.PEOPLE, "marketo", List.of("list"), List.of()),
        MARKETO_CAMPAIGN("marketo-campaign", Target.PEOPLE, "marketo", List.of("campaign"), List.of()),
        SALESFORCE_TASK("salesforce-task", Target.ACCOUNT, "salesforce", List.of("subject"), List.of("dueInDays", "priority", "description")),
        SLACK("slack", Target.ACCOUNT, "slack", List.of("team", "text"), List.of());

        final String key;
        final Target target;
        final String system;
        final List<String> required;
        final List<String> optional;

        ActionType(String key, Target target, String system, List<String> required, List<String> optional) {
            this.key = key;
            this.target = target;
            this.system = system;
            this.required = required;
            this.optional = optional;
        }

        public String key() {
            return key;
        }

        public Target target() {
            return target;
        }

        /** The system the action calls, whose per-run budget it counts against. */
        public String system() {
            return system;
        }

        static ActionType of(String key) {
            for (ActionType type : values()) {
                if (type.key.equals(key)) {
                    return type;
                }
            }
            return null;
        }
    }

    /** One action: its place in the file (index from 0, line), type and settings. */
    public record Action(int index, int line, ActionType type, Map<String, String> settings) {

        public String setting(String key) {
            return settings.get(key);
        }
    }
}
