package io.signalbridge.scoring;

public enum ReachLevel {
    Low, Medium, High
}
