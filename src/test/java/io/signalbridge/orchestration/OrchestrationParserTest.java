package io.signalbridge.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.signalbridge.orchestration.Orchestration.ActionType;
import io.signalbridge.orchestration.Orchestration.TriggerKind;

import org.junit.jupiter.api.Test;

class OrchestrationParserTest {

    static final OrchestrationParser.Context SANDBOX = new OrchestrationParser.Context() {
        @Override
        public Set<String> configuredSystems() {
            return Set.of("salesforce", "marketo", "outreach", "slack");
        }

        @Override
        public Set<String> slackTeams() {
            return Set.of("sales", "marketing");
        }
    };
    static final OrchestrationParser.Context NO_OUTREACH_NO_SLACK = new OrchestrationParser.Context() {
        @Override
        public Set<String> configuredSystems() {
            return Set.of("salesforce", "marketo");
        }

        @Override
        public Set<String> slackTeams() {
            return Set.of();
        }
    };

    @Test
    void theShippedStageTacticsAreValidAndDisabledWhereverTheyRun() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("orchestrations"))) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).extracting(f -> f.getFileName().toString()).containsExactly("awareness-display-ads.yaml",
                    "consideration-content-hub.yaml", "decision-bdr-cadence.yaml", "purchase-meeting-or-direct-mail.yaml");
            for (Path file : yaml) {
                String name = file.getFileName().toString().replace(".yaml", "");
                for (var context : List.of(SANDBOX, NO_OUTREACH_NO_SLACK)) {
                    var result = OrchestrationParser.parse(name, Files.readString(file), context);
                    assertThat(result.errors()).as(name).isEmpty();
                    assertThat(result.orchestration().enabled()).as(name + " ships disabled").isFalse();
                    assertThat(result.orchestration().trigger().kind()).isEqualTo(TriggerKind.STAGE_CHANGED);
                }
            }
        }
    }

    @Test
    void aFullOrchestrationReadsIntoItsParts() {
        var result = OrchestrationParser.parse("decision", """
                enabled: true
                trigger:
                  stage: {from: [Awareness, Consideration], to: Decision}
                filters:
                  profileFit: [Strong]
                  segment: Enterprise ICP
                  engagementGrade: [A, B]
                  titles: [VP, Director]
                actions:
                  - type: outreach-sequence
                    sequence: Decision cadence
                  - type: slack
                    team: sales
                    text: "{account} entered {stage}"
                """, SANDBOX);
        assertThat(result.errors()).isEmpty();
        var orchestration = result.orchestration();
        assertThat(orchestration.trigger().fromStages()).containsExactlyInAnyOrder("Awareness", "Consideration");
        assertThat(orchestration.trigger().toStage()).isEqualTo("Decision");
        assertThat(orchestration.filters().segment()).isEqualTo("Enterprise ICP");
        assertThat(orchestration.filters().titles()).containsExactly("VP", "Director");
        assertThat(orchestration.actions()).extracting(Orchestration.Action::type).containsExactly(ActionType.OUTREACH_SEQUENCE, ActionType.SLACK);
        assertThat(orchestration.actions().get(1).line()).isEqualTo(12);
    }

    @Test
    void everyErrorNamesFileLineAndField() {
        var result = OrchestrationParser.parse("bad", """
                enabled: true
                trigger:
                  stage: {to: Decided}
                filters:
                  profileFit: [Great]
                  colour: blue
                actions:
                  - type: outreach-sequence
                  - type: fax
                  - type: slack
                    team: support
                    text: hello
                    channel: "#general"
                  - type: marketo-campaign
                    campaign: Consideration nurture
                  - type: salesforce-task
                    subject: Call
                    dueInDays: soon
                """, SANDBOX);
        assertThat(result.orchestration()).isNull();
        assertThat(result.errors()).extracting(e -> e.file() + ":" + e.line() + " " + e.field()).containsExactlyInAnyOrder(
                "bad.yaml:3 trigger.stage.to",
                "bad.yaml:3 trigger.stage.to",
                "bad.yaml:5 filters.profileFit",
                "bad.yaml:6 filters.colour",
                "bad.yaml:8 actions[0].sequence",
                "bad.yaml:9 actions[1].type",
                "bad.yaml:13 actions[2].channel",
                "bad.yaml:10 actions[2].team",
                "bad.yaml:14 actions[3].campaign",
                "bad.yaml:16 actions[4].dueInDays");
        assertThat(result.errors().stream().filter(e -> e.field().equals("actions[2].team")).findFirst().orElseThrow().reason())
                .contains("no Slack team 'support'").contains("sales");
    }

    @Test
    void anEnabledOrchestrationNeedsItsSystemsConfiguredADisabledOneDoesNot() {
        String yaml = """
                enabled: %s
                trigger:
                  sixQa: started
                actions:
                  - type: outreach-sequence
                    sequence: Acquire New Contacts
                  - type: slack
                    team: sales
                    text: "{account} became 6QA"
                """;
        var enabled = OrchestrationParser.parse("six-qa", yaml.formatted("true"), NO_OUTREACH_NO_SLACK);
        assertThat(enabled.errors()).extracting(OrchestrationError::field).containsExactly("actions[0].type", "actions[1].type");
        assertThat(enabled.errors().get(0).reason()).contains("signalbridge.outreach");
        assertThat(OrchestrationParser.parse("six-qa", yaml.formatted("false"), NO_OUTREACH_NO_SLACK).errors()).isEmpty();
    }

    @Test
    void anIntentSurgeTriggerIsTrueOrAnError() {
        String yaml = "enabled: true\ntrigger:\n  intentSurge: %s\nactions:\n  - type: slack\n    team: sales\n    text: \"{account}\"\n";
        var surge = OrchestrationParser.parse("surge", yaml.formatted("true"), SANDBOX);
        assertThat(surge.errors()).isEmpty();
        assertThat(surge.orchestration().trigger().kind()).isEqualTo(TriggerKind.INTENT_SURGE);
        assertThat(OrchestrationParser.parse("surge", yaml.formatted("big"), SANDBOX).errors()).extracting(e -> e.line() + " " + e.field())
                .containsExactly("3 trigger.intentSurge");
    }

    @Test
    void enabledIsTrueOrFalse() {
        var result = OrchestrationParser.parse("maybe", "enabled: yes please\ntrigger:\n  sixQa: started\nactions:\n  - type: slack\n"
                + "    team: sales\n    text: hi\n", SANDBOX);
        assertThat(result.errors()).extracting(e -> e.line() + " " + e.field()).containsExactly("1 enabled");
    }

    @Test
    void notYamlAtAllIsOneErrorWithItsLine() {
        var result = OrchestrationParser.parse("broken", "trigger:\n  stage: [to: Decision\nactions: []\n", SANDBOX);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.reason()).startsWith("not valid YAML");
            assertThat(e.line()).isGreaterThan(1);
        });
    }
}
