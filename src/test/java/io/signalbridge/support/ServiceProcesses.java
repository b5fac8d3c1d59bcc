package io.signalbridge.support;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.signalbridge.SignalbridgeApplication;

import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service as separate JVMs (the test's classpath, sandbox profile) on PostgreSQL, in a schema of their own
 * that outlives each process: the crash tests start it, kill it with SIGKILL ({@link Process#destroyForcibly()}
 * on Linux: no shutdown hook, no graceful stop, a transaction cut where it stands), start it again and look at
 * the database with {@link #jdbc}. {@link #close} kills what is left and drops the schema.
 */
public final class ServiceProcesses implements AutoCloseable {

    /** The table of the crash and fault tests: one row per fault. */
    public static final String TABLE_HEADER = String.format("%-42s | %8s | %14s | %10s", "fault", "expected", "stored after", "duplicates")
            + "\n" + "-".repeat(84);

    public static String tableRow(String fault, long expected, long after, long duplicates) {
        return String.format("%-42s | %8d | %14d | %10d", fault, expected, after, duplicates);
    }

    public final String schema;
    public final JdbcTemplate jdbc;
    private final List<Process> started = new ArrayList<>();
    private final Map<Process, Integer> ports = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    public ServiceProcesses(String prefix) {
        schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(PostgresTestSupport.URL + "?currentSchema=" + schema, PostgresTestSupport.USER, ""));
        System.out.println("service processes in schema " + schema);
    }

    /** Starts the service; its output goes to target/crash-test-{name}.log. {@code settings} are --name=value arguments. */
    public Process start(String name, List<String> settings) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port = FreePorts.find();
        var command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SignalbridgeApplication.class.getName(),
                "--spring.profiles.active=sandbox",
                "--server.port=" + port,
                "--spring.datasource.url=" + PostgresTestSupport.URL + "?currentSchema=" + schema,
                "--spring.datasource.username=" + PostgresTestSupport.USER,
                "--spring.datasource.password=",
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema,
                "--logging.level.root=WARN"));
        if (settings.stream().noneMatch(s -> s.startsWith("--signalbridge.salesforce.streaming.enabled="))) {
            // the sandbox profile subscribes to change events; these tests are about the pulls and schedules alone
            command.add("--signalbridge.salesforce.streaming.enabled=false");
        }
        command.addAll(settings);
        File log = new File("target/crash-test-" + name + ".log");
        Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log).start();
        started.add(process);
        ports.put(process, port);
        return process;
    }

    /**
     * Waits until the node answers its readiness probe; fails at once when it exited (its log is
     * target/crash-test-{name}.log).
     */
    public void awaitReady(Process node, Duration atMost) {
        Awaitility.await("node ready").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!node.isAlive()) {
                        throw new IllegalStateException("a node exited with " + node.exitValue() + "; see target/crash-test-*.log");
                    }
                    return get(node, "/actuator/health/readiness") == 200;
                });
    }

    /**
     * SIGTERM, as an orchestrator stops a pod: Spring Boot's graceful shutdown lets the runs under way finish. Waits
     * until the process is gone and returns its exit code.
     */
    public int stop(Process process, Duration atMost) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("a node did not stop within " + atMost + " of SIGTERM; see target/crash-test-*.log");
        }
        return process.exitValue();
    }

    /** The node's base URL, http://localhost:{port}. */
    public String baseUrl(Process process) {
        return "http://localhost:" + ports.get(process);
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill(Process process) throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** POSTs to the service's API as the sandbox admin; the HTTP status, or -1 while it does not listen yet. */
    public int post(Process process, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get(process) + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:sandbox".getBytes(StandardCharsets.UTF_8)))
                .header("X-Requested-With", "XMLHttpRequest")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException notListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** GETs from the service's API as the sandbox admin; the HTTP status, or -1 while it does not listen yet. */
    public int get(Process process, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get(process) + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:sandbox".getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException notListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Whether the migrations have created {@code table} yet. */
    public boolean tableExists(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select count(*) > 0 from information_schema.tables where table_schema = ?"
                + " and table_name = ?", Boolean.class, schema, table));
    }

    /** A count, or 0 while the table does not exist yet. */
    public long count(String table, String sql, Object... args) {
        return tableExists(table) ? jdbc.queryForObject(sql, Long.class, args) : 0;
    }

    /** The sync runs so far, one per line: what a failed crash test prints to be understood. */
    public String syncRuns() {
        if (!tableExists("sync_run")) {
            return "no sync_run table";
        }
        return String.join("\n", jdbc.query("select id, job, trigger_kind, status, started_at, ended_at, api_calls, error from sync_run order by id",
                (rs, i) -> String.format("run %d %s (%s) %s %s..%s, %d API calls%s", rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5), rs.getObject(6), rs.getLong(7), rs.getString(8) == null ? "" : ": " + rs.getString(8))));
    }

    @Override
    public void close() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor();
        }
        if (Boolean.getBoolean("signalbridge.test.keep-schema")) {
            return; // to look into a failed run: psql, set search_path to the schema printed at the start
        }
        try (var connection = DriverManager.getConnection(PostgresTestSupport.URL, PostgresTestSupport.USER, "");
             var statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
