package io.signalbridge.segments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Segments: naming check, publish limit, the Account field that carries the published names. Defaults in application.yaml. */
@ConfigurationProperties("signalbridge.segments")
public record SegmentProperties(
        @DefaultValue("warn") NamingCheck folderNaming,
        @DefaultValue("200") int maxPublished,
        @DefaultValue(";") String namesDelimiter,
        @DefaultValue("Account") String namesObject,
        @DefaultValue("accountSegmentNames6sense__c") String namesField,
        @DefaultValue("0 10 * * * ?") String crmQueryCron) {

    /** What a folder name that breaks the convention does: only a warning in the answer, or a refusal. */
    public enum NamingCheck { warn, refuse }

    public SegmentProperties {
        if (namesDelimiter == null || namesDelimiter.isEmpty()) {
            throw new IllegalArgumentException("signalbridge.segments.names-delimiter must not be empty");
        }
        if (maxPublished < 0) {
            throw new IllegalArgumentException("signalbridge.segments.max-published must not be negative");
        }
    }
}
