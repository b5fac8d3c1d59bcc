package io.signalbridge.security.signin;

import java.util.function.Predicate;

import io.signalbridge.security.AssignedRoles;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The signed-in user with the roles of their groups (the groups claim of the ID token, or of the user info when the
 * provider sends it there), or the roles an admin assigned them ({@link AssignedRoles}). Named by the configured
 * user-name claim, or {@code sub} without one.
 */
public final class GroupRoleOidcUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final AssignedRoles roles;
    private final java.util.function.Consumer<String> signedIn;
    private final String userNameClaim;
    private final Predicate<String> deactivated;

    public GroupRoleOidcUserService(AssignedRoles roles, String userNameClaim) {
        this(roles, userNameClaim, name -> false);
    }

    /** @param deactivated whether a user was deactivated by SCIM provisioning: their sign-in is refused */
    public GroupRoleOidcUserService(AssignedRoles roles, String userNameClaim, Predicate<String> deactivated) {
        this(roles, userNameClaim, deactivated, name -> { });
    }

    /** @param signedIn told of every sign-in that succeeds (the seat audit's last sign-in) */
    public GroupRoleOidcUserService(AssignedRoles roles, String userNameClaim, Predicate<String> deactivated,
                                    java.util.function.Consumer<String> signedIn) {
        this.signedIn = signedIn;
        this.roles = roles;
        this.userNameClaim = userNameClaim;
        this.deactivated = deactivated;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        String nameKey = user.getClaims().get(userNameClaim) != null ? userNameClaim : "sub";
        String name = String.valueOf(user.getClaims().get(nameKey));
        if (deactivated.test(name)) {
            throw new OAuth2AuthenticationException(new OAuth2Error("access_denied", "the user " + name + " is deactivated", null));
        }
        var signedInUser = new DefaultOidcUser(roles.authorities(name, user.getClaims()), user.getIdToken(), user.getUserInfo(), nameKey);
        signedIn.accept(name);
        return signedInUser;
    }
}
