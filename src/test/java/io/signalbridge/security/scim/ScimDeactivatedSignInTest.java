package io.signalbridge.security.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.signalbridge.security.AssignedRoles;
import io.signalbridge.security.signin.GroupRoleOidcUserService;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;

/** The console's OpenID sign-in refuses a user deactivated by SCIM; others sign in with their roles. */
class ScimDeactivatedSignInTest {

    final AssignedRoles roles = mock(AssignedRoles.class);
    final GroupRoleOidcUserService service = new GroupRoleOidcUserService(roles, "preferred_username", "carol@example.com"::equals);

    @Test
    void aDeactivatedUserCannotSignIn() {
        assertThatThrownBy(() -> service.loadUser(request("carol@example.com"))).isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("deactivated");
    }

    @Test
    void anActiveUserSignsInWithTheirRoles() {
        when(roles.authorities(eq("dave@example.com"), any())).thenReturn(List.<GrantedAuthority>of(new SimpleGrantedAuthority("ROLE_VIEWER")));
        var user = service.loadUser(request("dave@example.com"));
        assertThat(user.getName()).isEqualTo("dave@example.com");
        assertThat(user.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");
    }

    private static OidcUserRequest request(String userName) {
        var registration = ClientRegistration.withRegistrationId("okta").clientId("c").clientSecret("s")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri("{baseUrl}/login/oauth2/code/okta")
                .authorizationUri("https://idp.example.com/authorize").tokenUri("https://idp.example.com/token")
                .scope("openid").userNameAttributeName("sub").build();
        Instant now = Instant.now();
        var idToken = new OidcIdToken("id-token", now, now.plusSeconds(300),
                Map.of("sub", "00u1", "iss", "https://idp.example.com", "aud", List.of("c"), "preferred_username", userName));
        var accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access", now, now.plusSeconds(300));
        return new OidcUserRequest(registration, accessToken, idToken);
    }
}
