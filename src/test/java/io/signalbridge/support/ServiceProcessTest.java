package io.signalbridge.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that starts the service as JVMs ({@link ServiceProcesses}): it runs beside the in-process tests
 * (src/test/resources/junit-platform.properties), and one such class at a time, so that no more than one set of service
 * JVMs competes with the build for the machine.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("service-processes")
public @interface ServiceProcessTest {
}
