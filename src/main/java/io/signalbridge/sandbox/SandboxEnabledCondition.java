package io.signalbridge.sandbox;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The sandbox orgs are off unless asked for: {@code signalbridge.sandbox.enabled=true}, which the {@code sandbox}
 * profile sets (application-sandbox.yaml, which also points the Salesforce and Marketo connectors at them).
 */
public class SandboxEnabledCondition implements Condition {

    static final String ENABLED = "signalbridge.sandbox.enabled";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return context.getEnvironment().getProperty(ENABLED, Boolean.class, false);
    }
}
