package io.signalbridge.scores;

import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.scoring.AccountScore;
import io.signalbridge.scoring.AccountState;
import io.signalbridge.scoring.BuyingStage;
import io.signalbridge.scoring.Contribution;
import io.signalbridge.scoring.Person;
import io.signalbridge.scoring.PersonScore;
import io.signalbridge.scoring.ProfileFit;
import io.signalbridge.scoring.ReachLevel;
import io.signalbridge.scoring.ScoreEvent;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The latest score of every account, the outbox of score events, and the scoring runs. */
@Repository
public class AccountScores {

    private static final String UPSERT = """
            merge into account_score t
            using (values (cast(? as varchar(64)), cast(? as date), cast(? as integer), cast(? as varchar(18)),
                           cast(? as double precision), cast(? as integer), cast(? as double precision), cast(? as integer),
                           cast(? as varchar(18)), cast(? as double precision), cast(? as varchar(30)), cast(? as boolean),
                           cast(? as boolean), cast(? as date), cast(? as date), cast(? as integer), cast(? as text),
                           cast(? as timestamp)))
                  as s (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                        in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                        qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
            on t.account_id = s.account_id
            when matched then
                update set as_of = s.as_of, profile_score = s.profile_score, profile_fit = s.profile_fit,
                           profile_probability = s.profile_probability, intent_score = s.intent_score,
                           in_market_probability = s.in_market_probability, reach_score = s.reach_score,
                           reach_level = s.reach_level, reach = s.reach, buying_stage = s.buying_stage,
                           open_opportunity = s.open_opportunity, qualified = s.qualified,
                           qualified_since = s.qualified_since, qualified_until = s.qualified_until,
                           qualified_age_days = s.qualified_age_days, contributors = s.contributors, scored_at = s.scored_at
            when not matched then
                insert (account_id, as_of, profile_score, profile_fit, profile_probability, intent_score,
                        in_market_probability, reach_score, reach_level, reach, buying_stage, open_opportunity, qualified,
                        qualified_since, qualified_until, qualified_age_days, contributors, scored_at)
                values (s.account_id, s.as_of, s.profile_score, s.profile_fit, s.profile_probability, s.intent_score,
                        s.in_market_probability, s.reach_score, s.reach_level, s.reach, s.buying_stage, s.open_opportunity,
                        s.qualified, s.qualified_since, s.qualified_until, s.qualified_age_days, s.contributors, s.scored_at)""";

