package io.signalbridge.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.salesforce.SalesforceBulkQueries;
import io.signalbridge.salesforce.SalesforcePull;
import io.signalbridge.salesforce.SalesforcePullProperties;
import io.signalbridge.salesforce.SalesforceQueries;
import io.signalbridge.sandbox.SandboxTokenStore;
import io.signalbridge.sandbox.salesforce.SalesforceIds;
import io.signalbridge.sandbox.salesforce.SalesforceRecord;
import io.signalbridge.sandbox.salesforce.SalesforceRecordStore;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.signals.SyncRuns;

import io.signalbridge.support.FreePorts;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A pull of 1,000,000 Salesforce records from the sandbox org, heap capped at 512 MB (the bench profile):
 * the raw cost of the sandbox's query paging, then the pull through camel-salesforce into the signal store
 * with REST paging (physical minimum: ceil(records / 2,000) query calls) and with a Bulk API 2.0 first load.
 * Run: {@code ./mvnw -Pbench test -Dtest=PullBenchmark}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PullBenchmark {

    static final int RECORDS = 1_000_000;
    static final int PORT = FreePorts.find();
    static final String DB = "target/bench-pull/" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:./" + DB + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("logging.level.io.signalbridge", () -> "WARN");
    }

    @Autowired
    SalesforceRecordStore org;
    @Autowired
    SalesforcePullProperties settings;
    @Autowired
    SalesforceQueries queries;
    @Autowired
    SalesforceBulkQueries bulk;
    @Autowired
    SignalStore signals;
    @Autowired
    SyncRuns runs;
    @Autowired
    SandboxTokenStore tokens;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    Clock clock;

    @Test
    @Order(1)
    void sandboxQueryThroughput() throws Exception {
        fillOrg();
        String token = tokens.issue(SandboxTokenStore.Org.SALESFORCE, "sandbox", "integration@sandbox.local", Duration.ofHours(1), "00D!").value();
        var http = HttpClient.newHttpClient();
        String base = "http://localhost:" + PORT + "/sandbox/salesforce";
        String next = "/services/data/v62.0/queryAll?q=" + URLEncoder.encode(
                "SELECT Id, Subject, ActivityDate, WhoId, WhatId, SystemModstamp FROM Task ORDER BY SystemModstamp, Id", StandardCharsets.UTF_8);
        long records = 0;
        int calls = 0;
        long started = System.nanoTime();
        while (next != null) {
            var response = http.send(HttpRequest.newBuilder(URI.create(base + next)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            JsonNode page = json.readTree(response.body());
            calls++;
            records += page.path("records").size();
            next = page.path("done").asBoolean() ? null : page.path("nextRecordsUrl").asText();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%nPullBenchmark sandbox: %d records in %d query calls, %.1f s, %.0f records/s (plain HTTP client, no Camel)%n",
                records, calls, seconds, records / seconds);
    }

    @Test
    @Order(2)
    void pullThroughRestPaging() {
        fillOrg();
        resetSignals();
        var restOnly = new SalesforcePullProperties(settings.overlap(), 1.0, false, 0, settings.bulkPollInterval(),
                settings.jobs(), settings.fields());
        measure("REST paging", new SalesforcePull(restOnly, queries, bulk, signals, runs));
    }

    @Test
    @Order(3)
    void pullThroughBulkApi2FirstLoad() {
        fillOrg();
        resetSignals();
        var bulkFirst = new SalesforcePullProperties(settings.overlap(), 1.0, false, 100_000, Duration.ofMillis(200),
                settings.jobs(), settings.fields());
        measure("Bulk API 2.0 first load", new SalesforcePull(bulkFirst, queries, bulk, signals, runs));
    }

    private void measure(String how, SalesforcePull pull) {
        System.gc();
        long started = System.nanoTime();
        pull.run("salesforce-activities", "bench");
        double seconds = (System.nanoTime() - started) / 1e9;
        var run = runs.recent("salesforce-activities", 1).get(0);
        long pulled = signals.count(SalesforcePull.SOURCE, "Task");
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("PullBenchmark %s: %s, %d records stored, %.1f s, %.0f records/s, %d API calls "
                        + "(REST physical minimum ceil(%d / 2000) = %d), heap max %d MB, used now %d MB%n",
                how, run.status(), pulled, seconds, pulled / seconds, run.apiCalls(), pulled, (pulled + 1999) / 2000,
                runtime.maxMemory() >> 20, (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        if (pulled != RECORDS) {
            throw new AssertionError("pulled " + pulled + " of " + RECORDS + ": " + run);
        }
    }

    private void resetSignals() {
        jdbc.update("delete from signal_record");
        jdbc.update("delete from sync_watermark");
    }

    /** A million Tasks spread over 18 months, inserted straight into the sandbox org. */
    private void fillOrg() {
        if (org.count("Task") >= RECORDS) {
            return;
        }
        var format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
        Instant start = clock.instant().minus(Duration.ofDays(540));
        long spacingMillis = Duration.ofDays(540).toMillis() / RECORDS;
        String account = SalesforceIds.of("001", 1);
        var batch = new ArrayList<SalesforceRecord>(5_000);
        for (int i = 0; i < RECORDS; i++) {
            Instant modstamp = start.plusMillis(i * spacingMillis);
            String id = SalesforceIds.of("00T", 1_000_000L + i);
            var fields = json.createObjectNode().put("Id", id).put("IsDeleted", false)
                    .put("Subject", i % 3 == 0 ? "Call" : "Email: follow-up " + i).put("Type", i % 3 == 0 ? "Call" : "Email")
                    .put("Status", "Completed").put("ActivityDate", format.format(modstamp).substring(0, 10))
                    .put("WhoId", SalesforceIds.of("003", 1 + i % 50_000)).put("WhatId", account).put("AccountId", account)
                    .put("CreatedDate", format.format(modstamp)).put("LastModifiedDate", format.format(modstamp))
                    .put("SystemModstamp", format.format(modstamp));
            batch.add(new SalesforceRecord(id, "Task", modstamp, false, fields));
            if (batch.size() == 5_000) {
                org.insertAll(batch);
                batch.clear();
            }
        }
        org.insertAll(batch);
    }
}
