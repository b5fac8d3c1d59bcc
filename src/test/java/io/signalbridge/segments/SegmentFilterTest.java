package io.signalbridge.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class SegmentFilterTest {

    final ObjectMapper json = new ObjectMapper();

    final AccountFacts bigSoftwareDecision = new AccountFacts("001A", "Software", 800.0, 5.0e7, "United States",
            new AccountFacts.Scores("Decision", "Strong", 82, 90, "High", 70, true));
    final AccountFacts smallSoftwareAwareness = new AccountFacts("001B", "software", 40.0, 1.0e6, "Germany",
            new AccountFacts.Scores("Awareness", "Weak", 35, 20, "Low", 5, false));
    final AccountFacts bankNotScored = new AccountFacts("001C", "Banking", 12_000.0, 9.0e9, "United States", null);

    @Test
    void allIsAndAnyIsOrAndTheyNest() {
        SegmentFilter and = parse("""
                {"all": [{"field": "industry", "op": "eq", "value": "SOFTWARE"}, {"field": "employees", "op": "gte", "value": 100}]}""");
        SegmentFilter or = parse("""
                {"any": [{"field": "intent", "op": "gte", "value": 80}, {"field": "country", "op": "in", "value": ["Germany", "France"]}]}""");
        SegmentFilter nested = parse("""
                {"any": [
                  {"all": [{"field": "buyingStage", "op": "gte", "value": "Decision"}, {"field": "sixQa", "value": true}]},
                  {"all": [{"field": "revenue", "op": "gt", "value": 1e9}, {"field": "industry", "op": "neq", "value": "Software"}]}
                ]}""");

        assertThat(and.matches(bigSoftwareDecision)).isTrue();
        assertThat(and.matches(smallSoftwareAwareness)).as("industry yes, employees no").isFalse();
        assertThat(or.matches(bigSoftwareDecision)).as("intent").isTrue();
        assertThat(or.matches(smallSoftwareAwareness)).as("country").isTrue();
        assertThat(or.matches(bankNotScored)).as("no scores, other country").isFalse();
        assertThat(nested.matches(bigSoftwareDecision)).isTrue();
        assertThat(nested.matches(smallSoftwareAwareness)).isFalse();
        assertThat(nested.matches(bankNotScored)).as("the second branch needs no scores").isTrue();
    }

    @Test
    void orderedScoresCompareInFunnelOrder() {
        assertThat(parse("{\"field\": \"reach\", \"op\": \"gte\", \"value\": \"medium\"}").matches(bigSoftwareDecision)).isTrue();
        assertThat(parse("{\"field\": \"reach\", \"op\": \"gte\", \"value\": \"Medium\"}").matches(smallSoftwareAwareness)).isFalse();
        assertThat(parse("{\"field\": \"fit\", \"op\": \"in\", \"value\": [\"Strong\", \"Moderate\"]}").matches(bigSoftwareDecision)).isTrue();
        assertThat(parse("{\"field\": \"buyingStage\", \"op\": \"lt\", \"value\": \"Consideration\"}").matches(smallSoftwareAwareness)).isTrue();
        assertThat(parse("{\"field\": \"intent\", \"op\": \"gte\", \"value\": 0}").matches(bankNotScored))
                .as("an account without scores matches no condition on a score").isFalse();
    }

    @Test
    void everyErrorSaysWhereAndWhat() {
        assertThatThrownBy(() -> parse("""
                {"any": [{"field": "intnet", "op": "gte", "value": 1},
                         {"all": [{"field": "buyingStage", "value": "Shopping"}, {"field": "industry", "op": "gte", "value": "x"}]},
                         {"field": "employees", "op": "gte", "value": "many"}]}"""))
                .isInstanceOfSatisfying(SegmentValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        "filter.any[0]: unknown field 'intnet' (known: industry, country, employees, revenue, buyingStage, fit, intent,"
                                + " profileScore, reach, reachScore, sixQa)",
                        "filter.any[1].all[0]: 'Shopping' is not a value of buyingStage (one of Target, Awareness, Consideration,"
                                + " Decision, Purchase)",
                        "filter.any[1].all[1]: industry cannot be compared with gte (use eq, neq or in)",
                        "filter.any[2]: 'many' is not a value of employees (a number)"));
        assertThatThrownBy(() -> parse("{\"all\": []}")).hasMessageContaining("filter.all: expected a non-empty array");
    }

    private SegmentFilter parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            return SegmentFilter.parse(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
