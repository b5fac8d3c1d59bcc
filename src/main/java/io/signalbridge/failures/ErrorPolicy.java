package io.signalbridge.failures;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one error policy of every route (a route configuration without id applies to all routes, the YAML
 * ones included): redeliveries with exponential backoff and jitter that honour Retry-After, then the
 * failed exchange goes to the failed-exchange store.
 */
@Component
public class ErrorPolicy extends RouteConfigurationBuilder {

    private static final Logger log = LoggerFactory.getLogger(ErrorPolicy.class);

    private final RedeliveryProperties settings;
    private final RedeliveryDelays delays;

    public ErrorPolicy(RedeliveryProperties settings, Clock clock) {
        this.settings = settings;
        this.delays = new RedeliveryDelays(settings, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public void configuration() {
        routeConfiguration().errorHandler(deadLetterChannel("bean:failedExchangeRecorder?method=record")
                // a failure that cannot be stored must not pass as handled
                .deadLetterHandleNewException(false)
                .maximumRedeliveries(settings.maxAttempts() - 1)
                .redeliveryDelay(settings.initialDelay().toMillis())
                .onExceptionOccurred(this::onFailedAttempt)
                .onRedelivery(exchange -> exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY))
                // Camel's own lines would print the raw exception message, secrets and all: ours mask it
                .logRetryAttempted(false)
                .logExhausted(false)
                .logStackTrace(false));
    }

    /** Logs the attempt (masked) and sets the wait before the next one, where the error handler reads it. */
    private void onFailedAttempt(Exchange exchange) {
        // by now the error handler has counted the redelivery to come: the attempt that failed has the same number
        int attempt = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class));
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        var wait = delays.before(attempt, failure);
        boolean last = attempt >= settings.maxAttempts();
        log.warn("Route {} exchange {}: attempt {} of {} failed: {}{}", exchange.getFromRouteId(), exchange.getExchangeId(),
                attempt, settings.maxAttempts(), SecretRedaction.mask(String.valueOf(failure)),
                last ? "; kept in the failed-exchange store" : "; next attempt in " + wait.toMillis() + " ms");
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
    }
}
