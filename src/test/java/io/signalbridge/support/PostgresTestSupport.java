package io.signalbridge.support;

import java.sql.DriverManager;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that must run on the real PostgreSQL (127.0.0.1:5432, database test). Each test JVM
 * gets a schema of its own, so parallel builds on one server do not meet, and drops it when it ends.
 * All subclasses share one Spring context (the same properties), so the migrations run once per JVM.
 */
public abstract class PostgresTestSupport {

    public static final String URL = System.getProperty("signalbridge.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("signalbridge.test.postgres.user", "postgres");
    public static final String SCHEMA = "sbtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var connection = DriverManager.getConnection(URL, USER, "");
                 var statement = connection.createStatement()) {
                statement.execute("drop schema if exists " + SCHEMA + " cascade");
            } catch (Exception ignored) {
                // the server may already be gone at JVM exit; a left-over schema is harmless
            }
        }));
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
    }
}
