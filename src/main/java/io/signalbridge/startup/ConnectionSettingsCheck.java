package io.signalbridge.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Refuses to start a service that has no Salesforce org or Marketo instance to talk to. The connectors' settings
 * come from the environment (application.yaml: {@code SALESFORCE_*}, {@code MARKETO_*}) or from the {@code sandbox}
 * profile, which points them at the in-process sandbox orgs; nothing defaults to the sandbox any more. Every missing
 * setting is named in one message ({@link MissingConnectionSettingsException}, reported by
 * {@link MissingConnectionSettingsAnalyzer}). Checked before any bean is created: no database, route or web server is
 * touched by a start that is refused.
 *
 * <p>Salesforce needs what camel-salesforce's login needs ({@code SalesforceLoginConfig.validate}): the login URL and
 * client id, and one way to log in, chosen as camel-salesforce chooses it (an explicit
 * {@code camel.component.salesforce.authentication-type}, else a password, a refresh token, a JWT keystore, then the
 * client secret alone): user name, password and client secret; refresh token and client secret; user name and
 * keystore (JWT bearer); or client secret (client credentials). Marketo needs its base URL, client id and secret.
 *
 * <p>It also refuses a {@code SALESFORCE_LOGIN_URL} or {@code MARKETO_BASE_URL} that the configuration overrides (the
 * {@code sandbox} profile does): whoever set it means a real org, and would otherwise run against the simulated one.
 */
@Component
public class ConnectionSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String SALESFORCE = "camel.component.salesforce.";
    static final String MARKETO = "signalbridge.marketo.";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> missing = missing(environment);
        List<String> overridden = overridden(environment);
        if (!missing.isEmpty() || !overridden.isEmpty()) {
            throw new MissingConnectionSettingsException(missing, overridden,
                    environment.getProperty("signalbridge.sandbox.enabled", Boolean.class, false));
        }
    }

    /** The settings that are missing, one line each: the variable to set and the property it feeds. */
    static List<String> missing(Environment env) {
        var missing = new ArrayList<String>();
        require(env, missing, SALESFORCE + "login-url", "SALESFORCE_LOGIN_URL", "https://login.salesforce.com, or https://test.salesforce.com for a Salesforce sandbox");
        require(env, missing, SALESFORCE + "client-id", "SALESFORCE_CLIENT_ID", "the connected app's consumer key");
        String type = env.getProperty(SALESFORCE + "authentication-type", "").trim().toUpperCase(Locale.ROOT);
        if (type.isEmpty()) {
            if (has(env, SALESFORCE + "password")) {
                type = "USERNAME_PASSWORD";
            } else if (has(env, SALESFORCE + "refresh-token")) {
                type = "REFRESH_TOKEN";
            } else if (has(env, SALESFORCE + "keystore") || has(env, SALESFORCE + "keystore.resource")) {
                type = "JWT";
            } else if (has(env, SALESFORCE + "client-secret")) {
                type = "CLIENT_CREDENTIALS";
            }
        }
        switch (type) {
            case "USERNAME_PASSWORD" -> {
                require(env, missing, SALESFORCE + "client-secret", "SALESFORCE_CLIENT_SECRET", "the connected app's consumer secret");
                require(env, missing, SALESFORCE + "user-name", "SALESFORCE_USERNAME", "the integration user");
                require(env, missing, SALESFORCE + "password", "SALESFORCE_PASSWORD", "its password followed by its security token");
            }
            case "REFRESH_TOKEN" -> {
                require(env, missing, SALESFORCE + "client-secret", "SALESFORCE_CLIENT_SECRET", "the connected app's consumer secret");
                require(env, missing, SALESFORCE + "refresh-token", "SALESFORCE_REFRESH_TOKEN", "the integration user's refresh token");
            }
            case "JWT" -> {
                require(env, missing, SALESFORCE + "user-name", "SALESFORCE_USERNAME", "the integration user (JWT bearer flow)");
                require(env, missing, SALESFORCE + "keystore", null, "the keystore holding the connected app's certificate key (JWT bearer flow)");
            }
            case "CLIENT_CREDENTIALS" ->
                    require(env, missing, SALESFORCE + "client-secret", "SALESFORCE_CLIENT_SECRET", "the connected app's consumer secret");
            default -> {
                require(env, missing, SALESFORCE + "client-secret", "SALESFORCE_CLIENT_SECRET", "the connected app's consumer secret");
                missing.add("SALESFORCE_USERNAME and SALESFORCE_PASSWORD (" + SALESFORCE + "user-name, " + SALESFORCE
                        + "password), or SALESFORCE_REFRESH_TOKEN (" + SALESFORCE + "refresh-token): how the integration user logs in");
            }
        }
        require(env, missing, MARKETO + "base-url", "MARKETO_BASE_URL", "the instance's REST host, https://<munchkin-id>.mktorest.com");
        require(env, missing, MARKETO + "client-id", "MARKETO_CLIENT_ID", "the LaunchPoint API service's client id");
        require(env, missing, MARKETO + "client-secret", "MARKETO_CLIENT_SECRET", "the LaunchPoint API service's client secret");
        return missing;
    }

    /** A real org's address that the configuration replaces (the sandbox profile does): one line each. */
    static List<String> overridden(Environment env) {
        var overridden = new ArrayList<String>();
        overrides(env, overridden, "SALESFORCE_LOGIN_URL", SALESFORCE + "login-url");
        overrides(env, overridden, "MARKETO_BASE_URL", MARKETO + "base-url");
        return overridden;
    }

    private static void overrides(Environment env, List<String> overridden, String variable, String property) {
        String asked = env.getProperty(variable);
        String used = env.getProperty(property);
        if (StringUtils.hasText(asked) && !asked.trim().equals(used == null ? null : used.trim())) {
            overridden.add(variable + " is " + asked.trim() + " but " + property + " is " + used);
        }
    }

    private static void require(Environment env, List<String> missing, String property, String variable, String what) {
        if (!has(env, property)) {
            missing.add((variable == null ? property : variable + " (" + property + ")") + ": " + what);
        }
    }

    private static boolean has(Environment env, String property) {
        return StringUtils.hasText(env.getProperty(property));
    }
}
