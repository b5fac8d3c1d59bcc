package io.signalbridge.startup;

import java.util.List;

/** The service has no complete Salesforce / Marketo connection settings: see {@link ConnectionSettingsCheck}. */
public class MissingConnectionSettingsException extends RuntimeException {

    private final List<String> missing;
    private final List<String> overridden;
    private final boolean sandboxOn;

    MissingConnectionSettingsException(List<String> missing, List<String> overridden, boolean sandboxOn) {
        super(describe(missing, overridden, sandboxOn));
        this.missing = List.copyOf(missing);
        this.overridden = List.copyOf(overridden);
        this.sandboxOn = sandboxOn;
    }

    public List<String> missing() {
        return missing;
    }

    public List<String> overridden() {
        return overridden;
    }

    public boolean sandboxOn() {
        return sandboxOn;
    }

    static String describe(List<String> missing, List<String> overridden, boolean sandboxOn) {
        var text = new StringBuilder("signalbridge refuses to start: ");
        if (!missing.isEmpty()) {
            text.append(sandboxOn
                    ? "the sandbox orgs are on (signalbridge.sandbox.enabled=true) but the connectors are not configured"
                    : "no Salesforce org and Marketo instance are configured, and the sandbox is off (no `sandbox` profile)");
            text.append(". Missing settings:");
            missing.forEach(line -> text.append("\n  - ").append(line));
        }
        if (!overridden.isEmpty()) {
            text.append(missing.isEmpty() ? "" : "\n").append("A real org is asked for, but the configuration points elsewhere"
                    + " (the `sandbox` profile points the connectors at the in-process sandbox orgs):");
            overridden.forEach(line -> text.append("\n  - ").append(line));
        }
        return text.toString();
    }
}