    private static final String UPSERT_PERSON = """
            merge into person_score t
            using (values (cast(? as varchar(64)), cast(? as varchar(64)), cast(? as varchar(16)), cast(? as date),
                           cast(? as integer), cast(? as varchar(18)), cast(? as double precision), cast(? as integer),
                           cast(? as varchar(1)), cast(? as double precision), cast(? as integer), cast(? as double precision),
                           cast(? as text), cast(? as timestamp)))
                  as s (person_id, account_id, person_type, as_of, profile_score, profile_fit, profile_probability,
                        engagement_score, grade, engagement, intent_score, in_market_probability, contributors, scored_at)
            on t.person_id = s.person_id
            when matched then
                update set account_id = s.account_id, person_type = s.person_type, as_of = s.as_of,
                           profile_score = s.profile_score, profile_fit = s.profile_fit,
                           profile_probability = s.profile_probability, engagement_score = s.engagement_score,
                           grade = s.grade, engagement = s.engagement, intent_score = s.intent_score,
                           in_market_probability = s.in_market_probability, contributors = s.contributors, scored_at = s.scored_at
            when not matched then
                insert (person_id, account_id, person_type, as_of, profile_score, profile_fit, profile_probability,
                        engagement_score, grade, engagement, intent_score, in_market_probability, contributors, scored_at)
                values (s.person_id, s.account_id, s.person_type, s.as_of, s.profile_score, s.profile_fit,
                        s.profile_probability, s.engagement_score, s.grade, s.engagement, s.intent_score,
                        s.in_market_probability, s.contributors, s.scored_at)""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AccountScores(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An account's stored score with its 6QA episode. */
    public record StoredScore(AccountScore score, AccountState state, Long qualifiedAgeDays, Instant scoredAt) {
    }

    /** One row of the account ranking. */
    public record RankedAccount(String accountId, int intentScore, int profileScore, String profileFit, int reachScore,
                                String reachLevel, String buyingStage, boolean sixQa, LocalDate sixQaStartDate) {
    }

    /** What the ranking can be ordered by, each with its tie-breakers. */
    public enum Ranking {
        INTENT("intent_score desc, profile_score desc"),
        PROFILE("profile_score desc, intent_score desc"),
        REACH("reach_score desc, intent_score desc");

        private final String orderBy;

        Ranking(String orderBy) {
            this.orderBy = orderBy;
        }
    }

    /** The top {@code limit} accounts by {@code ranking}; only 6QA accounts when {@code sixQaOnly}. */
    public List<RankedAccount> ranked(Ranking ranking, boolean sixQaOnly, int limit) {
        return jdbc.query("select account_id, intent_score, profile_score, profile_fit, reach_score, reach_level, buying_stage, qualified,"
                        + " qualified_since from account_score" + (sixQaOnly ? " where qualified" : "")
                        + " order by " + ranking.orderBy + ", account_id limit ?",
                (rs, i) -> new RankedAccount(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getObject(9, LocalDate.class)), limit);
    }

    /** How many accounts are in one buying stage, and how many of them are 6QA. */
    public record StageCount(BuyingStage stage, long accounts, long sixQa) {
    }

    /** The buying-stage funnel: every stage in funnel order, with 0 for a stage no account is in. */
    public List<StageCount> stageCounts() {
        var counted = new EnumMap<BuyingStage, StageCount>(BuyingStage.class);
        jdbc.query("select buying_stage, count(*), sum(case when qualified then 1 else 0 end) from account_score group by buying_stage", rs -> {
            var stage = BuyingStage.valueOf(rs.getString(1));
            counted.put(stage, new StageCount(stage, rs.getLong(2), rs.getLong(3)));
        });
        return Arrays.stream(BuyingStage.values()).map(stage -> counted.getOrDefault(stage, new StageCount(stage, 0, 0))).toList();
    }

    /** What the last run remembered of every account (stage and 6QA episode). */
    public Map<String, AccountState> states() {
        var states = new HashMap<String, AccountState>();
        jdbc.query("select account_id, buying_stage, qualified, qualified_since, qualified_until, intent_score from account_score", rs -> {
            states.put(rs.getString(1), new AccountState(rs.getString(1), BuyingStage.valueOf(rs.getString(2)), rs.getBoolean(3),
                    rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class), rs.getInt(6)));
        });
        return states;
    }

    public void save(List<AccountScore> scores, Map<String, AccountState> states, List<ScoreEvent> events, Instant now) {
        var scoredAt = Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        jdbc.batchUpdate(UPSERT, scores, 500, (ps, score) -> {
            var state = states.get(score.accountId());
            Long age = state.qualifiedAgeDays(score.asOf());
            ps.setString(1, score.accountId());
            ps.setDate(2, Date.valueOf(score.asOf()));
            ps.setInt(3, score.profileScore());
            ps.setString(4, score.fit().name());
            ps.setDouble(5, score.profileProbability());
            ps.setInt(6, score.intentScore());
            ps.setDouble(7, score.inMarketProbability());
            ps.setInt(8, score.reachScore());
            ps.setString(9, score.reachLevel().name());
            ps.setDouble(10, score.reach());
            ps.setString(11, score.stage().name());
            ps.setBoolean(12, score.openOpportunity());
            ps.setBoolean(13, state.qualified());
            ps.setDate(14, state.qualifiedSince() == null ? null : Date.valueOf(state.qualifiedSince()));
            ps.setDate(15, state.qualifiedUntil() == null ? null : Date.valueOf(state.qualifiedUntil()));
            ps.setObject(16, age == null ? null : age.intValue(), Types.INTEGER);
            ps.setString(17, write(score.contributors()));
            ps.setTimestamp(18, scoredAt);
        });
        jdbc.batchUpdate("insert into account_score_event (account_id, event_type, from_value, to_value, event_date, created_at) values (?, ?, ?, ?, ?, ?)",
                events, 500, (ps, event) -> {
                    ps.setString(1, event.accountId());
                    ps.setString(2, event.type().name());
                    ps.setString(3, event.from());
                    ps.setString(4, event.to());
                    ps.setDate(5, Date.valueOf(event.date()));
                    ps.setTimestamp(6, scoredAt);
                });
    }

    public void savePeople(List<PersonScore> people, Instant now) {
        var scoredAt = Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        jdbc.batchUpdate(UPSERT_PERSON, people, 500, (ps, person) -> {
            ps.setString(1, person.personId());
            ps.setString(2, person.accountId());
            ps.setString(3, person.type().name());
            ps.setDate(4, Date.valueOf(person.asOf()));
            ps.setInt(5, person.profileScore());
            ps.setString(6, person.fit().name());
            ps.setDouble(7, person.profileProbability());
            ps.setInt(8, person.engagementScore());
            ps.setString(9, String.valueOf(person.grade()));
            ps.setDouble(10, person.engagement());
            ps.setInt(11, person.intentScore());
            ps.setDouble(12, person.inMarketProbability());
            ps.setString(13, write(person.contributors()));
            ps.setTimestamp(14, scoredAt);
        });
    }

    /** The accounts the last runs scored these people under. */
    public java.util.Set<String> accountsOf(java.util.Collection<String> personIds) {
        return inBatches("select distinct account_id from person_score where account_id is not null and person_id in (%s)", personIds);
    }

    /** The unconverted leads the last runs scored under these accounts. */
    public java.util.Set<String> leadsOf(java.util.Collection<String> accountIds) {
        return inBatches("select person_id from person_score where person_type = 'LEAD' and account_id in (%s)", accountIds);
    }

    private java.util.Set<String> inBatches(String sql, java.util.Collection<String> values) {
        var found = new java.util.HashSet<String>();
        var all = List.copyOf(values);
        for (int from = 0; from < all.size(); from += 500) {
            var batch = all.subList(from, Math.min(all.size(), from + 500));
            found.addAll(jdbc.queryForList(sql.formatted(String.join(", ", java.util.Collections.nCopies(batch.size(), "?"))),
                    String.class, batch.toArray()));
        }
        return found;
    }

    public Optional<PersonScore> findPerson(String personId) {
        return jdbc.query("""
                select person_id, account_id, person_type, as_of, profile_score, profile_fit, profile_probability,
                       engagement_score, grade, engagement, coalesce(intent_score, 0), coalesce(in_market_probability, 0),
                       contributors
                from person_score where person_id = ?""", (rs, i) -> new PersonScore(rs.getString(1), rs.getString(2),
                Person.Type.valueOf(rs.getString(3)), rs.getObject(4, LocalDate.class), rs.getInt(5),
                ProfileFit.valueOf(rs.getString(6)), rs.getDouble(7), rs.getInt(8), rs.getString(9).charAt(0), rs.getDouble(10),
                rs.getInt(11), rs.getDouble(12), read(rs.getString(13))), personId).stream().findFirst();
    }

    public Optional<StoredScore> find(String accountId) {
        return jdbc.query("""
                select account_id, as_of, profile_score, profile_fit, profile_probability, intent_score, in_market_probability,
                       reach_score, reach_level, reach, buying_stage, open_opportunity, qualified, qualified_since,
                       qualified_until, qualified_age_days, contributors, scored_at
                from account_score where account_id = ?""", (rs, i) -> {
            var stage = BuyingStage.valueOf(rs.getString(11));
            var score = new AccountScore(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getInt(3),
                    ProfileFit.valueOf(rs.getString(4)), rs.getDouble(5), rs.getInt(6), rs.getDouble(7),
                    rs.getInt(8), ReachLevel.valueOf(rs.getString(9)), rs.getDouble(10), rs.getBoolean(12),
                    stage, read(rs.getString(17)));
            var state = new AccountState(rs.getString(1), stage, rs.getBoolean(13), rs.getObject(14, LocalDate.class),
                    rs.getObject(15, LocalDate.class), rs.getInt(6));
            Long age = rs.getObject(16) == null ? null : rs.getLong(16);
            return new StoredScore(score, state, age, rs.getObject(18, LocalDateTime.class).toInstant(ZoneOffset.UTC));
        }, accountId).stream().findFirst();
    }

    public List<ScoreEvent> events(String accountId) {
        return jdbc.query("select account_id, event_type, from_value, to_value, event_date from account_score_event where account_id = ? order by id",
                (rs, i) -> new ScoreEvent(rs.getString(1), ScoreEvent.Type.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getObject(5, LocalDate.class)), accountId);
    }

    public long startRun(Instant startedAt) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("insert into scoring_run (started_at, status, rejections) values (?, 'RUNNING', '{}')",
                    new String[] {"id"});
            ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(startedAt, ZoneOffset.UTC)));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /** How a run ended: FULL or INCREMENTAL, what it rescored, and the store's latest pull it read up to. */
    public record RunEnd(String status, String runType, int accounts, int people, int events, Map<String, Long> rejections,
                         Instant signalsUntil, String error) {
    }

    public void endRun(long id, Instant endedAt, RunEnd end) {
        jdbc.update("""
                update scoring_run set ended_at = ?, status = ?, run_type = ?, accounts = ?, people = ?, events = ?, rejections = ?,
                                       signals_until = ?, error = ?
                where id = ?""", LocalDateTime.ofInstant(endedAt, ZoneOffset.UTC), end.status(), end.runType(), end.accounts(),
                end.people(), end.events(), write(end.rejections()),
                end.signalsUntil() == null ? null : LocalDateTime.ofInstant(end.signalsUntil(), ZoneOffset.UTC), end.error(), id);
    }

    /** The store's latest pull that the last successful run read up to; empty before the first. */
    public Optional<Instant> lastSignalsUntil() {
        return jdbc.query("select signals_until from scoring_run where status = 'SUCCEEDED' and signals_until is not null order by id desc limit 1",
                (rs, i) -> rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC)).stream().findFirst();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Contribution> read(String text) {
        try {
            return json.readValue(text, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt contributors: " + e.getOriginalMessage(), e);
        }
    }
}
