package io.signalbridge.security.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** A console session of a user deactivated by SCIM ends at their next request; other users pass. */
class ScimDeactivatedUserFilterTest {

    final ScimDirectory directory = mock(ScimDirectory.class);
    final DeactivatedUserFilter filter = new DeactivatedUserFilter(directory);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theSessionOfADeactivatedUserIsInvalidatedAndTheRequestRefused() throws Exception {
        when(directory.deactivated("alice@example.com")).thenReturn(true);
        signIn("alice@example.com");
        var session = new MockHttpSession();
        var request = new MockHttpServletRequest("GET", "/api/me");
        request.setSession(session);
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(session.isInvalid()).isTrue();
        assertThat(chain.getRequest()).as("the request goes no further").isNull();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    @Test
    void anActiveOrUnprovisionedUserPasses() throws Exception {
        signIn("bob@example.com");
        var request = new MockHttpServletRequest("GET", "/api/me");
        var session = new MockHttpSession();
        request.setSession(session);
        var chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(session.isInvalid()).isFalse();
    }

    private static void signIn(String name) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority("ROLE_VIEWER"))));
    }
}
