package io.signalbridge.failures;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Route;
import org.springframework.stereotype.Component;

/**
 * The dead letter channel of every route ({@link ErrorPolicy}): keeps the exchange that failed after its
 * retries in the failed-exchange store, without secrets. A route names the business key of its exchange
 * in the {@value #FAILURE_KEY} header (e.g. the pull job), so that the same work failing again counts an
 * attempt on the open failure instead of adding one; without it, the exchange id is the key.
 */
@Component("failedExchangeRecorder")
public class FailedExchangeRecorder {

    public static final String FAILURE_KEY = "failureKey";
    /** Set by a replay: the failure being replayed, which a new failure updates instead of adding a row. */
    public static final String REPLAY_OF = "signalbridgeReplayOf";
    /** Exchange property: the id of the failure this exchange was kept as. */
    public static final String RECORDED_AS = "signalbridgeFailureId";
    /** Consumers a replay can send to; a failure in a route started by a timer or schedule is replayed through its direct route. */
    private static final Set<String> REPLAYABLE_SCHEMES = Set.of("direct", "seda");

    private final FailedExchangeStore store;

    public FailedExchangeRecorder(FailedExchangeStore store) {
        this.store = store;
    }

    public void record(Exchange exchange) {
        Throwable error = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = failedRouteId(exchange);
        var failure = new FailedExchangeStore.Failure(
                routeId,
                exchange.getProperty(ExchangePropertyKey.FAILURE_ENDPOINT, String.class),
                exchange.getMessage().getHeader(FAILURE_KEY, exchange.getExchangeId(), String.class),
                payload(exchange),
                SecretRedaction.headers(withoutReplayMarker(exchange)),
                error == null ? "unknown" : error.getClass().getName(),
                error == null ? null : FailureDetails.errorCode(error).orElse(null),
                error == null ? null : SecretRedaction.mask(error.getMessage()),
                replayTarget(exchange, routeId));
        Long replayOf = exchange.getMessage().getHeader(REPLAY_OF, Long.class);
        if (replayOf != null) {
            store.recordReplayFailure(replayOf, failure);
            exchange.setProperty(RECORDED_AS, replayOf);
        } else {
            exchange.setProperty(RECORDED_AS, store.record(failure));
        }
    }

    /** A route step after work that succeeded: an open failure of the same route and key needs no replay any more. */
    public void resolve(String routeId, String failureKey) {
        if (failureKey != null) {
            store.resolve(routeId, failureKey);
        }
    }

    private static String currentRouteId(Exchange exchange) {
        Route route = exchange.getUnitOfWork() == null ? null : exchange.getUnitOfWork().getRoute();
        return route == null ? exchange.getFromRouteId() : route.getRouteId();
    }

    private static String failedRouteId(Exchange exchange) {
        String failed = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        return failed != null ? failed : currentRouteId(exchange);
    }

    private static Map<String, Object> withoutReplayMarker(Exchange exchange) {
        var headers = new LinkedHashMap<>(exchange.getMessage().getHeaders());
        headers.remove(REPLAY_OF);
        headers.remove(ReplayMappingVersion.HEADER);
        return headers;
    }

    private static String payload(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return null;
        }
        String text = exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
        return text != null ? text : body.toString();
    }

    private static String replayTarget(Exchange exchange, String routeId) {
        Route route = routeId == null ? null : exchange.getContext().getRoute(routeId);
        if (route == null) {
            return null;
        }
        String uri = route.getEndpoint().getEndpointUri();
        String scheme = uri.substring(0, Math.max(0, uri.indexOf(':')));
        return REPLAYABLE_SCHEMES.contains(scheme) ? uri : null;
    }
}
