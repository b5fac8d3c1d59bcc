package io.signalbridge.segments;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.signalbridge.signals.SignalStore;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating, changing, deleting, publishing and unpublishing segments, and list uploads. Every refusal is a
 * {@link SegmentValidationException} (bad input), {@link SegmentConflictException} (state forbids it) or an empty
 * answer (no such segment); nothing is half-saved. Membership itself is the scoring run's work
 * ({@link SegmentMembership}).
 */
@Service
public class SegmentService {

    private static final int MAX_NAME = 255;
    private static final int MAX_TAG = 64;

    /** A saved segment and the warnings its input drew (a folder outside the naming convention in warn mode). */
    public record Saved(Segment segment, List<String> warnings) {
    }

    /** The answer to a list upload. */
    public record UploadReport(int rows, int matchedAccounts, List<AccountListUpload.Unmatched> unmatched) {
    }

    private final SegmentStore store;
    private final SegmentCrmQueries crm;
    private final SignalStore signals;
    private final SegmentProperties properties;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;

    public SegmentService(SegmentStore store, SegmentCrmQueries crm, SignalStore signals, SegmentProperties properties,
                          TransactionTemplate transaction, ObjectMapper json, Clock clock) {
        this.store = store;
        this.crm = crm;
        this.signals = signals;
        this.properties = properties;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    public List<Segment> list() {
        return store.findAll();
    }

    public Optional<Segment> find(long id) {
        return store.find(id);
    }

    public Saved create(SegmentDraft draft, String author) {
        List<String> warnings = validate(draft, null);
        JsonNode definition = definition(draft, null);
        Set<String> crmAccounts = draft.kind() == SegmentKind.CRM_QUERY ? crm.run(draft.crmQuery().trim(), new AtomicInteger()) : null;
        Instant now = clock.instant();
        long id = transaction.execute(status -> {
            long created = store.insert(draft, definition, author, now);
            if (crmAccounts != null) {
                store.replaceSourceAccounts(created, crmAccounts);
            }
            return created;
        });
        return new Saved(store.find(id).orElseThrow(), warnings);
    }

    public Optional<Saved> update(long id, SegmentDraft draft) {
        Optional<Segment> existing = store.find(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        List<String> warnings = validate(draft, id);
        JsonNode definition = definition(draft, existing.get());
        Set<String> crmAccounts = draft.kind() == SegmentKind.CRM_QUERY ? crm.run(draft.crmQuery().trim(), new AtomicInteger()) : null;
        transaction.executeWithoutResult(status -> {
            store.update(id, draft, definition, clock.instant());
            if (crmAccounts != null) {
                store.replaceSourceAccounts(id, crmAccounts);
            } else if (draft.kind() != existing.get().kind()) {
                store.replaceSourceAccounts(id, Set.of());
            }
            if (!java.util.Objects.equals(draft.audienceList(), existing.get().audienceList())) {
                // another list: the next run adds every member's people to it; the old list keeps what it has
                store.forgetAudience(id);
            }
        });
        return Optional.of(new Saved(store.find(id).orElseThrow(), warnings));
    }

    /** Deletes an unpublished segment; a published one must be unpublished first (its name is on Accounts). */
    public boolean delete(long id) {
        Optional<Segment> segment = store.find(id);
        if (segment.isEmpty()) {
            return false;
        }
        if (segment.get().published()) {
            throw new SegmentConflictException("segment '" + segment.get().name() + "' is published: unpublish it first,"
                    + " so that its name leaves the Accounts that carry it");
        }
        return store.delete(id);
    }

    public Optional<SegmentStore.PublishEvent> publish(long id, String actor) {
        return changePublished(id, true, actor);
    }

    public Optional<SegmentStore.PublishEvent> unpublish(long id, String actor) {
        return changePublished(id, false, actor);
    }

    /** Under the publish lock, so that two instances cannot both pass the limit check and publish one too many. */
    private Optional<SegmentStore.PublishEvent> changePublished(long id, boolean publish, String actor) {
        return transaction.execute(status -> {
            store.lockPublishing();
            Optional<Segment> segment = store.find(id);
            if (segment.isEmpty()) {
                return Optional.empty();
            }
            if (segment.get().published() == publish) {
                throw new SegmentConflictException("segment '" + segment.get().name() + "' is already " + (publish ? "published" : "unpublished"));
            }
            if (publish && store.countPublished() >= properties.maxPublished()) {
                throw new SegmentConflictException("at most " + properties.maxPublished() + " segments may be published"
                        + " (signalbridge.segments.max-published); unpublish one first");
            }
            Instant now = clock.instant();
            var event = new SegmentStore.PublishEvent(id, segment.get().name(), publish ? "PUBLISHED" : "UNPUBLISHED", actor, now,
                    store.memberCount(id));
            if (!store.setPublished(id, publish, now)) {
                throw new SegmentConflictException("segment '" + segment.get().name() + "' changed meanwhile; try again");
            }
            store.recordPublishEvent(event);
            return Optional.of(event);
        });
    }

    public List<SegmentStore.PublishEvent> publishHistory(long id) {
        return store.publishHistory(id);
    }

    /** Replaces a LIST segment's accounts with those the CSV names; rows that match nothing are reported back. */
    public Optional<UploadReport> uploadList(long id, String csv, String actor) {
        Optional<Segment> segment = store.find(id);
        if (segment.isEmpty()) {
            return Optional.empty();
        }
        if (segment.get().kind() != SegmentKind.LIST) {
            throw new SegmentConflictException("segment '" + segment.get().name() + "' is a " + segment.get().kind()
                    + " segment; only LIST segments take an uploaded list");
        }
        var result = AccountListUpload.match(csv, signals);
        if (result.rows() == 0) {
            throw new SegmentValidationException("the upload has no rows (expected one Salesforce Account id or domain per row)");
        }
        ObjectNode upload = json.createObjectNode();
        upload.putObject("upload").put("rows", result.rows()).put("matchedAccounts", result.accounts().size())
                .put("unmatchedRows", result.unmatched().size()).put("by", actor).put("at", clock.instant().toString());
        transaction.executeWithoutResult(status -> {
            store.replaceSourceAccounts(id, result.accounts());
            store.updateDefinition(id, upload, clock.instant());
        });
        return Optional.of(new UploadReport(result.rows(), result.accounts().size(), result.unmatched()));
    }

    public int memberCount(long id) {
        return store.memberCount(id);
    }

    public List<SegmentStore.Member> members(long id, String after, int limit) {
        return store.members(id, after, limit);
    }

    public List<SegmentStore.MemberEvent> memberEvents(long id, long afterEvent, int limit) {
        return store.memberEvents(id, afterEvent, limit);
    }

    public List<SegmentStore.MembershipRun> membershipRuns(Long beforeRun, int limit) {
        return store.membershipRuns(beforeRun, limit);
    }

    private List<String> validate(SegmentDraft draft, Long id) {
        var errors = new ArrayList<String>();
        var warnings = new ArrayList<String>();
        String name = draft.name() == null ? "" : draft.name().trim();
        if (name.isEmpty()) {
            errors.add("name: required");
        } else if (name.length() > MAX_NAME) {
            errors.add("name: at most " + MAX_NAME + " characters");
        } else if (name.contains(properties.namesDelimiter())) {
            errors.add("name: must not contain '" + properties.namesDelimiter() + "', the delimiter of the segment names on Accounts");
        } else if (!name.equals(draft.name())) {
            errors.add("name: must not start or end with spaces");
        } else {
            store.findByName(name).filter(other -> id == null || other.id() != id)
                    .ifPresent(other -> errors.add("name: segment " + other.id() + " is already named '" + other.name() + "'"));
        }
        FolderNaming.check(draft.folder()).ifPresent(problem -> {
            if (properties.folderNaming() == SegmentProperties.NamingCheck.refuse) {
                errors.add(problem);
            } else {
                warnings.add(problem);
            }
        });
        if (draft.folder() != null && draft.folder().length() > MAX_NAME) {
            errors.add("folder: at most " + MAX_NAME + " characters");
        }
        if (draft.tags() != null) {
            draft.tags().stream().filter(t -> t == null || t.isBlank() || t.length() > MAX_TAG).findFirst()
                    .ifPresent(t -> errors.add("tags: each tag must be 1 to " + MAX_TAG + " characters"));
        }
        if (draft.audienceList() != null && (draft.audienceList().isBlank() || draft.audienceList().length() > MAX_NAME)) {
            errors.add("audienceList: a Marketo static list id or name (1 to " + MAX_NAME + " characters), or leave it out");
        }
        if (draft.kind() == null) {
            errors.add("kind: required, one of FILTER, LIST, CRM_QUERY");
        } else {
            switch (draft.kind()) {
                case FILTER -> {
                    if (draft.filter() == null || draft.filter().isNull()) {
                        errors.add("filter: required for a FILTER segment");
                    } else {
                        try {
                            SegmentFilter.parse(draft.filter());
                        } catch (SegmentValidationException e) {
                            errors.addAll(e.errors());
                        }
                    }
                }
                case CRM_QUERY -> {
                    try {
                        SegmentCrmQueries.check(draft.crmQuery());
                    } catch (SegmentValidationException e) {
                        errors.addAll(e.errors());
                    }
                }
                case LIST -> {
                    if (draft.filter() != null || draft.crmQuery() != null) {
                        errors.add("a LIST segment takes neither filter nor crmQuery: upload its list to /api/segments/{id}/list-upload");
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new SegmentValidationException(errors);
        }
        return warnings;
    }

    private JsonNode definition(SegmentDraft draft, Segment existing) {
        return switch (draft.kind()) {
            case FILTER -> draft.filter();
            case CRM_QUERY -> json.createObjectNode().put("where", draft.crmQuery().trim());
            case LIST -> existing != null && existing.kind() == SegmentKind.LIST ? existing.definition()
                    : json.createObjectNode().putNull("upload");
        };
    }
}
