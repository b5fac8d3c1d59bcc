package io.signalbridge.mapping;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.signalbridge.mapping.Mapping.FieldMapping;
import io.signalbridge.mapping.Mapping.Transform;
import io.signalbridge.mapping.Mapping.WritePolicy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a mapping file into a {@link Mapping}, keeping the line of every entry (SnakeYAML's node tree), so
 * that each error names the file, line and field.
 */
final class MappingParser {

    static final Set<String> TOP_KEYS = Set.of("system", "object", "fields");
    static final Set<String> ENTRY_KEYS = Set.of("source", "target", "policy", "enabled", "valueMap", "round", "dateFormat", "truncate");

    record Result(Mapping mapping, List<MappingError> errors) {
    }

    private final String file;
    private final List<MappingError> errors = new ArrayList<>();

    private MappingParser(String file) {
        this.file = file;
    }

    static Result parse(String name, String yaml) {
        return new MappingParser(name + ".yaml").read(name, yaml);
    }

    private Result read(String name, String yaml) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            errors.add(new MappingError(file, line, null, "not valid YAML: " + e.getProblem()));
            return new Result(null, errors);
        }
        if (!(root instanceof MappingNode top)) {
            errors.add(new MappingError(file, 1, null, "expected a mapping with keys system, object and fields"));
            return new Result(null, errors);
        }
        Map<String, Node> keys = entries(top, TOP_KEYS, null);
        String system = text(keys.get("system"), "system", "salesforce");
        String object = text(keys.get("object"), "object", null);
        if (object == null) {
            errors.add(new MappingError(file, line(top), "object", "missing: the target object, e.g. Account"));
        }
        var fields = new ArrayList<FieldMapping>();
        Node fieldList = keys.get("fields");
        if (!(fieldList instanceof SequenceNode sequence)) {
            errors.add(new MappingError(file, fieldList == null ? line(top) : line(fieldList), "fields", "expected a list of field mappings"));
        } else {
            for (Node entry : sequence.getValue()) {
                FieldMapping field = fieldMapping(entry);
                if (field != null) {
                    fields.add(field);
                }
            }
        }
        return new Result(errors.isEmpty() ? new Mapping(name, system, object, List.copyOf(fields)) : null, errors);
    }

    private FieldMapping fieldMapping(Node node) {
        if (!(node instanceof MappingNode entry)) {
            errors.add(new MappingError(file, line(node), null, "expected a field mapping (source, target, ...)"));
            return null;
        }
        int before = errors.size();
        Map<String, Node> keys = entries(entry, ENTRY_KEYS, null);
        String source = text(keys.get("source"), "source", null);
        String target = text(keys.get("target"), "target", null);
        if (source == null) {
            errors.add(new MappingError(file, line(entry), target, "missing source (a score output such as account.intentScore)"));
        }
        if (target == null) {
            errors.add(new MappingError(file, line(entry), source, "missing target (a field API name)"));
        }
        String label = target != null ? target : source;
        WritePolicy policy = WritePolicy.OVERWRITE;
        String policyText = text(keys.get("policy"), label, "overwrite");
        switch (policyText) {
            case "overwrite" -> policy = WritePolicy.OVERWRITE;
            case "fill-if-blank" -> policy = WritePolicy.FILL_IF_BLANK;
            default -> errors.add(new MappingError(file, line(keys.get("policy")), label,
                    "policy must be overwrite or fill-if-blank, not '" + policyText + "'"));
        }
        boolean enabled = !"false".equalsIgnoreCase(text(keys.get("enabled"), label, "true"));
        var valueMap = new LinkedHashMap<String, String>();
        Node valueMapNode = keys.get("valueMap");
        if (valueMapNode instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                valueMap.put(scalar(tuple.getKeyNode(), label), scalar(tuple.getValueNode(), label));
            }
        } else if (valueMapNode != null) {
            errors.add(new MappingError(file, line(valueMapNode), label, "valueMap must map source values to target values"));
        }
        Integer round = integer(keys.get("round"), label);
        Integer truncate = integer(keys.get("truncate"), label);
        String dateFormat = text(keys.get("dateFormat"), label, null);
        if (errors.size() > before) {
            return null;
        }
        return new FieldMapping(source, target, new Transform(Map.copyOf(valueMap), round, dateFormat, truncate), policy, enabled, line(entry));
    }

    private Map<String, Node> entries(MappingNode node, Set<String> allowed, String field) {
        var result = new LinkedHashMap<String, Node>();
        for (NodeTuple tuple : node.getValue()) {
            String key = scalar(tuple.getKeyNode(), field);
            if (!allowed.contains(key)) {
                errors.add(new MappingError(file, line(tuple.getKeyNode()), field, "unknown key '" + key + "'; expected one of " + allowed));
            } else {
                result.put(key, tuple.getValueNode());
            }
        }
        return result;
    }

    private String text(Node node, String field, String fallback) {
        if (node == null) {
            return fallback;
        }
        return scalar(node, field);
    }

    private String scalar(Node node, String field) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        errors.add(new MappingError(file, line(node), field, "expected a single value"));
        return "";
    }

    private Integer integer(Node node, String field) {
        if (node == null) {
            return null;
        }
        String text = scalar(node, field);
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(new MappingError(file, line(node), field, "expected a whole number ≥ 0, not '" + text + "'"));
            return null;
        }
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
