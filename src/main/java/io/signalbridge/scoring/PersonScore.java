package io.signalbridge.scoring;

import java.time.LocalDate;
import java.util.List;

/**
 * One person's scores as of a day.
 *
 * @param engagementScore the person's decayed intent engagement as a percentile of earlier buyers' engagement
 *                        at the time their opportunity was created (50: as engaged as the median buyer was)
 * @param grade           A from 75, B from 50, C from 25, else D (engagement score)
 * @param intentScore     0–100: the account intent model applied to this person's own intent signals, on the
 *                        account intent scale (how in-market an account would be if this person were its buying team)
 * @param inMarketProbability that model's (calibrated) probability
 */
public record PersonScore(String personId, String accountId, Person.Type type, LocalDate asOf, int profileScore,
                          ProfileFit fit, double profileProbability, int engagementScore, char grade, double engagement,
                          int intentScore, double inMarketProbability, List<Contribution> contributors) {

    public PersonScore {
        contributors = List.copyOf(contributors);
    }

    static char grade(int engagementScore) {
        return engagementScore >= 75 ? 'A' : engagementScore >= 50 ? 'B' : engagementScore >= 25 ? 'C' : 'D';
    }
}
