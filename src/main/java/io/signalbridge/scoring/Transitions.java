package io.signalbridge.scoring;

import java.util.ArrayList;
import java.util.List;

/** Moves an account's remembered state to its new score, stage changes and 6QA episodes becoming events. */
public final class Transitions {

    private Transitions() {
    }

    public record Outcome(AccountState state, List<ScoreEvent> events) {
    }

    /** @param previous the state after the last run, or null for an account scored for the first time */
    public static Outcome advance(AccountState previous, AccountScore score) {
        return advance(previous, score, 0);
    }

    /**
     * As {@link #advance(AccountState, AccountScore)}, and an {@code INTENT_SURGE} event when the intent score rose by
     * {@code intentSurgePoints} or more since the last run (0: no such events).
     */
    public static Outcome advance(AccountState previous, AccountScore score, int intentSurgePoints) {
        var events = new ArrayList<ScoreEvent>();
        String id = score.accountId();
        BuyingStage before = previous == null ? null : previous.stage();
        if (before != score.stage()) {
            events.add(new ScoreEvent(id, ScoreEvent.Type.STAGE_CHANGED, before == null ? null : before.name(),
                    score.stage().name(), score.asOf()));
        }
        boolean was = previous != null && previous.qualified();
        boolean is = score.qualified();
        var since = previous == null ? null : previous.qualifiedSince();
        var until = previous == null ? null : previous.qualifiedUntil();
        if (is && !was) {
            since = score.asOf();
            until = null;
            events.add(new ScoreEvent(id, ScoreEvent.Type.QUALIFIED_STARTED, null, since.toString(), score.asOf()));
        } else if (was && !is) {
            until = score.asOf();
            events.add(new ScoreEvent(id, ScoreEvent.Type.QUALIFIED_ENDED, since.toString(), until.toString(), score.asOf()));
        }
        if (intentSurgePoints > 0 && previous != null && score.intentScore() - previous.intentScore() >= intentSurgePoints) {
            events.add(new ScoreEvent(id, ScoreEvent.Type.INTENT_SURGE, Integer.toString(previous.intentScore()),
                    Integer.toString(score.intentScore()), score.asOf()));
        }
        return new Outcome(new AccountState(id, score.stage(), is, since, until, score.intentScore()), List.copyOf(events));
    }
}
