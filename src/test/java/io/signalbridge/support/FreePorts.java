package io.signalbridge.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port for a server that clients must know in advance. Drawn from 20000–60000: the Fetch
 * standard's "bad ports" (1723, 6000, 10080, ...) are refused by undici, and so by jsforce, and all lie below.
 */
public final class FreePorts {

    private FreePorts() {
    }

    public static int find() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            try (var socket = new ServerSocket(port, 1, InetAddress.getByName("localhost"))) {
                socket.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 60000");
    }
}
