package io.signalbridge.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * signalbridge.cluster: several nodes on one database (README "Running several nodes").
 *
 * @param nodeId             this node's name in job_lease (empty: host, process id and a random suffix)
 * @param leaseTtl           a job lease not renewed for this long is free (renewed every third of it while the run goes on)
 * @param reservationTimeout a run-now lease that no run claimed within this long is given up
 * @param drainTimeout       a node asked to stop (SIGTERM) takes no more fire times and waits this long for its runs to
 *                           finish before its web server and routes stop (Kubernetes' terminationGracePeriodSeconds must
 *                           be longer)
 * @param quartz             the clustered Quartz job store
 */
@ConfigurationProperties("signalbridge.cluster")
public record ClusterProperties(String nodeId,
                                @DefaultValue("30s") Duration leaseTtl,
                                @DefaultValue("2m") Duration reservationTimeout,
                                @DefaultValue("40s") Duration drainTimeout,
                                @DefaultValue Quartz quartz) {

    /**
     * @param checkinInterval  how often each node checks in; a node silent for about this long (plus a margin) is
     *                         taken as dead, and the runs it had fired that asked for recovery are run again elsewhere
     * @param misfireThreshold a fire time missed by more than this is a misfire (each route's misfireInstruction)
     * @param threadCount      the scheduler's worker threads on each node
     */
    public record Quartz(@DefaultValue("7500ms") Duration checkinInterval,
                         @DefaultValue("60s") Duration misfireThreshold,
                         @DefaultValue("10") int threadCount) {
    }
}
