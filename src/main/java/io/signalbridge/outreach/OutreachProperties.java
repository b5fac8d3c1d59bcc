package io.signalbridge.outreach;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * signalbridge.outreach: the Outreach org (API v2) that orchestrations add prospects to sequences in.
 *
 * @param baseUrl        the API's base, {@code https://api.outreach.io/api/v2}
 * @param tokenUrl       the OAuth2 token endpoint, {@code https://api.outreach.io/oauth/token}
 * @param clientId       the Outreach app's client id (OUTREACH_CLIENT_ID)
 * @param clientSecret   its secret (OUTREACH_CLIENT_SECRET)
 * @param refreshToken   the refresh token of the integration user's authorization (OUTREACH_REFRESH_TOKEN); without
 *                       one, client credentials are asked for (the sandbox org accepts them)
 * @param redirectUri    the app's redirect URI, which Outreach wants again on every refresh
 * @param accessToken    a fixed bearer token instead of OAuth2 (scripts, the sandbox's {@code sandbox-outreach-token})
 * @param maxRetries     retries of a call Outreach did not act on (429, 5xx on a read, a refused token)
 * @param retryBackoff   the first pause before a retry, growing with each attempt
 * @param maxRateLimitWait a 429 or an exhausted hour whose reset is further away than this fails the call (it is
 *                       then kept in the failed-exchange store and replayed) instead of holding the thread
 * @param pageSize       {@code page[size]} of list requests (Outreach allows 1,000)
 * @param defaultMailbox the mailbox (email) that sends a sequence when the account owner has none
 */
@ConfigurationProperties("signalbridge.outreach")
public record OutreachProperties(@DefaultValue("false") boolean enabled,
                                 @DefaultValue("https://api.outreach.io/api/v2") String baseUrl,
                                 @DefaultValue("https://api.outreach.io/oauth/token") String tokenUrl,
                                 String clientId,
                                 String clientSecret,
                                 String refreshToken,
                                 String redirectUri,
                                 String accessToken,
                                 @DefaultValue("3") int maxRetries,
                                 @DefaultValue("2s") Duration retryBackoff,
                                 @DefaultValue("60s") Duration maxRateLimitWait,
                                 @DefaultValue("100") int pageSize,
                                 String defaultMailbox) {
}
