package io.signalbridge.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.signalbridge.mapping.MappingSource.Type;

/** The score outputs of the scoring core that mappings can send to CRM and MAP fields. */
public final class MappingSources {

    static final List<String> FITS = List.of("Strong", "Moderate", "Weak");
    static final List<String> STAGES = List.of("Target", "Awareness", "Consideration", "Decision", "Purchase");
    static final List<String> LEVELS = List.of("High", "Medium", "Low");
    static final List<String> GRADES = List.of("A", "B", "C", "D");

    private static final Map<String, MappingSource> ALL = Stream.of(
            new MappingSource("account.intentScore", Type.NUMBER, List.of()),
            new MappingSource("account.profileScore", Type.NUMBER, List.of()),
            new MappingSource("account.profileFit", Type.TEXT, FITS),
            new MappingSource("account.reachScore", Type.NUMBER, List.of()),
            new MappingSource("account.reachLevel", Type.TEXT, LEVELS),
            new MappingSource("account.buyingStage", Type.TEXT, STAGES),
            new MappingSource("account.sixQa", Type.BOOLEAN, List.of()),
            new MappingSource("account.sixQa.startDate", Type.DATE, List.of()),
            new MappingSource("account.sixQa.endDate", Type.DATE, List.of()),
            new MappingSource("account.sixQa.ageInDays", Type.NUMBER, List.of()),
            new MappingSource("account.segmentNames", Type.TEXT, List.of()),
            new MappingSource("account.updatedAt", Type.DATETIME, List.of()),
            new MappingSource("contact.profileScore", Type.NUMBER, List.of()),
            new MappingSource("contact.profileFit", Type.TEXT, FITS),
            new MappingSource("contact.intentScore", Type.NUMBER, List.of()),
            new MappingSource("contact.engagementScore", Type.NUMBER, List.of()),
            new MappingSource("contact.grade", Type.TEXT, GRADES),
            new MappingSource("contact.updatedAt", Type.DATETIME, List.of()),
            new MappingSource("lead.profileScore", Type.NUMBER, List.of()),
            new MappingSource("lead.profileFit", Type.TEXT, FITS),
            new MappingSource("lead.intentScore", Type.NUMBER, List.of()),
            new MappingSource("lead.engagementScore", Type.NUMBER, List.of()),
            new MappingSource("lead.grade", Type.TEXT, GRADES),
            new MappingSource("lead.updatedAt", Type.DATETIME, List.of()),
            // the Salesforce contact (or else lead) a Marketo lead is synced with: sources of Marketo Lead mappings
            new MappingSource("person.profileScore", Type.NUMBER, List.of()),
            new MappingSource("person.profileFit", Type.TEXT, FITS),
            new MappingSource("person.intentScore", Type.NUMBER, List.of()),
            new MappingSource("person.engagementScore", Type.NUMBER, List.of()),
            new MappingSource("person.grade", Type.TEXT, GRADES),
            new MappingSource("person.updatedAt", Type.DATETIME, List.of()))
            .collect(Collectors.toUnmodifiableMap(MappingSource::name, Function.identity()));

    private MappingSources() {
    }

    public static Optional<MappingSource> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /**
     * An update-date output ({@code account.updatedAt}, {@code contact.updatedAt} ...): when the record's other
     * outputs last changed. Written only together with a change of another output of the same prefix, never alone.
     */
    public static boolean changeStamp(String source) {
        return source.endsWith(".updatedAt");
    }

    /**
     * An output that moves with the calendar alone (days since the 6QA start): it changes once a day by itself,
     * so its change does not move the record's update date.
     */
    public static boolean calendarOnly(String source) {
        return source.equals("account.sixQa.ageInDays");
    }

    public static List<String> names() {
        return ALL.keySet().stream().sorted().toList();
    }
}
