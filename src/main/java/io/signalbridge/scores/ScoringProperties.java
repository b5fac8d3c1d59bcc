package io.signalbridge.scores;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import io.signalbridge.scoring.ScoringSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The scoring run: where the signal rules are, its schedule, and the core's thresholds. Defaults in application.yaml. */
@ConfigurationProperties("signalbridge.scoring")
public record ScoringProperties(
        @DefaultValue("mappings/activity-signals.yaml") Path signals,
        @DefaultValue("0 30 * * * ?") String cron,
        @DefaultValue Set<String> relevantStages,
        @DefaultValue({"Proposal/Price Quote", "Negotiation/Review"}) Set<String> purchaseStages,
        @DefaultValue("81") int fitStrong,
        @DefaultValue("50") int fitModerate,
        @DefaultValue("50") int awareness,
        @DefaultValue("75") int consideration,
        @DefaultValue("90") int decision,
        @DefaultValue("34") int reachMedium,
        @DefaultValue("67") int reachHigh,
        @DefaultValue("21") double halfLifeDays,
        @DefaultValue("90") int horizonDays,
        @DefaultValue("30") int snapshotSpacingDays,
        @DefaultValue("12") int maxSnapshots,
        @DefaultValue("UTC") ZoneId zone) {

    public ScoringSettings settings() {
        return new ScoringSettings(Map.of(), relevantStages, purchaseStages, fitStrong, fitModerate, awareness, consideration,
                decision, reachMedium, reachHigh, halfLifeDays, horizonDays, snapshotSpacingDays, maxSnapshots, zone);
    }
}
