package io.signalbridge.cluster;

import io.signalbridge.support.PostgresTestSupport;

import org.junit.jupiter.api.Nested;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class JobLeasesOnPostgresTest extends PostgresTestSupport {

    @Nested
    class Contract extends JobLeasesContract {
    }
}
