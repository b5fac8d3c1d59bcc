package io.signalbridge.marketo.sixqa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.SignalbridgeApplication;
import io.signalbridge.sandbox.marketo.MarketoStore;
import io.signalbridge.sandbox.marketo.MutableTestClock;
import io.signalbridge.scores.AccountScores;
import io.signalbridge.signals.SignalStore;
import io.signalbridge.support.FreePorts;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The 6-day wait is a row in the database, not a thread: a timer queued by one application context is
 * processed, when due, by a new one on the same H2 file, fired by the Quartz route.
 */
class SixQaWaitSurvivesRestartTest {

    static final String ACCOUNT = "001000000000801AAA";
    static final MutableTestClock CLOCK = new MutableTestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @Configuration(proxyBeanMethods = false)
    static class MovableClock {
        @Bean
        @Primary
        Clock restartTestClock() {
            return CLOCK;
        }
    }

    @Test
    void aTimerQueuedBeforeARestartIsProcessedAfterIt() {
        String database = "./target/six-qa-restart/" + UUID.randomUUID();
        int port = FreePorts.find();
        long lead;

        try (var first = start(database, port)) {
            SixQaFixture fixture = fixture(first);
            lead = fixture.lead("ann@acme.example", "sfdcAccountId", ACCOUNT, "leadStatus", "Engaged", "behaviorScore", "3");
            fixture.sixQaStarts(ACCOUNT);

            first.getBean(SixQaScoring.class).run("test");

            assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED");
            assertThat(fixture.timerState(lead)).isEqualTo("WAITING");
        }

        CLOCK.advance(Duration.ofDays(6).plusMinutes(1));

        try (var second = start(database, port)) {
            SixQaFixture fixture = fixture(second);
            assertThat(fixture.timerState(lead)).as("the timer outlived the restart").isEqualTo("WAITING");
            var quartz = second.getBean(CamelContext.class).getComponent("quartz", QuartzComponent.class);

            // fire the rule's Quartz trigger now instead of waiting for its cron time
            quartz.getScheduler().triggerJob(JobKey.jobKey("marketo-six-qa", "signalbridge"));

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fixture.decisionKinds(lead).size() == 2);
            assertThat(fixture.decisionKinds(lead)).containsExactly("QUEUED", "AWARDED");
            assertThat(fixture.score(lead)).contains(23);
            assertThat(fixture.timerState(lead)).isEqualTo("DONE");
        } catch (org.quartz.SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SixQaFixture fixture(ConfigurableApplicationContext context) {
        return new SixQaFixture(context.getBean(JdbcTemplate.class), context.getBean(MarketoStore.class), context.getBean(SignalStore.class),
                context.getBean(AccountScores.class), context.getBean(ObjectMapper.class), CLOCK);
    }

    private static ConfigurableApplicationContext start(String database, int port) {
        return new SpringApplicationBuilder(SignalbridgeApplication.class, MovableClock.class)
                .profiles("test")
                .run("--server.port=" + port,
                        "--spring.datasource.url=jdbc:h2:file:" + database + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }
}
