package io.signalbridge.segments;

/**
 * What a filter can ask about an account: attributes of the pulled Salesforce Account and its latest scores
 * (null when the account has not been scored yet).
 */
public record AccountFacts(String accountId, String industry, Double employees, Double revenue, String country,
                           Scores scores) {

    public record Scores(String buyingStage, String fit, int intent, int profileScore, String reach, int reachScore,
                         boolean sixQa) {
    }
}
