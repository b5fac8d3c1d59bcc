package io.signalbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** New sandbox tables: their own location and history, so the product schema never depends on the sandbox. */
class SandboxMigrationsTest {

    @Test
    void sandboxMigrationsRunAfterTheProductsInAHistoryOfTheirOwn() throws Exception {
        var dataSource = new DriverManagerDataSource("jdbc:h2:mem:sandbox-migrations-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        var jdbc = new JdbcTemplate(dataSource);
        Flyway product = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
        product.migrate();
        int productMigrations = jdbc.queryForObject("select count(*) from flyway_schema_history", Integer.class);

        SandboxMigrations.of(product, "classpath:db/sandbox-probe").migrate();

        assertThat(jdbc.queryForObject("select count(*) from sandbox_probe", Integer.class)).isZero();
        assertThat(jdbc.queryForList("select version from " + SandboxMigrations.HISTORY + " where success and version is not null order by installed_rank", String.class))
                .as("baseline at 0, then the sandbox's own V1").containsExactly("0", "1");
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history", Integer.class))
                .as("the product history knows nothing of it").isEqualTo(productMigrations);
        // the same database, the service started without the sandbox: the product migrations still validate
        assertThat(Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().validateWithResult().validationSuccessful)
                .isTrue();
        // the sandbox's real location on a fresh database: its V1 marker and its migrations since, in the same history
        var fresh = new DriverManagerDataSource("jdbc:h2:mem:sandbox-migrations-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway freshProduct = Flyway.configure().dataSource(fresh).locations("classpath:db/migration").load();
        freshProduct.migrate();
        List<String> files = sandboxMigrationVersions();
        assertThat(SandboxMigrations.of(freshProduct, SandboxMigrations.LOCATION).migrate().migrationsExecuted).isEqualTo(files.size());
        var expected = new java.util.ArrayList<>(List.of("0"));
        expected.addAll(files);
        assertThat(new JdbcTemplate(fresh).queryForList("select version from " + SandboxMigrations.HISTORY
                + " where success and version is not null order by installed_rank", String.class)).containsExactlyElementsOf(expected);
        assertThat(new JdbcTemplate(fresh).queryForObject("select count(*) from sandbox_query_cursor", Integer.class)).isZero();
    }

    /** The versions of the files in db/sandbox, in the order Flyway applies them. */
    static List<String> sandboxMigrationVersions() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/sandbox"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList();
        }
    }
}
