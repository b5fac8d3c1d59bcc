package io.signalbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.signalbridge.mapping.TargetSchema.TargetField;

import org.junit.jupiter.api.Test;

class MappingValidationTest {

    /** A describe of Account with the kinds of fields the checks care about. */
    static final TargetSchema ACCOUNT = (object, field) -> object.equals("Account") ? Optional.ofNullable(Map.of(
            "accountintentscore6sense__c", new TargetField("accountIntentScore6sense__c", "double", 0, true, List.of()),
            "accountprofilefit6sense__c", new TargetField("accountProfileFit6sense__c", "string", 18, true, List.of()),
            "accountbuyingstage6sense__c", new TargetField("accountBuyingStage6sense__c", "string", 30, true, List.of()),
            "account6qastartdate6sense__c", new TargetField("account6QAStartDate6sense__c", "date", 0, true, List.of()),
            "industry", new TargetField("Industry", "picklist", 255, true, List.of("Banking", "Technology")),
            "shortcode__c", new TargetField("ShortCode__c", "string", 2, true, List.of()),
            "systemmodstamp", new TargetField("SystemModstamp", "datetime", 0, false, List.of())).get(field.toLowerCase())) : Optional.empty();

    @Test
    void aValidMappingHasNoErrors() {
        assertThat(errors("""
                system: salesforce
                object: Account
                fields:
                  - source: account.intentScore
                    target: accountIntentScore6sense__c
                    round: 0
                  - source: account.profileFit
                    target: accountProfileFit6sense__c
                    policy: fill-if-blank
                  - source: account.sixQa.startDate
                    target: account6QAStartDate6sense__c
                """)).isEmpty();
    }

    @Test
    void eachErrorNamesTheFileLineFieldAndReason() {
        List<MappingError> errors = errors("""
                system: salesforce
                object: Account
                fields:
                  - source: account.intentScore
                    target: accountIntentScore6sense__c
                  - source: account.nope
                    target: accountBuyingStage6sense__c
                  - source: account.buyingStage
                    target: Missing__c
                  - source: account.updatedAt
                    target: SystemModstamp
                  - source: account.profileFit
                    target: Industry
                  - source: account.buyingStage
                    target: ShortCode__c
                  - source: account.sixQa.startDate
                    target: accountIntentScore6sense__c
                """);

        assertThat(errors).extracting(MappingError::file).containsOnly("salesforce-account.yaml");
        assertThat(errors).anySatisfy(e -> assertThat(e).extracting(MappingError::line, MappingError::field)
                .containsExactly(6, "accountBuyingStage6sense__c"));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).startsWith("unknown source 'account.nope'"));
        assertThat(errors).anySatisfy(e -> assertThat(e.line()).isEqualTo(8));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).isEqualTo("no field Missing__c on Account in the org's describe"));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).isEqualTo("SystemModstamp is not updateable"));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).startsWith("'Strong' is not a picklist value of Industry"));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).startsWith("'Target' is longer than ShortCode__c (length 2)"));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).contains("is mapped twice"));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).contains("cannot be written to accountIntentScore6sense__c (double)"));
    }

    @Test
    void aValueMapOrTruncationMakesAShortFieldFit() {
        assertThat(errors("""
                object: Account
                fields:
                  - source: account.buyingStage
                    target: ShortCode__c
                    valueMap: {Target: T, Awareness: A, Consideration: C, Decision: D, Purchase: P}
                  - source: account.profileFit
                    target: Industry
                    valueMap: {Strong: Technology, Moderate: Technology, Weak: Banking}
                """)).isEmpty();
    }

    @Test
    void badYamlAndUnknownKeysAreReportedWithTheirLine() {
        assertThat(errors("object: Account\nfields:\n  - source: [unclosed\n")).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("not valid YAML"));
        assertThat(errors("""
                object: Account
                fields:
                  - source: account.intentScore
                    target: accountIntentScore6sense__c
                    rounding: 2
                """)).singleElement().satisfies(e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.reason()).startsWith("unknown key 'rounding'");
                });
    }

    private static List<MappingError> errors(String yaml) {
        var parsed = MappingParser.parse("salesforce-account", yaml);
        return parsed.errors().isEmpty() ? MappingValidator.validate(parsed.mapping(), ACCOUNT) : parsed.errors();
    }
}
