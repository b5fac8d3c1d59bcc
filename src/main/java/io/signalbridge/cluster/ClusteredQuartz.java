package io.signalbridge.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzConstants;
import org.apache.camel.spi.ComponentCustomizer;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Quartz scheduler of the routes' {@code quartz:} endpoints, on a clustered JDBC job store in the application's
 * database (tables: V140__quartz_job_store.sql): every node on the database shares the schedules, each fire time is
 * acquired by one node (a row lock on qrtz_locks), a node that stops checking in is detected by the others and the
 * runs it had fired are recovered, and fire times missed while no node ran are handled by each route's
 * misfireInstruction. The scheduler's name, {@value #SCHEDULER_NAME}, is the same on every node (Camel's prefix of
 * the context name is not used); its instance id is generated (AUTO). The Quartz jobs refer to the Camel context by its
 * name ({@code camel.main.name}, the same on every node; routes/*.yaml: {@code usingFixedCamelContextName}), so a job
 * stored by one node runs on any other.
 */
@Configuration(proxyBeanMethods = false)
public class ClusteredQuartz {

    public static final String SCHEDULER_NAME = "signalbridge";

    @Bean
    ComponentCustomizer clusteredQuartzScheduler(DataSource dataSource, ClusterProperties settings) {
        return ComponentCustomizer.forType(QuartzComponent.class, component -> {
            component.setPrefixInstanceName(false);
            component.setSchedulerFactory(new PrivateSchedulerFactory(properties(dataSource, settings.quartz()), component.getCamelContext()));
        });
    }

    /** The job store's settings; the data source is the application's pool, registered with Quartz under a name of its own. */
    static Properties properties(DataSource dataSource, ClusterProperties.Quartz settings) throws SQLException {
        // Quartz finds data sources by name in a JVM-wide registry: one name per application context (tests run several)
        String dataSourceName = "signalbridge-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool is the application's
            }

            @Override
            public void initialize() {
                // nothing to set up
            }
        });
        var properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threadCount()));
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.driverDelegateClass", delegate(dataSource));
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(settings.checkinInterval().toMillis()));
        properties.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
        return properties;
    }

    /** PostgreSQL's delegate (bytea columns) on PostgreSQL, the standard one on anything else (H2). */
    static String delegate(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return "PostgreSQL".equalsIgnoreCase(product) ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                    : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        }
    }

    /**
     * Quartz's factory, but the scheduler it makes is this application context's own: Quartz keeps schedulers by name in
     * a JVM-wide repository, where a second context of the same JVM (the tests) would be handed the first one's.
     */
    static final class PrivateSchedulerFactory implements SchedulerFactory {
        private final Properties properties;
        private final CamelContext camel;
        private Scheduler scheduler;

        PrivateSchedulerFactory(Properties properties, CamelContext camel) {
            this.properties = properties;
            this.camel = camel;
        }

        @Override
        public synchronized Scheduler getScheduler() throws SchedulerException {
            if (scheduler == null || scheduler.isShutdown()) {
                var repository = SchedulerRepository.getInstance();
                synchronized (repository) {
                    var factory = new StdSchedulerFactory(properties);
                    Scheduler other = repository.lookup(SCHEDULER_NAME);
                    if (other != null) {
                        repository.remove(SCHEDULER_NAME);
                    }
                    scheduler = factory.getScheduler();
                    repository.remove(SCHEDULER_NAME);
                    if (other != null) {
                        repository.bind(other);
                    }
                }
                // the jobs name the Camel context by its name (routes: usingFixedCamelContextName), camel-quartz files it
                // under its management name: under both, whatever the management name
                scheduler.getContext().put(QuartzConstants.QUARTZ_CAMEL_CONTEXT + "-" + camel.getName(), camel);
            }
            return scheduler;
        }

        @Override
        public Scheduler getScheduler(String name) throws SchedulerException {
            return SCHEDULER_NAME.equals(name) ? getScheduler() : null;
        }

        @Override
        public Collection<Scheduler> getAllSchedulers() throws SchedulerException {
            return List.of(getScheduler());
        }
    }
}
