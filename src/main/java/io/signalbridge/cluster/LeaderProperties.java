package io.signalbridge.cluster;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * signalbridge.cluster.leader: the one node that runs the singletons (README "Running several nodes").
 *
 * @param enabled whether this process takes part in the election (the ops command line does not)
 * @param lockTtl the leader's lock (table int_lock) not renewed for this long is free: the fail-over time of a dead leader
 * @param routes  the ids of the Camel routes that run on the leader only; they must not start on their own
 *                ({@code autoStartup: false})
 */
@ConfigurationProperties("signalbridge.cluster.leader")
public record LeaderProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("10s") Duration lockTtl,
                               @DefaultValue List<String> routes) {
}
