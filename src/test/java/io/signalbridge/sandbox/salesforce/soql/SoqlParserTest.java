package io.signalbridge.sandbox.salesforce.soql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.sandbox.salesforce.SalesforceApiException;
import io.signalbridge.sandbox.salesforce.SalesforceSchema;

import org.junit.jupiter.api.Test;

class SoqlParserTest {

    private static final SalesforceSchema SCHEMA = SalesforceSchema.loadDefault();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-15T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void parsesFieldsObjectOrderLimitAndOffsetCaseInsensitively() {
        SoqlQuery query = parse("select id, NAME, accountintentscore6sense__c from ACCOUNT order by Name desc nulls last, Id limit 10 offset 5");

        assertThat(query.object().name()).isEqualTo("Account");
        assertThat(query.fields()).extracting(FieldRef::name).containsExactly("Id", "Name", "accountIntentScore6sense__c");
        assertThat(query.orderBy()).hasSize(2);
        assertThat(query.orderBy().get(0).descending()).isTrue();
        assertThat(query.orderBy().get(0).nullsFirst()).isFalse();
        assertThat(query.orderBy().get(1).descending()).isFalse();
        assertThat(query.limit()).isEqualTo(10);
        assertThat(query.offset()).isEqualTo(5);
        assertThat(query.count()).isFalse();
    }

    @Test
    void countHasNoFields() {
        SoqlQuery query = parse("SELECT COUNT() FROM Contact WHERE Email != null");

        assertThat(query.count()).isTrue();
        assertThat(query.fields()).isEmpty();
    }

    @Test
    void andBindsTighterThanOr() {
        Condition where = parse("SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' AND Industry = 'Banking'").where();

        assertThat(where).isInstanceOf(Condition.Or.class);
        assertThat(where.test(account("a", "Retail"))).isTrue();
        assertThat(where.test(account("b", "Retail"))).isFalse();
        assertThat(where.test(account("b", "Banking"))).isTrue();
    }

    @Test
    void parenthesesOverridePrecedence() {
        Condition where = parse("SELECT Id FROM Account WHERE (Name = 'a' OR Name = 'b') AND Industry = 'Banking'").where();

        assertThat(where).isInstanceOf(Condition.And.class);
        assertThat(where.test(account("a", "Retail"))).isFalse();
        assertThat(where.test(account("a", "Banking"))).isTrue();
    }

    @Test
    void notNegatesTheConditionThatFollows() {
        Condition where = parse("SELECT Id FROM Account WHERE NOT (Industry = 'Banking' OR Industry = 'Retail')").where();

        assertThat(where.test(account("a", "Banking"))).isFalse();
        assertThat(where.test(account("a", "Energy"))).isTrue();
    }

    @Test
    void stringEqualityIgnoresCaseAndNotEqualsMatchesNull() {
        assertThat(parse("SELECT Id FROM Account WHERE Name = 'ACME'").where().test(account("Acme", null))).isTrue();
        Condition notBanking = parse("SELECT Id FROM Account WHERE Industry != 'Banking'").where();
        assertThat(notBanking.test(account("a", null))).isTrue();
        assertThat(notBanking.test(account("a", "banking"))).isFalse();
        assertThat(parse("SELECT Id FROM Account WHERE Industry = null").where().test(account("a", null))).isTrue();
    }

    @Test
    void inAndNotIn() {
        Condition in = parse("SELECT Id FROM Account WHERE Industry IN ('Banking', 'Retail')").where();
        Condition notIn = parse("SELECT Id FROM Account WHERE Industry NOT IN ('Banking', 'Retail')").where();

        assertThat(in.test(account("a", "retail"))).isTrue();
        assertThat(in.test(account("a", "Energy"))).isFalse();
        assertThat(notIn.test(account("a", "Energy"))).isTrue();
        assertThat(notIn.test(account("a", "Banking"))).isFalse();
    }

