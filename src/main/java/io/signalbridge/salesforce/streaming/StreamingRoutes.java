package io.signalbridge.salesforce.streaming;

import io.signalbridge.failures.FailedExchangeRecorder;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.SalesforceComponent;

/**
 * The change event subscription: camel-salesforce's CometD subscribe consumer on the configured channel, each event
 * into {@link ChangeEventSync} through {@value #EVENT_ROUTE}. The subscription runs on the leader only when listed in
 * {@code signalbridge.cluster.leader.routes} (then it does not start on its own), else on every node that has
 * streaming on. An event whose records cannot be read is retried by the error policy and then kept in the
 * failed-exchange store under {@code change-event-<replayId>}, replayable through {@value #EVENT_ROUTE}: the stream
 * goes on with the next events meanwhile (a replay never moves the stored replay id back).
 */
class StreamingRoutes extends RouteBuilder {

    static final String ROUTE_ID = "salesforce-change-events";
    static final String EVENT_ROUTE = "salesforce-change-event";
    static final String COMPONENT = "salesforceStreaming";

    private final StreamingProperties settings;
    private final StoredReplayIds replayIds;
    private final ChangeEventSync sync;
    private final boolean leaderOnly;

    StreamingRoutes(StreamingProperties settings, StoredReplayIds replayIds, ChangeEventSync sync, boolean leaderOnly) {
        this.settings = settings;
        this.replayIds = replayIds;
        this.sync = sync;
        this.leaderOnly = leaderOnly;
    }

    @Override
    public void configure() {
        getContext().addComponent(COMPONENT, streamingComponent(getContext().getComponent("salesforce", SalesforceComponent.class)));
        from(COMPONENT + ":subscribe:" + settings.channel().substring(1) + "?rawPayload=true&fallBackReplayId=-1")
                .routeId(ROUTE_ID)
                .autoStartup(!leaderOnly)
                .setHeader(FailedExchangeRecorder.FAILURE_KEY, simple("change-event-${header.CamelSalesforceReplayId}"))
                .to("direct:" + EVENT_ROUTE);
        from("direct:" + EVENT_ROUTE)
                .routeId(EVENT_ROUTE)
                .bean(sync, "process(${body}, ${header.CamelSalesforceReplayId})");
    }

    /**
     * A component of its own for the subscription, logged in as the REST component is: camel-salesforce's consumers
     * refuse a lazy login, which the REST component needs (the sandbox org is served by this same process), and the
     * long poll keeps its own HTTP client and session. camel-spring-boot applies {@code camel.component.salesforce.*} to
     * every SalesforceComponent, this one too: it keeps its login eager whatever they say.
     */
    private SalesforceComponent streamingComponent(SalesforceComponent rest) {
        var component = new EagerLogin();
        component.setLoginUrl(rest.getLoginUrl());
        component.setClientId(rest.getClientId());
        component.setClientSecret(rest.getClientSecret());
        component.setUserName(rest.getUserName());
        component.setPassword(rest.getPassword());
        component.setRefreshToken(rest.getRefreshToken());
        component.setAuthenticationType(rest.getAuthenticationType());
        var config = rest.getConfig().copy();
        config.setInitialReplayIdMap(replayIds);
        config.setFallBackReplayId(-1L);
        component.setConfig(config);
        component.setHttpClientIdleTimeout(rest.getHttpClientIdleTimeout());
        return component;
    }

    /** A Salesforce component that logs in when it starts, as its consumers require. */
    static final class EagerLogin extends SalesforceComponent {

        @Override
        public void setLazyLogin(boolean lazyLogin) {
            super.setLazyLogin(false);
        }

        @Override
        public boolean isLazyLogin() {
            return false;
        }
    }
}
