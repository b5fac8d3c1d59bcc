package io.signalbridge.scores;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.signalbridge.scoring.SignalModel;

/**
 * mappings/activity-signals.yaml: the signal kinds, the model each feeds, and the rules that turn a pulled
 * record into a signal of a kind.
 */
public record ActivitySignalRules(Map<String, SignalModel> kinds, List<Rule> rules) {

    /** Records of {@code source}/{@code object} whose fields equal {@code when} are signals of {@code kind}. */
    public record Rule(String kind, String source, String object, Map<String, String> when, List<String> time,
                       List<String> account, List<String> person) {

        boolean matches(String recordSource, String recordObject, JsonNode fields) {
            if (!source.equals(recordSource) || !object.equals(recordObject)) {
                return false;
            }
            for (var condition : when.entrySet()) {
                JsonNode value = fields.get(condition.getKey());
                if (value == null || value.isNull() || !value.asText().equals(condition.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }

    public ActivitySignalRules {
        kinds = Map.copyOf(kinds);
        rules = List.copyOf(rules);
        for (Rule rule : rules) {
            if (!kinds.containsKey(rule.kind())) {
                throw new IllegalArgumentException("Rule for " + rule.source() + " " + rule.object()
                        + " names kind '" + rule.kind() + "', which is not listed under kinds");
            }
        }
    }

    public static ActivitySignalRules load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the signal rules " + file + ": " + e.getMessage(), e);
        }
    }

    public static ActivitySignalRules parse(InputStream yaml) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        var kinds = new LinkedHashMap<String, SignalModel>();
        root.path("kinds").fields().forEachRemaining(kind ->
                kinds.put(kind.getKey(), SignalModel.valueOf(kind.getValue().asText().toUpperCase(Locale.ROOT))));
        var rules = new ArrayList<Rule>();
        for (JsonNode rule : root.path("rules")) {
            var when = new LinkedHashMap<String, String>();
            rule.path("when").fields().forEachRemaining(c -> when.put(c.getKey(), c.getValue().asText()));
            rules.add(new Rule(required(rule, "kind"), required(rule, "source"), required(rule, "object"), when,
                    texts(rule.path("time")), texts(rule.path("account")), texts(rule.path("person"))));
        }
        return new ActivitySignalRules(kinds, rules);
    }

    /** The first rule matching a record, if any. */
    public Rule match(String source, String object, JsonNode fields) {
        for (Rule rule : rules) {
            if (rule.matches(source, object, fields)) {
                return rule;
            }
        }
        return null;
    }

    /**
     * Whether every rule names its account and person through fields the store's record keys hold
     * ({@code io.signalbridge.signals.RecordKeys}), so that a keyed read finds every signal of an account.
     */
    public boolean keyedBy(List<String> accountFields, List<String> personFields) {
        return rules.stream().allMatch(rule -> accountFields.containsAll(rule.account()) && personFields.containsAll(rule.person()));
    }

    /** The (source, object) pairs that carry signals, in rule order. */
    public Set<List<String>> signalObjects() {
        var objects = new LinkedHashSet<List<String>>();
        rules.forEach(rule -> objects.add(List.of(rule.source(), rule.object())));
        return objects;
    }

    private static String required(JsonNode rule, String field) {
        String value = rule.path(field).asText(null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A signal rule lacks '" + field + "': " + rule);
        }
        return value;
    }

    private static List<String> texts(JsonNode node) {
        var values = new ArrayList<String>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            values.add(node.asText());
        }
        return values;
    }
}
