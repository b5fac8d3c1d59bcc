package io.signalbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.signalbridge.support.PostgresTestSupport;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 19, singletons: two nodes (each its own Camel context, lock repository and leader initiator, as
 * {@link SingletonLeadership} wires them) on one PostgreSQL schema, each with the singleton route {@code singleton-probe}
 * (a timer counting its ticks, {@code autoStartup} false). Exactly one node runs it. When the leader loses the database
 * (a node cut off, or dead: it renews nothing more) it stops the route, and the other node takes over once the lock is
 * older than its TTL; at no moment do both run it. A leader that stops gracefully hands over at once.
 */
class SingletonLeadershipOnPostgresTest {

    static final Duration LOCK_TTL = Duration.ofSeconds(2);

    final String schema = "sblead_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final List<Node> nodes = new ArrayList<>();

    @BeforeEach
    void migrate() {
        var dataSource = new DriverManagerDataSource(PostgresTestSupport.URL + "?currentSchema=" + schema, PostgresTestSupport.USER, "");
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).locations("classpath:db/migration").load().migrate();
    }

    @AfterEach
    void stopAndDrop() throws Exception {
        for (Node node : nodes) {
            node.stop();
        }
        try (var connection = DriverManager.getConnection(PostgresTestSupport.URL, PostgresTestSupport.USER, "");
             var statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }

    /** A node: its own connections (which the test can cut), Camel context, candidate and initiator. */
    final class Node {
        final String name;
        final AtomicBoolean cut = new AtomicBoolean();
        final AtomicLong ticks = new AtomicLong();
        final CamelContext camel = new DefaultCamelContext();
        final SingletonRoutes candidate;
        final LockRegistryLeaderInitiator initiator;

        Node(String name) throws Exception {
            this.name = name;
            var dataSource = new DelegatingDataSource(new DriverManagerDataSource(PostgresTestSupport.URL + "?currentSchema=" + schema,
                    PostgresTestSupport.USER, "")) {
                @Override
                public Connection getConnection() throws SQLException {
                    if (cut.get()) {
                        throw new SQLException("node " + Node.this.name + " is cut off from the database");
                    }
                    return super.getConnection();
                }
            };
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:probe?period=50").routeId("singleton-probe").autoStartup(false).process(exchange -> ticks.incrementAndGet());
                }
            });
            camel.start();
            var settings = new LeaderProperties(true, LOCK_TTL, List.of("singleton-probe"));
            var repository = new SingletonLeadership().singletonLockRepository(dataSource, new DataSourceTransactionManager(dataSource), settings);
            repository.afterPropertiesSet();
            repository.afterSingletonsInstantiated();
            repository.start();
            candidate = new SingletonRoutes(camel, name, settings.routes());
            initiator = SingletonLeadership.initiator(new JdbcLockRegistry(repository), candidate, settings);
            initiator.start();
        }

        boolean runsTheRoute() {
            return camel.getRouteController().getRouteStatus("singleton-probe") == ServiceStatus.Started;
        }

        void stop() {
            initiator.stop();
            camel.stop();
        }
    }

    @Test
    void oneNodeRunsTheSingletonsAndTheOtherTakesOverWithinTheLockTtl() throws Exception {
        Node first = new Node("node-1");
        nodes.add(first);
        Node second = new Node("node-2");
        nodes.add(second);

        Awaitility.await("a leader").atMost(Duration.ofSeconds(10)).until(() -> first.runsTheRoute() || second.runsTheRoute());
        Node leader = first.runsTheRoute() ? first : second;
        Node other = leader == first ? second : first;
        Thread.sleep(LOCK_TTL.toMillis() * 2);
        assertThat(leader.runsTheRoute()).as("still leading after twice the lock's TTL (renewed)").isTrue();
        assertThat(other.runsTheRoute()).isFalse();
        assertThat(other.ticks.get()).isZero();
        assertThat(leader.candidate.leading()).isTrue();

        // the leader loses the database: it stops the route; the other takes the lock once it has expired
        leader.cut.set(true);
        long cutAt = System.nanoTime();
        var both = new AtomicBoolean();
        Awaitility.await("the other node leads").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            both.compareAndSet(false, leader.runsTheRoute() && other.runsTheRoute());
            return other.runsTheRoute();
        });
        Duration failover = Duration.ofNanos(System.nanoTime() - cutAt);
        System.out.printf("fail-over of the singleton routes after %.1f s (lock TTL %d s)%n", failover.toMillis() / 1e3, LOCK_TTL.toSeconds());
        assertThat(both.get()).as("never both at once").isFalse();
        assertThat(leader.runsTheRoute()).isFalse();
        // the lock was renewed at most a heartbeat (a third of the TTL) before the cut: it expires no sooner than that
        assertThat(failover).as("waited for the lock to expire").isGreaterThanOrEqualTo(LOCK_TTL.minus(LOCK_TTL.dividedBy(3)).minusMillis(200))
                .isLessThan(LOCK_TTL.multipliedBy(5));
        long ticks = other.ticks.get();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> other.ticks.get() > ticks);

        // back on the database it stays a follower; the new leader stopping gracefully hands over at once
        leader.cut.set(false);
        Thread.sleep(LOCK_TTL.toMillis());
        assertThat(leader.runsTheRoute()).isFalse();
        long stoppedAt = System.nanoTime();
        other.stop();
        Awaitility.await("handed over").atMost(Duration.ofSeconds(10)).until(leader::runsTheRoute);
        System.out.printf("hand-over on a graceful stop after %.1f s%n", (System.nanoTime() - stoppedAt) / 1e9);
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(LOCK_TTL);
    }
}
