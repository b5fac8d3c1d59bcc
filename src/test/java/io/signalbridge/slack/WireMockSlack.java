package io.signalbridge.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.signalbridge.support.FreePorts;

/** A WireMock Slack for the delivery tests: webhooks answering {@code ok}, and what each received, in arrival order. */
final class WireMockSlack {

    private static final ObjectMapper JSON = new ObjectMapper();

    final WireMockServer server = new WireMockServer(WireMockConfiguration.options().port(FreePorts.find()));

    WireMockSlack() {
        server.start();
    }

    String url(String hook) {
        return server.baseUrl() + hook;
    }

    void ok(String hook) {
        server.stubFor(post(urlPathEqualTo(hook)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    List<LoggedRequest> requests(String hook) {
        return server.findAll(postRequestedFor(urlPathEqualTo(hook))).stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    /** The {@code text} of each message the webhook received. */
    List<String> texts(String hook) {
        return requests(hook).stream().map(request -> {
            try {
                return JSON.readTree(request.getBodyAsString()).path("text").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The time between each two messages the webhook received, as WireMock logged their arrival. */
    List<Long> gapsMillis(String hook) {
        var requests = requests(hook);
        return IntStream.range(1, requests.size())
                .mapToObj(i -> requests.get(i).getLoggedDate().getTime() - requests.get(i - 1).getLoggedDate().getTime()).toList();
    }
}
