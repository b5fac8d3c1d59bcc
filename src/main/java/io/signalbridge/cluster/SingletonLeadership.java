package io.signalbridge.cluster;

import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Leader election for what must run on one node at a time (the singletons): Spring Integration's
 * {@link LockRegistryLeaderInitiator} over a {@link JdbcLockRegistry} in the application's database (table int_lock,
 * V143). The leader renews its lock every third of {@code lock-ttl}; a leader that dies stops renewing, and another
 * node takes the lock once it is older than {@code lock-ttl}. Chosen over Camel's {@code master:} component because
 * Camel ships no cluster service on a JDBC database (only files, ZooKeeper, Consul, Kubernetes, Infinispan, JGroups),
 * and over ShedLock, which locks one execution of a scheduled task rather than keeping a long-running consumer (the
 * change-event subscription) on one node.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signalbridge.cluster.leader.enabled", havingValue = "true", matchIfMissing = true)
public class SingletonLeadership {

    static final String REGION = "signalbridge";

    @Bean
    DefaultLockRepository singletonLockRepository(DataSource dataSource, PlatformTransactionManager transactions, LeaderProperties settings) {
        // the lock's owner column holds a UUID: one per process (the node's name is the candidate's id, in the logs)
        var repository = new DefaultLockRepository(dataSource, UUID.randomUUID().toString());
        repository.setRegion(REGION);
        repository.setTimeToLive((int) settings.lockTtl().toMillis());
        repository.setTransactionManager(transactions);
        return repository;
    }

    @Bean
    JdbcLockRegistry singletonLockRegistry(DefaultLockRepository singletonLockRepository) {
        return new JdbcLockRegistry(singletonLockRepository);
    }

    @Bean
    SingletonRoutes singletonRoutes(CamelContext camel, ClusterNode node, LeaderProperties settings) {
        return new SingletonRoutes(camel, node.id(), settings.routes());
    }

    @Bean
    LockRegistryLeaderInitiator singletonLeaderInitiator(JdbcLockRegistry singletonLockRegistry, SingletonRoutes singletonRoutes,
                                                         LeaderProperties settings) {
        return initiator(singletonLockRegistry, singletonRoutes, settings);
    }

    static LockRegistryLeaderInitiator initiator(JdbcLockRegistry registry, SingletonRoutes candidate, LeaderProperties settings) {
        var initiator = new LockRegistryLeaderInitiator(registry, candidate);
        initiator.setHeartBeatMillis(Math.max(100, settings.lockTtl().toMillis() / 3));
        initiator.setBusyWaitMillis(Math.max(50, Math.min(1_000, settings.lockTtl().toMillis() / 10)));
        return initiator;
    }
}
