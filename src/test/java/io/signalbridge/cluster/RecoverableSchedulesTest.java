package io.signalbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, a dead node's run fired again elsewhere: every {@code quartz:} schedule of routes/*.yaml asks for recovery,
 * and the trigger its run is recorded with is "recovery" for Quartz's recovery fire (trigger group RECOVERING_JOBS),
 * "schedule" for a fire time: the expressions of the real route files, evaluated by Camel's simple language.
 */
class RecoverableSchedulesTest {

    final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void everyScheduleAsksForRecovery() throws IOException {
        List<JsonNode> schedules = new ArrayList<>();
        for (JsonNode from : froms()) {
            if (from.path("uri").asText().startsWith("quartz:")) {
                schedules.add(from);
            }
        }
        assertThat(schedules).hasSizeGreaterThanOrEqualTo(9);
        assertThat(schedules).allSatisfy(from ->
                assertThat(from.path("parameters").path("recoverableJob").asBoolean()).as(from.path("uri").asText()).isTrue());
    }

    @Test
    void aRecoveryFireIsRecordedAsRecoveryAndAFireTimeAsSchedule() throws Exception {
        List<String> expressions = new ArrayList<>();
        for (JsonNode from : froms()) {
            if (!from.path("uri").asText().startsWith("quartz:")) {
                continue;
            }
            for (JsonNode step : from.path("steps")) {
                JsonNode header = step.path("setHeader");
                if ("trigger".equals(header.path("name").asText())) {
                    assertThat(header.has("constant")).as(from.path("uri").asText() + ": trigger set from the Quartz trigger group").isFalse();
                    expressions.add(header.path("simple").asText());
                }
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(5);
        try (var camel = new DefaultCamelContext()) {
            camel.start();
            var simple = camel.resolveLanguage("simple");
            for (String expression : expressions) {
                assertThat(evaluate(camel, simple.createExpression(expression), JobLeases.QUARTZ_RECOVERY_GROUP)).isEqualTo(JobLeases.RECOVERY_TRIGGER);
                assertThat(evaluate(camel, simple.createExpression(expression), "signalbridge")).isEqualTo("schedule");
                assertThat(evaluate(camel, simple.createExpression(expression), null)).isEqualTo("schedule");
            }
        }
    }

    private static String evaluate(DefaultCamelContext camel, org.apache.camel.Expression expression, String triggerGroup) {
        var exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("triggerGroup", triggerGroup);
        expression.init(camel);
        return expression.evaluate(exchange, String.class);
    }

    private List<JsonNode> froms() throws IOException {
        var froms = new ArrayList<JsonNode>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode element : yaml.readTree(file.toFile())) {
                    JsonNode definition = element.has("route") ? element.get("route") : element.path("routeTemplate");
                    if (definition.has("from")) {
                        froms.add(definition.get("from"));
                    }
                }
            }
        }
        return froms;
    }
}
