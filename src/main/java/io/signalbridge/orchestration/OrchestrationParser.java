package io.signalbridge.orchestration;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.signalbridge.orchestration.Orchestration.Action;
import io.signalbridge.orchestration.Orchestration.ActionType;
import io.signalbridge.orchestration.Orchestration.Filters;
import io.signalbridge.orchestration.Orchestration.Trigger;
import io.signalbridge.orchestration.Orchestration.TriggerKind;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and checks an orchestration file on SnakeYAML's node tree, so that every error names the file, line and
 * field. What it checks beyond the shape: stage, fit and grade names, action types and their settings, and (through
 * {@link Context}) that the systems an action needs are configured and a Slack team exists.
 */
final class OrchestrationParser {

    static final List<String> STAGES = List.of("Target", "Awareness", "Consideration", "Decision", "Purchase");
    static final List<String> FITS = List.of("Strong", "Moderate", "Weak");
    static final List<String> GRADES = List.of("A", "B", "C", "D");
    static final Set<String> TOP_KEYS = Set.of("description", "enabled", "trigger", "filters", "actions");
    static final Set<String> TRIGGER_KEYS = Set.of("stage", "sixQa", "segment", "intentSurge");
    static final Set<String> FILTER_KEYS = Set.of("profileFit", "segment", "engagementGrade", "titles");

    /** What the checks need to know of the running service. */
    interface Context {
        /** The systems actions may call: outreach only when its client is configured, slack with at least one team. */
        Set<String> configuredSystems();

        Set<String> slackTeams();

        default boolean knowsSlackTeam(String team) {
            return slackTeams().contains(team);
        }
    }

    /** For reading a stored version that passed its checks when it became active: what it needs may have changed since. */
    static final Context ANY_SYSTEM = new Context() {
        @Override
        public Set<String> configuredSystems() {
            return Set.of("outreach", "marketo", "salesforce", "slack");
        }

        @Override
        public Set<String> slackTeams() {
            return Set.of();
        }

        @Override
        public boolean knowsSlackTeam(String team) {
            return true;
        }
    };

    record Result(Orchestration orchestration, List<OrchestrationError> errors) {
    }

    private final String file;
    private final Context context;
    private final List<OrchestrationError> errors = new ArrayList<>();

    private OrchestrationParser(String file, Context context) {
        this.file = file;
        this.context = context;
    }

    static Result parse(String name, String yaml, Context context) {
        return new OrchestrationParser(name + ".yaml", context).read(name, yaml);
    }

