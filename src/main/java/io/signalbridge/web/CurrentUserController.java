package io.signalbridge.web;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is calling and with which roles: the console shows only the actions the user may take. */
@RestController
public class CurrentUserController {

    private static final String ROLE_PREFIX = "ROLE_";

    public record CurrentUser(String name, List<String> roles) {
    }

    @GetMapping("/api/me")
    public CurrentUser me(Authentication who) {
        return new CurrentUser(who.getName(), who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(ROLE_PREFIX)).map(authority -> authority.substring(ROLE_PREFIX.length()))
                .sorted().toList());
    }
}
