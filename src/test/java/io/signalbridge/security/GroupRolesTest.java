package io.signalbridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GroupRolesTest {

    final GroupRoles groupRoles = new GroupRoles(new OidcProperties("okta", "https://example.okta.com", "client", "secret",
            List.of("openid"), "preferred_username", "groups",
            List.of(new OidcProperties.GroupRole("signalbridge-operations", Role.OPERATIONS),
                    new OidcProperties.GroupRole("signalbridge-marketing", Role.MARKETING),
                    new OidcProperties.GroupRole("Signalbridge Leads", Role.MARKETING),
                    new OidcProperties.GroupRole("Signalbridge Leads", Role.SALES)),
            "{baseUrl}/", List.of(), Duration.ofSeconds(10)));

    @Test
    void eachMappedGroupGivesItsRoles() {
        assertThat(groupRoles.rolesOf(List.of("Everyone", "signalbridge-operations", "signalbridge-marketing")))
                .isEqualTo(EnumSet.of(Role.OPERATIONS, Role.MARKETING));
        assertThat(groupRoles.rolesOf(List.of("Signalbridge Leads"))).isEqualTo(EnumSet.of(Role.MARKETING, Role.SALES));
    }

    @Test
    void aUserInNoMappedGroupIsViewOnly() {
        assertThat(groupRoles.rolesOf(List.of("Everyone"))).isEqualTo(EnumSet.of(Role.VIEWER));
        assertThat(groupRoles.rolesOf(List.of())).isEqualTo(EnumSet.of(Role.VIEWER));
        assertThat(groupRoles.rolesOf(List.of("SIGNALBRIDGE-OPERATIONS"))).as("group names as written").isEqualTo(EnumSet.of(Role.VIEWER));
    }

    @Test
    void theGroupsClaimIsAListOrOneString() {
        assertThat(groupRoles.authorities(Map.of("groups", List.of("signalbridge-operations")))).extracting(Object::toString)
                .containsExactly("ROLE_OPERATIONS");
        assertThat(groupRoles.authorities(Map.of("groups", "signalbridge-marketing"))).extracting(Object::toString)
                .containsExactly("ROLE_MARKETING");
        assertThat(groupRoles.authorities(Map.of("sub", "someone"))).extracting(Object::toString).containsExactly("ROLE_VIEWER");
    }
}
