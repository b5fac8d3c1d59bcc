package io.signalbridge.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests whose clients must know the server's port before it starts: camel-salesforce's login
 * URL points at the in-process sandbox org (http://localhost:${server.port}/sandbox/salesforce). One port
 * per test JVM, so the subclasses share one Spring context.
 */
public abstract class DefinedPortTestSupport {

    public static final int PORT = FreePorts.find();

    @DynamicPropertySource
    static void definedPort(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    protected static String baseUrl() {
        return "http://localhost:" + PORT;
    }
}
