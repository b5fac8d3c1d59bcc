package io.signalbridge.signals;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class SignalStoreOnH2Test extends SignalStoreContract {
}
