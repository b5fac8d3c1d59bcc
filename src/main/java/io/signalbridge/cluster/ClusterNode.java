package io.signalbridge.cluster;

import java.net.InetAddress;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** This node's name among the nodes on the database: the owner of its job leases. */
@Component
public class ClusterNode {

    private final String id;

    public ClusterNode(ClusterProperties settings) {
        this.id = settings.nodeId() != null && !settings.nodeId().isBlank() ? settings.nodeId() : generated();
    }

    public String id() {
        return id;
    }

    /** host, process id and a random suffix (two application contexts of one JVM, as in the tests, are two nodes). */
    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        String id = host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return id.length() > 128 ? id.substring(id.length() - 128) : id;
    }
}
