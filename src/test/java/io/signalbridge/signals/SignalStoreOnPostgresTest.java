package io.signalbridge.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class SignalStoreOnPostgresTest extends PostgresTestSupport {

    @Nested
    class Contract extends SignalStoreContract {

        @Autowired
        JdbcTemplate jdbc;

        @Test
        void runsOnPostgres() {
            assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        }
    }
}
