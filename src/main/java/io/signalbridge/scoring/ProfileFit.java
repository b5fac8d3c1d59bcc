package io.signalbridge.scoring;

public enum ProfileFit {
    Strong, Moderate, Weak
}
