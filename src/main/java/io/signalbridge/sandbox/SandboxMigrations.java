package io.signalbridge.sandbox;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;

/**
 * The sandbox orgs' own schema changes. Tables the sandbox had before it became opt-in stay in the product migrations
 * ({@code db/migration} V1, V2, V6, V110 and the {@code sandbox_mkto_*} tables of V70; applied migrations are never
 * edited). Every new sandbox table or column goes to {@value #LOCATION}, which runs only while the sandbox is on,
 * after the product migrations, with a history of its own ({@value #HISTORY}, versions numbered from V1): a database
 * used once with the sandbox still validates when the service later runs without it.
 */
public final class SandboxMigrations {

    public static final String LOCATION = "classpath:db/sandbox";
    public static final String HISTORY = "flyway_sandbox_history";

    private SandboxMigrations() {
    }

    /** Flyway over {@code locations} with the product's data source, schemas and settings, and the sandbox history table. */
    public static Flyway of(Flyway product, String... locations) {
        return Flyway.configure(product.getConfiguration().getClassLoader())
                .configuration(product.getConfiguration())
                .locations(locations)
                .table(HISTORY)
                // the product's tables are already there: the sandbox history starts empty at version 0
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("sandbox migrations start")
                .load();
    }

    /** The product migrations, then the sandbox's. */
    static FlywayMigrationStrategy strategy() {
        return flyway -> {
            flyway.migrate();
            of(flyway, LOCATION).migrate();
        };
    }
}