    @Test
    void likeUsesPercentAndUnderscoreCaseInsensitively() {
        Condition like = parse("SELECT Id FROM Account WHERE Name LIKE 'ac_e%'").where();

        assertThat(like.test(account("ACME Corp", null))).isTrue();
        assertThat(like.test(account("Acne", null))).isTrue();
        assertThat(like.test(account("Ace", null))).isFalse();
        assertThat(like.test(account(null, null))).isFalse();
        assertThat(parse("SELECT Id FROM Account WHERE Name LIKE '100\\%'").where().test(account("100%", null))).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE Name LIKE 'it\\'s%'").where().test(account("It's here", null))).isTrue();
    }

    @Test
    void numbersCompareNumerically() {
        Condition where = parse("SELECT Id FROM Account WHERE accountIntentScore6sense__c >= 70.5 AND NumberOfEmployees < 1000").where();
        var fields = account("a", null);
        fields.put("accountIntentScore6sense__c", 80.0);
        fields.put("NumberOfEmployees", 999);

        assertThat(where.test(fields)).isTrue();
        fields.put("accountIntentScore6sense__c", 9.0);
        assertThat(where.test(fields)).isFalse();
    }

    @Test
    void datetimeLiteralsInAnyOffsetCompareAsInstants() {
        var fields = account("a", null);
        fields.put("SystemModstamp", "2025-01-01T10:00:00.000+0000");

        assertThat(parse("SELECT Id FROM Account WHERE SystemModstamp >= 2025-01-01T10:00:00Z").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE SystemModstamp > 2025-01-01T10:00:00.000+0000").where().test(fields)).isFalse();
        assertThat(parse("SELECT Id FROM Account WHERE SystemModstamp = 2025-01-01T11:00:00+01:00").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE SystemModstamp < 2025-01-01T10:00:01Z").where().test(fields)).isTrue();
    }

    @Test
    void dateFieldsTakeDateLiteralsAndDatetimeFieldsDatetimeLiterals() {
        var fields = account("a", null);
        fields.put("account6QAStartDate6sense__c", "2025-03-14");

        assertThat(parse("SELECT Id FROM Account WHERE account6QAStartDate6sense__c > 2025-03-13").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE account6QAStartDate6sense__c = YESTERDAY").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE account6QAStartDate6sense__c < TODAY").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE account6QAStartDate6sense__c = LAST_N_DAYS:3").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE account6QAStartDate6sense__c > LAST_N_DAYS:3").where().test(fields)).isFalse();

        assertThatThrownBy(() -> parse("SELECT Id FROM Account WHERE account6QAStartDate6sense__c > 2025-03-13T00:00:00Z"))
                .satisfies(e -> assertThat(((SalesforceApiException) e).errorCode()).isEqualTo("INVALID_FIELD"))
                .hasMessageContaining("must be of type date");
        assertThatThrownBy(() -> parse("SELECT Id FROM Account WHERE SystemModstamp > 2025-03-13"))
                .hasMessageContaining("must be of type dateTime");
    }

