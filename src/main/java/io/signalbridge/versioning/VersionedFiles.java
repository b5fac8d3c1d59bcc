package io.signalbridge.versioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import io.signalbridge.versioning.DocumentVersions.Version;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

/**
 * YAML documents of one kind (field mappings, orchestrations) that are both files in a directory and versions in a
 * table. A document becomes active only once its rules find no error in it; every active version is kept with its
 * author, time and diff. The files and the API are two doors to the same versions: a valid edit through the API is
 * written back to its file, and a changed file is read like an API edit by author {@code file}.
 *
 * @param <T> the parsed document
 * @param <E> an error of a refused document (naming file, line and field)
 */
public final class VersionedFiles<T, E> {

    /** What a kind of document must be and how it is read. */
    public interface Rules<T, E> {

        /** The errors of {@code content}, empty when it may become active. May throw when it cannot be checked now. */
        List<E> check(String name, String content);

        /** The parsed form of content that passed {@link #check}. */
        T parse(String name, String content);

        /** The error an edit gets when another edit took the same version number at the same moment. */
        E concurrentEdit(String name, int version);
    }

    /** An active document: its parsed form, version and text. */
    public record Active<T>(T document, int version, String content) {
    }

    /** The outcome of a validation or an update: errors (empty when valid), diff against the active version. */
    public record Checked<E>(boolean valid, List<E> errors, String diff, Integer version) {
    }

    private static final Logger log = LoggerFactory.getLogger(VersionedFiles.class);

    private final String kind;
    private final Path directory;
    private final DocumentVersions versions;
    private final Rules<T, E> rules;
    private final Clock clock;
    private final Map<String, Active<T>> active = new ConcurrentHashMap<>();
    /** Contents of files already refused, so a bad file is reported once, not at every check. */
    private final Map<String, String> refusedFiles = new ConcurrentHashMap<>();
    /** What this node last wrote to each file: not an edit when read back; a change on disk from it is one. */
    private final Map<String, String> writtenHere = new ConcurrentHashMap<>();

    /** @param kind what the documents are, for the log ("Mapping", "Orchestration") */
    public VersionedFiles(String kind, Path directory, DocumentVersions versions, Rules<T, E> rules, Clock clock) {
        this.kind = kind;
        this.directory = directory;
        this.versions = versions;
        this.rules = rules;
        this.clock = clock;
    }

    public Optional<Active<T>> active(String name) {
        Active<T> cached = active.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        return versions.latest(name).map(v -> {
            var current = new Active<>(rules.parse(name, v.content()), v.version(), v.content());
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

    public Optional<Version> version(String name, int version) {
        return versions.find(name, version);
    }

    /** A dry run: the errors the content would get and its diff from the active version. Nothing changes. */
    public Checked<E> validate(String name, String content) {
        List<E> errors = rules.check(name, content);
        Optional<Active<T>> current = active(name);
        return new Checked<>(errors.isEmpty(), errors, diff(name, current.map(Active::content).orElse(""), content),
                current.map(Active::version).orElse(null));
    }

    /** Makes {@code content} the active version if it is valid; otherwise the active version stays as it is. */
    public Checked<E> update(String name, String content, String author, String origin) {
        List<E> errors = rules.check(name, content);
        Optional<Active<T>> current = active(name);
        Integer currentVersion = current.map(Active::version).orElse(null);
        String previous = current.map(Active::content).orElse("");
        String diff = diff(name, previous, content);
        if (!errors.isEmpty()) {
            return new Checked<>(false, errors, diff, currentVersion);
        }
        if (previous.equals(content)) {
            return new Checked<>(true, List.of(), "", currentVersion);
        }
        int next = versions.latest(name).map(Version::version).orElse(0) + 1;
        try {
            versions.append(name, next, content, author, origin, clock.instant(), diff);
        } catch (DuplicateKeyException concurrentEdit) {
            return new Checked<>(false, List.of(rules.concurrentEdit(name, next)), diff, null);
        }
        active.put(name, new Active<>(rules.parse(name, content), next, content));
        refusedFiles.remove(name);
        if (!"file".equals(origin)) {
            writeFile(name, content);
        }
        log.info("{} {} is now version {} ({} by {})", kind, name, next, origin, author);
        return new Checked<>(true, List.of(), diff, next);
    }

    /** Re-activates an earlier version as a new version, after checking it against today's rules. */
    public Optional<Checked<E>> rollback(String name, int version, String author) {
        return versions.find(name, version).map(v -> update(name, v.content(), author, "rollback"));
    }

    /**
     * Takes up the versions made on other nodes, then reads every file whose name {@code isDocument} accepts and
     * activates those that changed; refused files are logged with their errors. A file is an edit when its content is
     * new: not the active version, not what this node last wrote to it, and (unless it changed since that write) not the
     * newest version read from a file, on any node. So the stale file of a node that restarted from its image does not
     * undo an edit made through the API on another node, while a file changed on disk, or reverted by a deployment (a
     * ConfigMap), still becomes the next version. A file whose check throws {@code uncheckable} is left for the next read.
     */
    public void reloadFiles(Predicate<String> isDocument, Class<? extends RuntimeException> uncheckable) {
        followOtherNodes();
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                if (!isDocument.test(name)) {
                    continue;
                }
                String content = Files.readString(file, StandardCharsets.UTF_8);
                if (content.equals(active(name).map(Active::content).orElse(null)) || content.equals(refusedFiles.get(name))
                        || content.equals(writtenHere.get(name))) {
                    continue;
                }
                if (!writtenHere.containsKey(name) && content.equals(versions.latestFromFile(name).map(Version::content).orElse(null))) {
                    continue; // the file as it was read before, on this node or another, not an edit
                }
                Checked<E> report;
                try {
                    report = update(name, content, "file", "file");
                } catch (RuntimeException e) {
                    if (!uncheckable.isInstance(e)) {
                        throw e;
                    }
                    log.warn("{} file {} not checked: {}; the active version stays", kind, file, e.getMessage());
                    continue;
                }
                if (!report.valid()) {
                    refusedFiles.put(name, content);
                    log.error("{} file {} refused; version {} stays active:{}", kind, file, report.version(),
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
                active.put(name, new Active<>(rules.parse(name, latest.content()), latest.version(), latest.content()));
                log.info("{} {} is now version {} ({} by {}, on another node)", kind, name, latest.version(), latest.origin(), latest.author());
                if (Files.isDirectory(directory)) {
                    writeFile(name, latest.content());
                }
            });
        }
    }

    private void writeFile(String name, String content) {
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve("." + name + ".yaml.tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, directory.resolve(name + ".yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            writtenHere.put(name, content);
        } catch (IOException e) {
            log.warn("{} {} is active but its file could not be written: {}", kind, name, e.getMessage());
        }
    }

    public static String diff(String name, String before, String after) {
        List<String> original = before.lines().toList();
        List<String> revised = after.lines().toList();
        var patch = DiffUtils.diff(original, revised);
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(name + ".yaml", name + ".yaml", original, patch, 2));
    }
}
