package io.signalbridge.writeback;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.signalbridge.salesforce.ApiUsage;

/** What one write-back run has done so far: counts per object, API calls made, the org's usage last reported. */
final class WritebackRun {

    final long id;
    final double budgetShare;
    final Map<String, Long> counts = new LinkedHashMap<>();
    int apiCalls;
    ApiUsage usage;

    WritebackRun(long id, double budgetShare) {
        this.id = id;
        this.budgetShare = budgetShare;
    }

    void called(Optional<ApiUsage> reported) {
        apiCalls++;
        reported.ifPresent(u -> usage = u);
    }

    /** For targets whose client counts its own calls (retries included): the run's calls so far. */
    void callsMade(int total) {
        apiCalls = total;
    }

    /** Whether the next call would pass the run's share of the org's daily allocation. */
    boolean budgetExhausted() {
        return usage != null && usage.nextCallExceeds(budgetShare);
    }

    void add(String object, String what, long n) {
        counts.merge(object + "." + what, n, Long::sum);
    }

    String usageText() {
        return usage == null ? null : usage.toString();
    }

    String budgetMessage() {
        return "stopped before passing " + Math.round(budgetShare * 100) + "% of the daily API allocation (" + usageText()
                + "); records not written yet are sent by the next run";
    }

    /** Thrown inside a run when its API budget is reached: the run ends BUDGET_STOPPED, not FAILED. */
    static final class BudgetReached extends RuntimeException {
        BudgetReached() {
            super(null, null, false, false);
        }
    }
}
