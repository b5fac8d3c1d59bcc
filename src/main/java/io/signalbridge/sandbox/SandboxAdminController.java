package io.signalbridge.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.signalbridge.sandbox.generator.SandboxSeeder;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Regenerates the sandbox orgs: {@code POST /api/sandbox/reset?seed=42&accounts=2000} (ADMIN). Served with the
 * service's own API, behind its Basic auth, not under /sandbox where the simulated orgs answer.
 */
@RestController
@ConditionalOnSandbox
@RequestMapping("/api/sandbox")
public class SandboxAdminController {

    private final SandboxSeeder seeder;
    private final SandboxProperties properties;

    public SandboxAdminController(SandboxSeeder seeder, SandboxProperties properties) {
        this.seeder = seeder;
        this.properties = properties;
    }

    @PostMapping("/reset")
    public ResponseEntity<Map<String, Object>> reset(@RequestParam(required = false) Long seed,
                                                     @RequestParam(required = false) Integer accounts) {
        long chosenSeed = seed == null ? properties.generator().seed() : seed;
        int chosenAccounts = accounts == null ? properties.generator().accounts() : accounts;
        if (chosenAccounts < 1 || chosenAccounts > 100_000) {
            return ResponseEntity.badRequest().body(Map.of("error", "accounts must be between 1 and 100000"));
        }
        try {
            var summary = seeder.reset(chosenSeed, chosenAccounts);
            var body = new LinkedHashMap<String, Object>();
            body.put("seed", chosenSeed);
            body.put("accounts", chosenAccounts);
            body.put("records", new TreeMap<>(summary.counts()));
            body.put("seconds", summary.elapsed().toMillis() / 1000.0);
            return ResponseEntity.ok(body);
        } catch (IllegalStateException busy) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", busy.getMessage()));
        }
    }
}