    @Test
    void datetimeFieldsTakeDateFunctionsAsUtcDayRanges() {
        var fields = account("a", null);
        fields.put("CreatedDate", "2025-03-15T00:30:00.000+0000");

        assertThat(parse("SELECT Id FROM Account WHERE CreatedDate = TODAY").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE CreatedDate > YESTERDAY").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE CreatedDate < TODAY").where().test(fields)).isFalse();
    }

    @Test
    void booleansAndQuotedValuesAreTypeChecked() {
        var fields = account("a", null);
        fields.put("account6QA6sense__c", true);

        assertThat(parse("SELECT Id FROM Account WHERE account6QA6sense__c = TRUE").where().test(fields)).isTrue();
        assertThatThrownBy(() -> parse("SELECT Id FROM Account WHERE Name = 5")).hasMessageContaining("must be of type string and should be enclosed in quotes");
        assertThatThrownBy(() -> parse("SELECT Id FROM Account WHERE NumberOfEmployees = '5'")).hasMessageContaining("should not be enclosed in quotes");
    }

    @Test
    void fifteenCharacterIdsMatchTheirEighteenCharacterForm() {
        var fields = account("a", null);
        fields.put("Id", "001A0000006Vm9rIAC");

        assertThat(parse("SELECT Id FROM Account WHERE Id = '001A0000006Vm9r'").where().test(fields)).isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE Id IN ('001A0000006Vm9rIAC')").where().test(fields)).isTrue();
    }

    @Test
    void syntaxErrorsAreMalformedQueryWithTheOffendingToken() {
        assertThatThrownBy(() -> parse("SELECT Id FORM Account"))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
                    assertThat(e.getMessage()).contains("unexpected token: 'FORM'").contains("ERROR at Row:1:Column:11");
                });
        assertThatThrownBy(() -> parse("SELECT FROM Account")).hasMessageContaining("unexpected token: 'FROM'");
        assertThatThrownBy(() -> parse("SELECT Id FROM Account WHERE Name = 'open")).hasMessageContaining("expecting '''");
        assertThatThrownBy(() -> parse("SELECT Id FROM Account WHERE (Name = 'a'")).hasMessageContaining("unexpected token: '<EOF>'");
        assertThatThrownBy(() -> parse("SELECT Id FROM Account LIMIT 5 extra")).hasMessageContaining("unexpected token: 'extra'");
    }

    @Test
    void unknownFieldsAndObjectsAreNamedInSalesforcesWords() {
        assertThatThrownBy(() -> parse("SELECT Id, Foo FROM Account"))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
                    assertThat(e.getMessage()).contains("No such column 'Foo' on entity 'Account'. If you are attempting to use a custom field,"
                            + " be sure to append the '__c' after the custom field name.");
                });
        assertThatThrownBy(() -> parse("SELECT Id FROM Foo"))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("INVALID_TYPE");
                    assertThat(e.getMessage()).contains("sObject type 'Foo' is not supported.");
                });
        assertThatThrownBy(() -> parse("SELECT Account.Name FROM Contact"))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> assertThat(e.errorCode()).isEqualTo("INVALID_FIELD"));
    }

    @Test
    void fieldsMayBeQualifiedByTheObjectOrItsAlias() {
        assertThat(parse("SELECT a.Name, Account.Id FROM Account a WHERE a.Name != null").fields())
                .extracting(FieldRef::name).containsExactly("Name", "Id");
    }

    @Test
    void offsetAboveTwoThousandIsRefused() {
        assertThatThrownBy(() -> parse("SELECT Id FROM Account LIMIT 10 OFFSET 2001"))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> assertThat(e.errorCode()).isEqualTo("NUMBER_OUTSIDE_VALID_RANGE"));
    }

    @Test
    void modstampLowerBoundIsTakenFromTopLevelConjunctsOnly() {
        assertThat(SoqlExecutor.modstampLowerBound(parse(
                "SELECT Id FROM Account WHERE SystemModstamp >= 2025-01-01T00:00:00Z AND Name != null ORDER BY SystemModstamp, Id").where()))
                .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(SoqlExecutor.modstampLowerBound(parse(
                "SELECT Id FROM Account WHERE SystemModstamp >= 2025-01-01T00:00:00Z OR Name != null").where())).isNull();
        assertThat(SoqlExecutor.inScanOrder(parse("SELECT Id FROM Account ORDER BY SystemModstamp ASC, Id").orderBy())).isTrue();
        assertThat(SoqlExecutor.inScanOrder(parse("SELECT Id FROM Account ORDER BY SystemModstamp DESC").orderBy())).isFalse();
    }

    private static SoqlQuery parse(String soql) {
        return SoqlParser.parse(soql, SCHEMA, CLOCK);
    }

    private static ObjectNode account(String name, String industry) {
        var fields = JsonNodeFactory.instance.objectNode();
        fields.put("Name", name);
        fields.put("Industry", industry);
        return fields;
    }
}
