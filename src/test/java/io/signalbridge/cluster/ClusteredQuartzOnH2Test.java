package io.signalbridge.cluster;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class ClusteredQuartzOnH2Test extends ClusteredQuartzContract {
}
