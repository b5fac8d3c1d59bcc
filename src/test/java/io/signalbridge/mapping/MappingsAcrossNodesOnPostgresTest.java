package io.signalbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.signalbridge.support.PostgresTestSupport;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 19, field mappings on several nodes: two nodes (two {@link MappingService}, each with a mappings directory of
 * its own, as pods have) on one PostgreSQL schema. An edit through one node's API becomes the other's active version
 * at its next reload; the other node's file, still holding the version it was started with, does not undo it, not
 * even after a restart from the image; a file changed by a deployment still becomes the next version, on every node.
 */
class MappingsAcrossNodesOnPostgresTest {

    static final String NAME = "salesforce-account";
    static final String SHIPPED = """
            system: salesforce
            object: Account
            fields:
              - source: account.intentScore
                target: accountIntentScore6sense__c
            """;
    static final String EDITED = SHIPPED + """
              - source: account.buyingStage
                target: accountBuyingStage6sense__c
            """;
    static final String DEPLOYED = SHIPPED + """
              - source: account.profileFit
                target: accountProfileFit6sense__c
            """;

    final String schema = "sbmap_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    JdbcTemplate jdbc;
    MappingVersions versions;
    @TempDir
    Path disks;

    @BeforeEach
    void migrate() {
        var dataSource = new DriverManagerDataSource(PostgresTestSupport.URL + "?currentSchema=" + schema, PostgresTestSupport.USER, "");
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        versions = new MappingVersions(jdbc);
    }

    @AfterEach
    void drop() throws Exception {
        try (var connection = DriverManager.getConnection(PostgresTestSupport.URL, PostgresTestSupport.USER, "");
             var statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }

    /** A node started from the image: its own mappings directory holding the shipped file. */
    private MappingService node(String name) throws Exception {
        Path directory = Files.createDirectories(disks.resolve(name));
        if (!Files.exists(directory.resolve(NAME + ".yaml"))) {
            Files.writeString(directory.resolve(NAME + ".yaml"), SHIPPED);
        }
        return new MappingService(new MappingProperties(directory, true, Duration.ofSeconds(10)), versions,
                List.of(MappingValidationTest.ACCOUNT), Clock.systemUTC());
    }

    private int activeVersion(MappingService node) {
        return node.active(NAME).orElseThrow().version();
    }

    @Test
    void anEditOnOneNodeIsFollowedByTheOtherAndNotUndoneByItsFile() throws Exception {
        MappingService first = node("first");
        MappingService second = node("second");
        first.reloadFiles();
        second.reloadFiles();
        assertThat(versions.all(NAME)).as("the shipped file, read by both nodes: one version").hasSize(1);

        assertThat(first.update(NAME, EDITED, "ops", "api").valid()).isTrue();
        assertThat(activeVersion(first)).isEqualTo(2);
        second.reloadFiles();
        assertThat(activeVersion(second)).as("followed at the other node's next reload").isEqualTo(2);
        assertThat(second.active(NAME).orElseThrow().content()).isEqualTo(EDITED);
        assertThat(Files.readString(disks.resolve("second").resolve(NAME + ".yaml"))).as("and written to its file").isEqualTo(EDITED);

        // the second node restarted from its image: its disk holds the shipped file again
        Files.writeString(disks.resolve("second").resolve(NAME + ".yaml"), SHIPPED);
        MappingService restarted = node("second");
        restarted.reloadFiles();
        first.reloadFiles();
        assertThat(versions.all(NAME)).as("the stale file is no edit").hasSize(2);
        assertThat(activeVersion(restarted)).isEqualTo(2);
        assertThat(activeVersion(first)).isEqualTo(2);

        // a deployment changes the file (a ConfigMap): the next version, on every node
        Files.writeString(disks.resolve("second").resolve(NAME + ".yaml"), DEPLOYED);
        restarted.reloadFiles();
        assertThat(activeVersion(restarted)).isEqualTo(3);
        first.reloadFiles();
        first.reloadFiles();
        assertThat(activeVersion(first)).isEqualTo(3);
        assertThat(first.active(NAME).orElseThrow().content()).isEqualTo(DEPLOYED);
        assertThat(versions.all(NAME)).as("the first node's file, written by its own edit, is no edit either").hasSize(3);
    }

    @Test
    void onOneNodeAFileChangedAfterAnApiEditIsAnEditEvenBackToTheShippedContent() throws Exception {
        MappingService only = node("only");
        only.reloadFiles();
        only.update(NAME, EDITED, "ops", "api");
        only.reloadFiles();
        assertThat(versions.all(NAME)).hasSize(2);

        Files.writeString(disks.resolve("only").resolve(NAME + ".yaml"), SHIPPED);
        only.reloadFiles();
        assertThat(activeVersion(only)).as("ops put the shipped file back on purpose").isEqualTo(3);
        assertThat(only.active(NAME).orElseThrow().content()).isEqualTo(SHIPPED);
    }
}
