package io.signalbridge.orchestration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * signalbridge.orchestrations: where the files live, how often they are read again, and how many actions one cycle
 * may take per system ({@code budgetPerRun}: outreach, marketo, salesforce, slack); the rest wait for the next cycle.
 */
@ConfigurationProperties("signalbridge.orchestrations")
public record OrchestrationProperties(
        @DefaultValue("orchestrations") Path directory,
        @DefaultValue("true") boolean loadOnStart,
        @DefaultValue("10s") Duration reloadInterval,
        Map<String, Integer> budgetPerRun,
        @DefaultValue("200") int previewLimit) {

    public int budget(String system) {
        return budgetPerRun == null ? Integer.MAX_VALUE : budgetPerRun.getOrDefault(system, Integer.MAX_VALUE);
    }
}