    private Result read(String name, String yaml) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            errors.add(error(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, null, "not valid YAML: " + e.getProblem()));
            return new Result(null, errors);
        }
        if (!(root instanceof MappingNode top)) {
            errors.add(error(1, null, "expected a mapping with keys trigger, filters and actions"));
            return new Result(null, errors);
        }
        Map<String, Node> keys = keys(top, TOP_KEYS, null);
        String description = keys.containsKey("description") ? scalar(keys.get("description"), "description") : "";
        boolean enabled = bool(keys.get("enabled"), "enabled", false);
        Trigger trigger = trigger(keys.get("trigger"), top);
        Filters filters = filters(keys.get("filters"));
        List<Action> actions = actions(keys.get("actions"), top, enabled);
        return new Result(errors.isEmpty() ? new Orchestration(name, description, enabled, trigger, filters, actions) : null, errors);
    }

    private Trigger trigger(Node node, Node parent) {
        if (!(node instanceof MappingNode map)) {
            errors.add(error(line(node == null ? parent : node), "trigger",
                    "expected one of stage (from, to), sixQa: started, segment (entered), intentSurge: true"));
            return null;
        }
        Map<String, Node> keys = keys(map, TRIGGER_KEYS, "trigger");
        if (keys.size() != 1) {
            errors.add(error(line(map), "trigger", "name exactly one trigger: stage, sixQa, segment or intentSurge"));
            return null;
        }
        var entry = keys.entrySet().iterator().next();
        Node value = entry.getValue();
        return switch (entry.getKey()) {
            case "stage" -> {
                if (!(value instanceof MappingNode stage)) {
                    errors.add(error(line(value), "trigger.stage", "expected from and to, e.g. {from: Consideration, to: Decision}"));
                    yield null;
                }
                Map<String, Node> stageKeys = keys(stage, Set.of("from", "to"), "trigger.stage");
                Set<String> from = new LinkedHashSet<>(names(stageKeys.get("from"), "trigger.stage.from", STAGES));
                List<String> to = names(stageKeys.get("to"), "trigger.stage.to", STAGES);
                if (to.size() != 1) {
                    errors.add(error(line(stage), "trigger.stage.to", "name the one stage entered, one of " + STAGES));
                    yield null;
                }
                if (from.contains(to.get(0))) {
                    errors.add(error(line(stageKeys.get("from")), "trigger.stage.from", "a stage change never starts and ends in " + to.get(0)));
                }
                yield new Trigger(TriggerKind.STAGE_CHANGED, Set.copyOf(from), to.get(0), null);
            }
            case "sixQa" -> {
                String when = scalar(value, "trigger.sixQa");
                if (!"started".equals(when)) {
                    errors.add(error(line(value), "trigger.sixQa", "expected 'started', not '" + when + "'"));
                }
                yield new Trigger(TriggerKind.SIX_QA_STARTED, Set.of(), null, null);
            }
            case "intentSurge" -> {
                String on = scalar(value, "trigger.intentSurge");
                if (!"true".equals(on)) {
                    errors.add(error(line(value), "trigger.intentSurge", "expected 'true' (the surge is signalbridge.scoring.intent-surge-points), not '"
                            + on + "'"));
                }
                yield new Trigger(TriggerKind.INTENT_SURGE, Set.of(), null, null);
            }
            default -> {
                Map<String, Node> segmentKeys = value instanceof MappingNode m ? keys(m, Set.of("entered"), "trigger.segment") : Map.of();
                String segment = segmentKeys.containsKey("entered") ? scalar(segmentKeys.get("entered"), "trigger.segment.entered") : "";
                if (segment.isBlank()) {
                    errors.add(error(line(value), "trigger.segment", "expected entered: <the published segment's name>"));
                }
                yield new Trigger(TriggerKind.SEGMENT_ENTERED, Set.of(), null, segment);
            }
        };
    }

    private Filters filters(Node node) {
        if (node == null) {
            return new Filters(Set.of(), null, Set.of(), List.of());
        }
        if (!(node instanceof MappingNode map)) {
            errors.add(error(line(node), "filters", "expected profileFit, segment, engagementGrade, titles"));
            return null;
        }
        Map<String, Node> keys = keys(map, FILTER_KEYS, "filters");
        String segment = keys.containsKey("segment") ? scalar(keys.get("segment"), "filters.segment") : null;
        return new Filters(Set.copyOf(names(keys.get("profileFit"), "filters.profileFit", FITS)), segment == null || segment.isBlank() ? null : segment,
                Set.copyOf(names(keys.get("engagementGrade"), "filters.engagementGrade", GRADES)),
                List.copyOf(names(keys.get("titles"), "filters.titles", null)));
    }

    private List<Action> actions(Node node, Node parent, boolean enabled) {
        if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
            errors.add(error(line(node == null ? parent : node), "actions", "expected a list of actions, each with a type: "
                    + String.join(", ", java.util.Arrays.stream(ActionType.values()).map(ActionType::key).toList())));
            return List.of();
        }
        var actions = new ArrayList<Action>();
        for (int index = 0; index < list.getValue().size(); index++) {
            Node item = list.getValue().get(index);
            String field = "actions[" + index + "]";
            if (!(item instanceof MappingNode map)) {
                errors.add(error(line(item), field, "expected an action with a type and its settings"));
                continue;
            }
            Map<String, String> settings = new LinkedHashMap<>();
            Map<Node, String> keyNodes = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                String key = scalar(tuple.getKeyNode(), field);
                settings.put(key, scalar(tuple.getValueNode(), field + "." + key));
                keyNodes.put(tuple.getKeyNode(), key);
            }
            ActionType type = ActionType.of(settings.getOrDefault("type", ""));
            if (type == null) {
                errors.add(error(line(map), field + ".type", "unknown action type '" + settings.getOrDefault("type", "") + "'; expected one of "
                        + String.join(", ", java.util.Arrays.stream(ActionType.values()).map(ActionType::key).toList())));
                continue;
            }
            settings.remove("type");
            keyNodes.forEach((keyNode, key) -> {
                if (!key.equals("type") && !type.required.contains(key) && !type.optional.contains(key)) {
                    errors.add(error(line(keyNode), field + "." + key, "not a setting of " + type.key() + "; it takes "
                            + String.join(", ", concat(type.required, type.optional))));
                }
            });
            for (String required : type.required) {
                if (settings.getOrDefault(required, "").isBlank()) {
                    errors.add(error(line(map), field + "." + required, type.key() + " needs " + required));
                }
            }
            check(type, settings, field, line(map), enabled);
            actions.add(new Action(index, line(map), type, Map.copyOf(settings)));
        }
        return List.copyOf(actions);
    }

    private void check(ActionType type, Map<String, String> settings, String field, int line, boolean enabled) {
        if (enabled && !context.configuredSystems().contains(type.system())) {
            errors.add(error(line, field + ".type", type.key() + " needs " + type.system() + " configured (signalbridge." + type.system()
                    + "); keep the orchestration disabled until it is"));
        }
        if (enabled && type == ActionType.SLACK && context.configuredSystems().contains("slack") && settings.containsKey("team") && !settings.get("team").isBlank()
                && !context.knowsSlackTeam(settings.get("team"))) {
            errors.add(error(line, field + ".team", "no Slack team '" + settings.get("team") + "'; configured: " + context.slackTeams()));
        }
        String campaign = settings.get("campaign");
        if (type == ActionType.MARKETO_CAMPAIGN && campaign != null && !campaign.matches("\\d{1,12}")) {
            errors.add(error(line, field + ".campaign", "expected the smart campaign's id (a number, see Marketo's campaign URL), not '"
                    + campaign + "'"));
        }
        String due = settings.get("dueInDays");
        if (due != null && !due.matches("\\d{1,3}")) {
            errors.add(error(line, field + ".dueInDays", "expected a whole number of days, 0 to 999, not '" + due + "'"));
        }
        String priority = settings.get("priority");
        if (priority != null && !List.of("High", "Normal", "Low").contains(priority)) {
            errors.add(error(line, field + ".priority", "expected High, Normal or Low, not '" + priority + "'"));
        }
    }

    /** A name or a list of names, each one of {@code allowed} (any text when null). */
    private List<String> names(Node node, String field, List<String> allowed) {
        if (node == null) {
            return List.of();
        }
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        var names = new ArrayList<String>();
        for (Node item : items) {
            String name = scalar(item, field);
            if (allowed != null && !allowed.contains(name)) {
                errors.add(error(line(item), field, "unknown value '" + name + "'; expected one of " + allowed));
            } else if (!name.isBlank()) {
                names.add(name);
            }
        }
        return names;
    }

    private Map<String, Node> keys(MappingNode node, Set<String> allowed, String field) {
        var result = new LinkedHashMap<String, Node>();
        for (NodeTuple tuple : node.getValue()) {
            String key = scalar(tuple.getKeyNode(), field);
            if (!allowed.contains(key)) {
                errors.add(error(line(tuple.getKeyNode()), field == null ? key : field + "." + key, "unknown key '" + key
                        + "'; expected one of " + new java.util.TreeSet<>(allowed)));
            } else {
                result.put(key, tuple.getValueNode());
            }
        }
        return result;
    }

    private boolean bool(Node node, String field, boolean fallback) {
        if (node == null) {
            return fallback;
        }
        String value = scalar(node, field);
        if (!value.equals("true") && !value.equals("false")) {
            errors.add(error(line(node), field, "expected true or false, not '" + value + "'"));
        }
        return value.equals("true");
    }

    private String scalar(Node node, String field) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue().trim();
        }
        errors.add(error(line(node), field, "expected a single value"));
        return "";
    }

    private OrchestrationError error(int line, String field, String reason) {
        return new OrchestrationError(file, line, field, reason);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
