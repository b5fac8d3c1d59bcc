package io.signalbridge.scores;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import io.signalbridge.scoring.Learner;
import io.signalbridge.scoring.ScoringSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The scoring run: where the signal rules are, its schedule, the core's thresholds, and incremental runs
 * (rescore only accounts with changes; every account, with retrained models, on the first run after
 * {@code fullRescoreAt} each day). Defaults in application.yaml.
 */
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
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue({"logistic", "gradient-boosted-trees"}) Set<Learner> learners,
        @DefaultValue("true") boolean incremental,
        @DefaultValue("00:00") LocalTime fullRescoreAt,
        @DefaultValue("10m") Duration changeOverlap,
        @DefaultValue("false") boolean runAfterStartupPulls,
        @DefaultValue("30m") Duration startupPullsTimeout,
        @DefaultValue("15") int intentSurgePoints) {

    public ScoringSettings settings() {
        return new ScoringSettings(Map.of(), relevantStages, purchaseStages, fitStrong, fitModerate, awareness, consideration,
                decision, reachMedium, reachHigh, halfLifeDays, horizonDays, snapshotSpacingDays, maxSnapshots, zone,
                learners);
    }
}
