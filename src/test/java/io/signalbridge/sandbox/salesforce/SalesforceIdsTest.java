package io.signalbridge.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SalesforceIdsTest {

    @Test
    void caseSafeSuffixMatchesSalesforcesAlgorithm() {
        // A documented pair: 15-character 001A0000006Vm9r is 001A0000006Vm9rIAC in its 18-character form.
        assertThat(SalesforceIds.to18("001A0000006Vm9r")).isEqualTo("001A0000006Vm9rIAC");
    }

    @Test
    void generatedIdsAreValidUniqueAndCarryTheKeyPrefix() {
        String first = SalesforceIds.of("00Q", 1);
        String second = SalesforceIds.of("00Q", 2);

        assertThat(first).hasSize(18).startsWith("00Q").isNotEqualTo(second);
        assertThat(SalesforceIds.isValid(first)).isTrue();
        assertThat(SalesforceIds.isValid(first.substring(0, 15) + "AAA")).isFalse();
    }
}
