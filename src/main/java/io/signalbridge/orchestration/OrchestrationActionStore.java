package io.signalbridge.orchestration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.signalbridge.orchestration.PlannedAction.Status;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table orchestration_action and the outbox cursors of the evaluation (orchestration_cursor). */
@Repository
public class OrchestrationActionStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public OrchestrationActionStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Plans the action unless it was planned before for the same person and episode; true when it is new. */
    public boolean plan(String orchestration, int version, int actionIndex, String actionType, String accountId, String personId,
                        String episode, String startedBy) {
        if (planned(orchestration, actionIndex, accountId, personId, episode)) {
            return false;
        }
        try {
            jdbc.update("""
                    insert into orchestration_action (orchestration, version, action_index, action_type, account_id, person_id, episode,
                                                      started_by, status, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", orchestration, version, actionIndex, actionType, accountId, personId, episode,
                    startedBy, Status.PENDING.name(), now());
            return true;
        } catch (DuplicateKeyException plannedMeanwhile) {
            return false;
        }
    }

    public boolean planned(String orchestration, int actionIndex, String accountId, String personId, String episode) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select count(*) > 0 from orchestration_action
                where orchestration = ? and action_index = ? and account_id = ? and person_id = ? and episode = ?""", Boolean.class,
                orchestration, actionIndex, accountId, personId, episode));
    }

    public List<PlannedAction> pending(int limit) {
        return jdbc.query("select * from orchestration_action where status = ? order by id limit ?", this::map, Status.PENDING.name(), limit);
    }

    public Optional<PlannedAction> find(long id) {
        return jdbc.query("select * from orchestration_action where id = ?", this::map, id).stream().findFirst();
    }

    public List<PlannedAction> recent(String orchestration, String accountId, int limit) {
        StringBuilder sql = new StringBuilder("select * from orchestration_action where 1 = 1");
        var args = new java.util.ArrayList<Object>();
        if (orchestration != null) {
            sql.append(" and orchestration = ?");
            args.add(orchestration);
        }
        if (accountId != null) {
            sql.append(" and account_id = ?");
            args.add(accountId);
        }
        sql.append(" order by id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), this::map, args.toArray());
    }

    public void finish(long id, Status status, String outcome) {
        jdbc.update("update orchestration_action set status = ?, outcome = ?, done_at = ? where id = ?", status.name(), outcome,
                status == Status.FAILED ? null : now(), id);
    }

    /** Where the evaluation has read an outbox to; empty the first time. */
    public Optional<Long> cursor(String outbox) {
        return jdbc.queryForList("select last_id from orchestration_cursor where outbox = ?", Long.class, outbox).stream().findFirst();
    }

    public void moveCursor(String outbox, long lastId) {
        if (jdbc.update("update orchestration_cursor set last_id = ? where outbox = ?", lastId, outbox) == 0) {
            jdbc.update("insert into orchestration_cursor (outbox, last_id) values (?, ?)", outbox, lastId);
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private PlannedAction map(ResultSet rs, int row) throws SQLException {
        LocalDateTime done = rs.getObject("done_at", LocalDateTime.class);
        return new PlannedAction(rs.getLong("id"), rs.getString("orchestration"), rs.getInt("version"), rs.getInt("action_index"),
                rs.getString("action_type"), rs.getString("account_id"), rs.getString("person_id"), rs.getString("episode"),
                rs.getString("started_by"), Status.valueOf(rs.getString("status")), rs.getString("outcome"),
                rs.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC), done == null ? null : done.toInstant(ZoneOffset.UTC));
    }
}
