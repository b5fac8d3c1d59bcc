package io.signalbridge.scoring;

import java.time.LocalDate;
import java.util.List;

/**
 * One account's scores as of a day.
 *
 * @param profileProbability  the profile model's probability that the account produces a relevant opportunity
 * @param inMarketProbability the intent model's probability of a relevant opportunity within the horizon
 * @param reach               time-decayed count of reach signals (the numerical reach)
 * @param contributors        the firmographic features and signal kinds that raised the scores most
 */
public record AccountScore(String accountId, LocalDate asOf, int profileScore, ProfileFit fit, double profileProbability,
                           int intentScore, double inMarketProbability, int reachScore, ReachLevel reachLevel, double reach,
                           boolean openOpportunity, BuyingStage stage, List<Contribution> contributors) {

    public AccountScore {
        contributors = List.copyOf(contributors);
    }

    /** The 6QA rule: fit Moderate or Strong and stage Decision or Purchase. */
    public boolean qualified() {
        return fit != ProfileFit.Weak && stage.qualifying();
    }
}
