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

    /** A Marketo lead describe as MarketoLeadDescribe gives it: REST names, Marketo integer as int, readOnly not updateable. */
    static final TargetSchema MARKETO_LEAD = (object, field) -> object.equals("Lead") ? Optional.ofNullable(Map.of(
            "accountIntentScore6sense", new TargetField("accountIntentScore6sense", "int", 0, true, List.of()),
            "contactGrade6sense", new TargetField("contactGrade6sense", "string", 18, true, List.of()),
            "sfdcAccountId", new TargetField("sfdcAccountId", "string", 18, false, List.of())).get(field)) : Optional.empty();

    @Test
    void aMarketoLeadMappingTakesAccountAndPersonSourcesAndNamesEachError() {
        var parsed = MappingParser.parse("marketo-lead", """
                system: marketo
                object: Lead
                fields:
                  - source: account.intentScore
                    target: accountIntentScore6sense
                    round: 0
                  - source: person.grade
                    target: contactGrade6sense
                  - source: contact.grade
                    target: contactGrade6sense
                  - source: person.profileFit
                    target: accountintentscore6sense
                  - source: account.profileFit
                    target: sfdcAccountId
                  - source: account.buyingStage
                    target: contactGrade6sense
                    policy: fill-if-blank
                """);
        var errors = MappingValidator.validate(parsed.mapping(), MARKETO_LEAD);

        assertThat(errors).extracting(MappingError::file).containsOnly("marketo-lead.yaml");
        assertThat(errors).noneMatch(e -> e.line() == 4 || e.line() == 7);
        assertThat(errors).anySatisfy(e -> assertThat(e).extracting(MappingError::line, MappingError::field, MappingError::reason)
                .containsExactly(9, "contactGrade6sense", "source contact.grade is a contact score; a Marketo lead takes account.* (its account)"
                        + " and person.* (its Salesforce contact or lead) sources"));
        assertThat(errors).as("Marketo field names are case-sensitive").anySatisfy(e -> assertThat(e).extracting(MappingError::line,
                MappingError::reason).containsExactly(11, "no field accountintentscore6sense on Lead in the Marketo instance's lead describe"));
        assertThat(errors).anySatisfy(e -> assertThat(e).extracting(MappingError::line, MappingError::reason)
                .containsExactly(13, "sfdcAccountId is not updateable"));
        assertThat(errors).as("fill-if-blank is allowed: the push reads the lead's current values back by id")
                .noneMatch(e -> e.reason().contains("fill-if-blank"));
    }

    private static List<MappingError> errors(String yaml) {
        var parsed = MappingParser.parse("salesforce-account", yaml);
        return parsed.errors().isEmpty() ? MappingValidator.validate(parsed.mapping(), ACCOUNT) : parsed.errors();
    }
}
