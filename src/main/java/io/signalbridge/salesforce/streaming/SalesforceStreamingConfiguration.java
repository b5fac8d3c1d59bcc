package io.signalbridge.salesforce.streaming;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.cluster.LeaderProperties;
import io.signalbridge.cluster.SingletonRoutes;
import io.signalbridge.mapping.MappingService;
import io.signalbridge.salesforce.SalesforcePull;
import io.signalbridge.salesforce.SalesforceRecordFetch;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Salesforce change events, when {@code signalbridge.salesforce.streaming.enabled} is on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signalbridge.salesforce.streaming.enabled", havingValue = "true")
public class SalesforceStreamingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SalesforceStreamingConfiguration.class);

    @Bean
    Freshness streamingFreshness(Clock clock) {
        return new Freshness(clock);
    }

    @Bean(destroyMethod = "close")
    DebouncedRescoring streamingRescoring(ProducerTemplate camel, StreamingProperties settings, Freshness freshness) {
        return new DebouncedRescoring(camel, settings.rescoreDebounce().toMillis(), freshness);
    }

    @Bean
    ChangeEventSync salesforceChangeEventSync(SalesforceRecordFetch fetch, StreamPositions positions, MappingService mappings,
            DebouncedRescoring rescoring, Freshness freshness, StreamingProperties settings, ObjectMapper json) {
        return new ChangeEventSync(fetch, positions, mappings, rescoring, freshness, settings, json);
    }

    @Bean
    StreamingRoutes salesforceStreamingRoutes(StreamingProperties settings, StreamPositions positions, ChangeEventSync sync,
            SalesforcePull pull, LeaderProperties leader, Clock clock) {
        var replayIds = new StoredReplayIds(positions, settings, clock, channel -> catchUp(pull, settings));
        boolean leaderOnly = leader.routes().contains(StreamingRoutes.ROUTE_ID);
        return new StreamingRoutes(settings, replayIds, sync, leaderOnly);
    }

    /**
     * The leader election may grant the lead before the Camel routes are added (SingletonRoutes then finds no such route):
     * once the service is ready, a leading node starts the subscription it has not started.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> streamingOnTheLeader(CamelContext camel, ObjectProvider<SingletonRoutes> singletons) {
        return event -> {
            SingletonRoutes leader = singletons.getIfAvailable();
            if (leader == null || !leader.leading() || !leader.routeIds().contains(StreamingRoutes.ROUTE_ID)
                    || camel.getRouteController().getRouteStatus(StreamingRoutes.ROUTE_ID) != ServiceStatus.Stopped) {
                return;
            }
            try {
                camel.getRouteController().startRoute(StreamingRoutes.ROUTE_ID);
                log.info("This node leads: the change event subscription starts");
            } catch (Exception e) {
                log.error("The change event subscription did not start: {}", e.getMessage());
            }
        };
    }

    /** The bounded catch-up: each configured pull job once, from its watermarks, in the background. */
    private static void catchUp(SalesforcePull pull, StreamingProperties settings) {
        var thread = new Thread(() -> {
            for (String job : settings.catchUpJobs()) {
                try {
                    pull.run(job, "catch-up");
                } catch (RuntimeException e) {
                    log.warn("Catch-up pull {} failed; its schedule runs it again: {}", job, e.getMessage());
                }
            }
        }, "streaming-catch-up");
        thread.setDaemon(true);
        thread.start();
    }
}
