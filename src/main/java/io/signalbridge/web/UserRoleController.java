package io.signalbridge.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.signalbridge.security.AssignedRoles;
import io.signalbridge.security.Role;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Roles assigned by an admin: they replace the roles of the user's identity provider groups from the user's next
 * sign-in (or next bearer JWT) until removed. API tokens keep the roles they were made with.
 */
@RestController
@RequestMapping("/api/users")
public class UserRoleController {

    public record RolesRequest(Set<Role> roles) {
    }

    private final AssignedRoles assigned;

    public UserRoleController(AssignedRoles assigned) {
        this.assigned = assigned;
    }

    @GetMapping("/roles")
    public List<AssignedRoles.Assignment> assignments() {
        return assigned.all();
    }

    @PutMapping("/{name}/roles")
    public AssignedRoles.Assignment assign(@PathVariable String name, @RequestBody RolesRequest request, Authentication who) {
        return assigned.assign(name, request.roles(), who.getName());
    }

    @DeleteMapping("/{name}/roles")
    public ResponseEntity<Void> remove(@PathVariable String name) {
        return assigned.remove(name) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> refused(IllegalArgumentException invalid) {
        return ResponseEntity.unprocessableEntity().body(Map.of("error", invalid.getMessage()));
    }
}
