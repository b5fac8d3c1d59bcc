package io.signalbridge.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import io.signalbridge.mapping.MappingVersions.Version;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The active field mappings. A mapping becomes active only once it parses and validates against the
 * target's describe; every active version is kept with its author, time and diff. Files in the mappings
 * directory and the API are two doors to the same versions: a valid edit through the API is written back to
 * its file, and a changed file is read like an API edit by author {@code file}.
 */
@Service
public class MappingService {

    private static final Logger log = LoggerFactory.getLogger(MappingService.class);
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
    private final Clock clock;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /** Contents of files already refused, so a bad file is reported once, not at every check. */
    private final Map<String, String> refusedFiles = new ConcurrentHashMap<>();
    /** What this node last wrote to each file: not an edit when read back; a change on disk from it is one. */
    private final Map<String, String> writtenHere = new ConcurrentHashMap<>();

    public MappingService(MappingProperties settings, MappingVersions versions, List<TargetSchema> schemas, Clock clock) {
        this.settings = settings;
        this.versions = versions;
        this.schemas = schemas.stream().collect(Collectors.toUnmodifiableMap(TargetSchema::system, s -> s));
        this.clock = clock;
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public Optional<Active> active(String name) {
        Active cached = active.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        return versions.latest(name).map(v -> {
            var parsed = MappingParser.parse(name, v.content());
            var current = new Active(parsed.mapping(), v.version(), v.content());
            active.put(name, current);
            return current;
        });
    }

    public List<String> names() {
        return versions.names();
    }

    public List<Version> versions(String name) {
        return versions.all(name);
    }

    /** When the active version of a mapping was stored; empty if it has none. */
    public Optional<java.time.Instant> activeSince(String name) {
        return versions.latest(name).map(Version::createdAt);
    }

    /** A dry run: the errors the content would get and its diff from the active version. Nothing changes. */
    public Report validate(String name, String content) {
        List<MappingError> errors = check(name, content);
        String diff = diff(name, active(name).map(Active::content).orElse(""), content);
        return new Report(errors.isEmpty(), errors, diff, active(name).map(Active::version).orElse(null));
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
        Version stored = versions.find(name, version)
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
        List<MappingError> errors = check(name, content);
        String previous = active(name).map(Active::content).orElse("");
        String diff = diff(name, previous, content);
        if (!errors.isEmpty()) {
            return new Report(false, errors, diff, active(name).map(Active::version).orElse(null));
        }
        if (previous.equals(content)) {
            return new Report(true, List.of(), "", active(name).map(Active::version).orElse(null));
        }
        int next = versions.latest(name).map(Version::version).orElse(0) + 1;
        try {
            versions.append(name, next, content, author, origin, clock.instant(), diff);
        } catch (DuplicateKeyException concurrentEdit) {
            return new Report(false, List.of(new MappingError(name + ".yaml", 0, null,
                    "another edit became version " + next + " at the same moment; reload and try again")), diff, null);
        }
        active.put(name, new Active(MappingParser.parse(name, content).mapping(), next, content));
        refusedFiles.remove(name);
        if (!"file".equals(origin)) {
            writeFile(name, content);
        }
        log.info("Mapping {} is now version {} ({} by {})", name, next, origin, author);
        return new Report(true, List.of(), diff, next);
    }

    /** Re-activates an earlier version as a new version, after checking it against today's describe. */
    public Optional<Report> rollback(String name, int version, String author) {
        return versions.find(name, version).map(v -> update(name, v.content(), author, "rollback"));
    }

    /**
     * Takes up the versions made on other nodes, then reads every mapping file and activates those that changed;
     * refused files are logged with their errors. A file is an edit when its content is new: not the active version, not
     * what this node last wrote to it, and (unless it changed since that write) not the newest version read from a file,
     * on any node. So the stale file of a node that restarted from its image
     * does not undo an edit made through the API on another node, while a file changed on disk, or reverted by a
     * deployment (a ConfigMap), still becomes the next version.
     */
    public void reloadFiles() {
        followOtherNodes();
        if (!Files.isDirectory(settings.directory())) {
            return;
        }
        try (Stream<Path> files = Files.list(settings.directory())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                if (!validName(name)) {
                    continue; // another kind of file in mappings/, e.g. activity-signals.yaml
                }
                String content = Files.readString(file, StandardCharsets.UTF_8);
                if (content.equals(active(name).map(Active::content).orElse(null)) || content.equals(refusedFiles.get(name))
                        || content.equals(writtenHere.get(name))) {
                    continue;
                }
                if (!writtenHere.containsKey(name) && content.equals(versions.latestFromFile(name).map(Version::content).orElse(null))) {
                    continue; // the file as it was read before, on this node or another, not an edit
                }
                Report report;
                try {
                    report = update(name, content, "file", "file");
                } catch (TargetSchemaUnavailableException e) {
                    log.warn("Mapping file {} not checked: {}; the active version stays", file, e.getMessage());
                    continue;
                }
                if (!report.valid()) {
                    refusedFiles.put(name, content);
                    log.error("Mapping file {} refused; version {} stays active:{}", file, report.version(),
                            report.errors().stream().map(e -> "\n  " + e).reduce("", String::concat));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The active versions that another node of the cluster made since this one read them (an edit on its API or its
     * file): active here too, and written to this node's file, so that the file left by an earlier edit is not read
     * as a new one.
     */
    private void followOtherNodes() {
        for (var cached : active.entrySet()) {
            String name = cached.getKey();
            versions.latest(name).filter(v -> v.version() != cached.getValue().version()).ifPresent(latest -> {
                active.put(name, new Active(MappingParser.parse(name, latest.content()).mapping(), latest.version(), latest.content()));
                log.info("Mapping {} is now version {} ({} by {}, on another node)", name, latest.version(), latest.origin(), latest.author());
                if (Files.isDirectory(settings.directory())) {
                    writeFile(name, latest.content());
                }
            });
        }
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

    private void writeFile(String name, String content) {
        try {
            Files.createDirectories(settings.directory());
            Path temporary = settings.directory().resolve("." + name + ".yaml.tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, settings.directory().resolve(name + ".yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            writtenHere.put(name, content);
        } catch (IOException e) {
            log.warn("Mapping {} is active but its file could not be written: {}", name, e.getMessage());
        }
    }

    static String diff(String name, String before, String after) {
        List<String> original = before.lines().toList();
        List<String> revised = after.lines().toList();
        var patch = DiffUtils.diff(original, revised);
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(name + ".yaml", name + ".yaml", original, patch, 2));
    }
}
