package io.signalbridge.scoring;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * What the last run decided about an account and must be remembered: its stage, its current (or last) 6QA episode,
 * and its intent score (what an intent surge is measured from). A new episode gets a new start date and clears the
 * end date.
 */
public record AccountState(String accountId, BuyingStage stage, boolean qualified, LocalDate qualifiedSince,
                           LocalDate qualifiedUntil, int intentScore) {

    /** Days in the current 6QA episode as of {@code today}, or the length of the last one; null without any. */
    public Long qualifiedAgeDays(LocalDate today) {
        if (qualifiedSince == null) {
            return null;
        }
        return ChronoUnit.DAYS.between(qualifiedSince, qualified ? today : qualifiedUntil);
    }
}
