package io.signalbridge.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;

/**
 * The candidate this node puts up in the leader election: while it leads, the singleton routes run here; when it
 * loses the lead (its lock could not be renewed, or it stops) they stop here before another node can take over.
 */
public class SingletonRoutes implements Candidate {

    static final String ROLE = "signalbridge-singletons";

    private static final Logger log = LoggerFactory.getLogger(SingletonRoutes.class);

    private final CamelContext camel;
    private final String nodeId;
    private final List<String> routeIds;
    private final AtomicBoolean leading = new AtomicBoolean();

    public SingletonRoutes(CamelContext camel, String nodeId, List<String> routeIds) {
        this.camel = camel;
        this.nodeId = nodeId;
        this.routeIds = List.copyOf(routeIds);
    }

    @Override
    public String getRole() {
        return ROLE;
    }

    @Override
    public String getId() {
        return nodeId;
    }

    @Override
    public void onGranted(Context context) {
        leading.set(true);
        log.info("Node {} leads: the singleton routes {} run here", nodeId, routeIds);
        for (String routeId : routeIds) {
            if (camel.getRoute(routeId) == null) {
                log.error("Singleton route {} (signalbridge.cluster.leader.routes) does not exist", routeId);
                continue;
            }
            try {
                camel.getRouteController().startRoute(routeId);
            } catch (Exception e) {
                // another node may do better: give the lead up (the routes started here stop in onRevoked)
                log.error("Singleton route {} did not start on node {}; the lead is given up: {}", routeId, nodeId, e.getMessage());
                context.yield();
                return;
            }
        }
    }

    @Override
    public void onRevoked(Context context) {
        leading.set(false);
        log.info("Node {} no longer leads: the singleton routes {} stop here", nodeId, routeIds);
        for (String routeId : routeIds) {
            try {
                if (camel.getRoute(routeId) != null && camel.getRouteController().getRouteStatus(routeId) != ServiceStatus.Stopped) {
                    camel.getRouteController().stopRoute(routeId);
                }
            } catch (Exception e) {
                log.warn("Singleton route {} did not stop: {}", routeId, e.getMessage());
            }
        }
    }

    /** Whether this node leads now. */
    public boolean leading() {
        return leading.get();
    }

    public List<String> routeIds() {
        return routeIds;
    }
}
