package io.signalbridge.mapping;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.signalbridge.versioning.DocumentVersions.Version;
import io.signalbridge.versioning.ReloadableDocuments;
import io.signalbridge.versioning.VersionedFiles;
import io.signalbridge.versioning.VersionedFiles.Checked;

import org.springframework.stereotype.Service;

/**
 * The active field mappings. A mapping becomes active only once it parses and validates against the
 * target's describe; every active version is kept with its author, time and diff. Files in the mappings
 * directory and the API are two doors to the same versions ({@link VersionedFiles}).
 */
@Service
public class MappingService implements ReloadableDocuments {

    /** Field mappings are named after their target: salesforce-account, marketo-lead, ... */
    private static final Pattern NAME = Pattern.compile("(salesforce|marketo)-[a-z0-9][a-z0-9-]{0,60}");

    /** An active mapping: its parsed form, version and text. */
    public record Active(Mapping mapping, int version, String content) {
    }

    /** The outcome of a validation or an update: errors (empty when valid), diff against the active version. */
    public record Report(boolean valid, List<MappingError> errors, String diff, Integer version) {
    }

    private final MappingProperties settings;
    private final MappingVersions versions;
    private final Map<String, TargetSchema> schemas;
    private final VersionedFiles<Mapping, MappingError> files;

    public MappingService(MappingProperties settings, MappingVersions versions, List<TargetSchema> schemas, Clock clock) {
        this.settings = settings;
        this.versions = versions;
        this.schemas = schemas.stream().collect(Collectors.toUnmodifiableMap(TargetSchema::system, s -> s));
        this.files = new VersionedFiles<>("Mapping", settings.directory(), versions, new VersionedFiles.Rules<>() {
            @Override
            public List<MappingError> check(String name, String content) {
                return MappingService.this.check(name, content);
            }

            @Override
            public Mapping parse(String name, String content) {
                return MappingParser.parse(name, content).mapping();
            }

            @Override
            public MappingError concurrentEdit(String name, int version) {
                return new MappingError(name + ".yaml", 0, null, "another edit became version " + version
                        + " at the same moment; reload and try again");
            }
        }, clock);
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public Optional<Active> active(String name) {
        return files.active(name).map(a -> new Active(a.document(), a.version(), a.content()));
    }

    public List<String> names() {
        return files.names();
    }

    public List<Version> versions(String name) {
        return files.versions(name);
    }

    /** When the active version of a mapping was stored; empty if it has none. */
    public Optional<java.time.Instant> activeSince(String name) {
        return versions.latest(name).map(Version::createdAt);
    }

    /** A dry run: the errors the content would get and its diff from the active version. Nothing changes. */
    public Report validate(String name, String content) {
        return report(files.validate(name, content));
    }

    /** The mapping {@code content} describes, when it parses (whether it validates is {@link #validate}'s answer). */
    public Optional<Mapping> parsed(String name, String content) {
        var parsed = MappingParser.parse(name, content);
        return parsed.errors().isEmpty() ? Optional.of(parsed.mapping()) : Optional.empty();
    }

    /**
     * Stored version {@code version} of a mapping, parsed, provided it still validates against today's describe
     * (e.g. to replay a failure under the version it was produced with); otherwise why it cannot be used.
     */
    public Mapping usableVersion(String name, int version) {
        Version stored = files.version(name, version)
                .orElseThrow(() -> new MappingVersionUnusableException("mapping " + name + " has no version " + version));
        List<MappingError> errors = check(name, stored.content());
        if (!errors.isEmpty()) {
            throw new MappingVersionUnusableException("mapping " + name + " version " + version
                    + " no longer validates against the org's describe: " + String.join("; ", errors.stream().map(MappingError::toString).toList()));
        }
        return MappingParser.parse(name, stored.content()).mapping();
    }

    /** A stored mapping version that cannot be used any more (gone, or invalid against today's describe). */
    public static class MappingVersionUnusableException extends IllegalStateException {
        public MappingVersionUnusableException(String message) {
            super(message);
        }
    }

    /** Makes {@code content} the active version if it is valid; otherwise the active version stays as it is. */
    public Report update(String name, String content, String author, String origin) {
        return report(files.update(name, content, author, origin));
    }

    /** Re-activates an earlier version as a new version, after checking it against today's describe. */
    public Optional<Report> rollback(String name, int version, String author) {
        return files.rollback(name, version, author).map(MappingService::report);
    }

    /**
     * Takes up the versions made on other nodes, then reads every mapping file and activates those that changed
     * (see {@link VersionedFiles#reloadFiles}); other files in the directory (activity-signals.yaml) are not mappings.
     */
    @Override
    public void reloadFiles() {
        files.reloadFiles(MappingService::validName, TargetSchemaUnavailableException.class);
    }

    @Override
    public String kind() {
        return "Mapping";
    }

    @Override
    public boolean loadOnStart() {
        return settings.loadOnStart();
    }

    @Override
    public java.time.Duration reloadInterval() {
        return settings.reloadInterval();
    }

    private List<MappingError> check(String name, String content) {
        var parsed = MappingParser.parse(name, content);
        if (!parsed.errors().isEmpty()) {
            return parsed.errors();
        }
        TargetSchema schema = schemas.get(parsed.mapping().system());
        if (schema == null) {
            return List.of(new MappingError(name + ".yaml", 1, "system", "unknown system '" + parsed.mapping().system()
                    + "'; known: " + String.join(", ", new TreeSet<>(schemas.keySet()))));
        }
        return MappingValidator.validate(parsed.mapping(), schema);
    }

    private static Report report(Checked<MappingError> checked) {
        return new Report(checked.valid(), checked.errors(), checked.diff(), checked.version());
    }
}
