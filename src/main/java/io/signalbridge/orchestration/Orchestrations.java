package io.signalbridge.orchestration;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.signalbridge.outreach.OutreachProperties;
import io.signalbridge.slack.SlackOutbox;
import io.signalbridge.versioning.DocumentVersions;
import io.signalbridge.versioning.DocumentVersions.Version;
import io.signalbridge.versioning.ReloadableDocuments;
import io.signalbridge.versioning.VersionedFiles;
import io.signalbridge.versioning.VersionedFiles.Active;
import io.signalbridge.versioning.VersionedFiles.Checked;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The active orchestrations: files in {@code orchestrations/} and versions in orchestration_version, like the field
 * mappings ({@link VersionedFiles}). An orchestration becomes active only once it parses and passes its checks.
 */
@Service
public class Orchestrations implements ReloadableDocuments {

    /** Lower case, digits and dashes; short enough for the sync run of a manual run ("orchestrations:" + name). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    private final OrchestrationProperties settings;
    private final VersionedFiles<Orchestration, OrchestrationError> files;
    private final OrchestrationParser.Context context;

    public Orchestrations(OrchestrationProperties settings, JdbcTemplate jdbc, OutreachProperties outreach, SlackOutbox slack, Clock clock) {
        this.settings = settings;
        Set<String> slackTeams = Set.copyOf(slack.teams());
        this.context = new OrchestrationParser.Context() {
            @Override
            public Set<String> configuredSystems() {
                var systems = new TreeSet<>(List.of("salesforce", "marketo"));
                if (outreach.enabled()) {
                    systems.add("outreach");
                }
                if (!slackTeams.isEmpty()) {
                    systems.add("slack");
                }
                return systems;
            }

            @Override
            public Set<String> slackTeams() {
                return slackTeams;
            }
        };
        this.files = new VersionedFiles<>("Orchestration", settings.directory(), new DocumentVersions(jdbc, "orchestration_version"),
                new VersionedFiles.Rules<>() {
                    @Override
                    public List<OrchestrationError> check(String name, String content) {
                        return OrchestrationParser.parse(name, content, context).errors();
                    }

                    @Override
                    public Orchestration parse(String name, String content) {
                        return OrchestrationParser.parse(name, content, OrchestrationParser.ANY_SYSTEM).orchestration();
                    }

                    @Override
                    public OrchestrationError concurrentEdit(String name, int version) {
                        return new OrchestrationError(name + ".yaml", 0, null, "another edit became version " + version
                                + " at the same moment; reload and try again");
                    }
                }, clock);
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public Optional<Active<Orchestration>> active(String name) {
        return files.active(name);
    }

    /** Every orchestration with an active version, by name. */
    public List<Active<Orchestration>> all() {
        return files.names().stream().map(files::active).flatMap(Optional::stream).toList();
    }

    public List<Active<Orchestration>> enabled() {
        return all().stream().filter(active -> active.document().enabled()).toList();
    }

    /** The orchestration as it was at {@code version} (what a planned action was planned under). */
    public Optional<Orchestration> atVersion(String name, int version) {
        return files.version(name, version).map(v -> OrchestrationParser.parse(name, v.content(), OrchestrationParser.ANY_SYSTEM).orchestration());
    }

    public List<Version> versions(String name) {
        return files.versions(name);
    }

    public Checked<OrchestrationError> validate(String name, String content) {
        return files.validate(name, content);
    }

    public Checked<OrchestrationError> update(String name, String content, String author, String origin) {
        return files.update(name, content, author, origin);
    }

    public Optional<Checked<OrchestrationError>> rollback(String name, int version, String author) {
        return files.rollback(name, version, author);
    }

    @Override
    public void reloadFiles() {
        files.reloadFiles(Orchestrations::validName, IllegalStateException.class);
    }

    @Override
    public String kind() {
        return "Orchestration";
    }

    @Override
    public boolean loadOnStart() {
        return settings.loadOnStart();
    }

    @Override
    public java.time.Duration reloadInterval() {
        return settings.reloadInterval();
    }
}
