package io.signalbridge.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/** Active when the sandbox orgs are on: see {@link SandboxEnabledCondition}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Conditional(SandboxEnabledCondition.class)
public @interface ConditionalOnSandbox {
}
