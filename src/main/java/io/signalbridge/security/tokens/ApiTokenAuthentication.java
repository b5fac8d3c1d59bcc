package io.signalbridge.security.tokens;

import io.signalbridge.security.GroupRoles;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A request authenticated by a personal API token: its user, with the roles the token carries. */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final ApiTokens.ApiToken token;

    public ApiTokenAuthentication(ApiTokens.ApiToken token) {
        super(GroupRoles.authorities(token.roles()));
        this.token = token;
        setAuthenticated(true);
    }

    public ApiTokens.ApiToken token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return token.userName();
    }

    @Override
    public String getName() {
        return token.userName();
    }
}
