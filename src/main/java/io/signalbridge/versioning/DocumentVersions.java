package io.signalbridge.versioning;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The versions of each document of one kind (a field mapping, an orchestration) in its table: name, version, content,
 * author, origin, time and the diff from the version before. The primary key (name, version) refuses a concurrent
 * writer that read the same latest version.
 */
public class DocumentVersions {

    /** One stored version; {@code origin} is file, api or rollback. */
    public record Version(String name, int version, String content, String author, String origin, Instant createdAt, String diff) {
    }

    private final JdbcTemplate jdbc;
    private final String table;

    public DocumentVersions(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    public Optional<Version> latest(String name) {
        return jdbc.query("select * from " + table + " where name = ? order by version desc limit 1", this::map, name).stream().findFirst();
    }

    /** The newest version read from a mapping file (origin "file"), on any node. */
    public Optional<Version> latestFromFile(String name) {
        return jdbc.query("select * from " + table + " where name = ? and origin = 'file' order by version desc limit 1", this::map, name)
                .stream().findFirst();
    }

    public Optional<Version> find(String name, int version) {
        return jdbc.query("select * from " + table + " where name = ? and version = ?", this::map, name, version).stream().findFirst();
    }

    /** Newest first. */
    public List<Version> all(String name) {
        return jdbc.query("select * from " + table + " where name = ? order by version desc", this::map, name);
    }

    public List<String> names() {
        return jdbc.queryForList("select distinct name from " + table + " order by name", String.class);
    }

    /** Appends a version; the primary key refuses a concurrent writer that read the same latest version. */
    public Version append(String name, int version, String content, String author, String origin, Instant at, String diff) {
        jdbc.update("insert into " + table + " (name, version, content, author, origin, created_at, diff) values (?, ?, ?, ?, ?, ?, ?)",
                name, version, content, author, origin, LocalDateTime.ofInstant(at, ZoneOffset.UTC), diff);
        return new Version(name, version, content, author, origin, at, diff);
    }

    private Version map(ResultSet rs, int row) throws SQLException {
        return new Version(rs.getString("name"), rs.getInt("version"), rs.getString("content"), rs.getString("author"),
                rs.getString("origin"), rs.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString("diff"));
    }
}
