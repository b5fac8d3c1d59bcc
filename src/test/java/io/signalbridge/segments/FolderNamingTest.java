package io.signalbridge.segments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FolderNamingTest {

    @Test
    void theConventionIsTeamFiscalQuarterAndName() {
        assertThat(FolderNaming.check("ABM - FY24 Q2 - Tier 1 Accounts")).isEmpty();
        assertThat(FolderNaming.check("Field Marketing EMEA - FY25 Q4 - Banking/Insurance List")).isEmpty();
        assertThat(FolderNaming.check("ABM - 2024 Q2 - Tier 1")).hasValue("folder 'ABM - 2024 Q2 - Tier 1' does not follow the naming"
                + " convention: expected 'Team Name - FY## Q# - Name of Campaign/Account List', e.g. 'ABM - FY24 Q2 - Tier 1 Accounts'");
        assertThat(FolderNaming.check("ABM - FY24 Q5 - Tier 1")).isPresent();
        assertThat(FolderNaming.check("ABM-FY24 Q2-Tier 1")).isPresent();
        assertThat(FolderNaming.check(" - FY24 Q2 - Tier 1")).isPresent();
        assertThat(FolderNaming.check(null)).hasValueSatisfying(m -> assertThat(m).contains("Team Name - FY## Q#"));
    }

    @Test
    void fifteenCharacterIdsGetTheirChecksum() {
        assertThat(AccountListUpload.to18("001D000000IRFma")).isEqualTo("001D000000IRFmaIAH");
        assertThat(AccountListUpload.to18("001D000000IRFmaiah")).isEqualTo("001D000000IRFmaIAH");
    }
}
