package io.signalbridge.failures;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The one error policy of every route (a route configuration without id applies to all routes, the YAML
 * ones included): redeliveries with exponential backoff and jitter that honour Retry-After, then the
 * failed exchange goes to the failed-exchange store.
 */
@Component
public class ErrorPolicy extends RouteConfigurationBuilder {

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
                // the error handler reads the wait before each redelivery from this header
                .onExceptionOccurred(this::setNextDelay)
                .onRedelivery(exchange -> exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY))
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logExhausted(true)
                .logExhaustedMessageHistory(false));
    }

    private void setNextDelay(Exchange exchange) {
        int redeliveriesSoFar = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delays.before(redeliveriesSoFar + 1, failure).toMillis());
    }
}
