package io.signalbridge.scoring;

/** Which model a signal kind feeds: intent (what people at the account did) or reach (what we did to them). */
public enum SignalModel {
    INTENT, REACH
}
