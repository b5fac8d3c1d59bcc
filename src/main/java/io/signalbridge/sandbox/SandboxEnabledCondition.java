package io.signalbridge.sandbox;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The sandbox orgs are on by default and switch themselves off when real Salesforce credentials are
 * configured ({@code SALESFORCE_LOGIN_URL}, the login URL camel-salesforce uses), or when {@code signalbridge.sandbox.enabled=false}.
 */
public class SandboxEnabledCondition implements Condition {

    static final String REAL_SALESFORCE_LOGIN_URL = "SALESFORCE_LOGIN_URL";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var environment = context.getEnvironment();
        boolean enabled = environment.getProperty("signalbridge.sandbox.enabled", Boolean.class, true);
        return enabled && !StringUtils.hasText(environment.getProperty(REAL_SALESFORCE_LOGIN_URL));
    }
}
