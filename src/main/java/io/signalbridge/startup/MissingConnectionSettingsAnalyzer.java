package io.signalbridge.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link MissingConnectionSettingsException} into Spring Boot's "APPLICATION FAILED TO START" report. */
public class MissingConnectionSettingsAnalyzer extends AbstractFailureAnalyzer<MissingConnectionSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingConnectionSettingsException cause) {
        String action = cause.overridden().isEmpty() ? ACTION : ACTION_OVERRIDDEN;
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }

    static final String ACTION = """
            Either run against real orgs: set the missing variables in the environment (README "Configuration", \
            docs/runbooks/configuration.md), e.g. SALESFORCE_LOGIN_URL=https://login.salesforce.com; \
            or run against the in-process simulated orgs with their well-known demo credentials: start with the \
            `sandbox` profile (--spring.profiles.active=sandbox, or SPRING_PROFILES_ACTIVE=sandbox).""";

    static final String ACTION_OVERRIDDEN = """
            Choose one: for real orgs, drop the `sandbox` profile (SPRING_PROFILES_ACTIVE without `sandbox`; in docker, \
            SPRING_PROFILES_ACTIVE=postgres in docker/.env); for the sandbox orgs, unset SALESFORCE_LOGIN_URL and \
            MARKETO_BASE_URL (docs/runbooks/configuration.md).""";
}
