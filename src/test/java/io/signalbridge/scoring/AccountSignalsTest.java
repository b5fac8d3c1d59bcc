package io.signalbridge.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AccountSignalsTest {

    @Test
    void packedAndUnpackedSignalsSortAndDropDuplicatesAlike() {
        var packed = new AccountSignals();
        var unpacked = new AccountSignals();
        // a time before 1970 does not fit the packing: this account holds its signals in arrays from the start
        unpacked.add(3, -86_400, "003-early");
        var random = new SplittableRandom(11);
        for (int i = 0; i < 5_000; i++) {
            int kind = random.nextInt(6);
            long time = 1_700_000_000L + random.nextInt(2_000);
            String person = random.nextInt(4) == 0 ? null : "003-" + random.nextInt(40);
            packed.add(kind, time, person);
            unpacked.add(kind, time, person);
        }

        assertThat(packed.duplicates()).isPositive().isEqualTo(unpacked.duplicates());
        assertThat(unpacked.size()).isEqualTo(packed.size() + 1);
        assertThat(unpacked.time(0)).isEqualTo(-86_400);
        for (int i = 0; i < packed.size(); i++) {
            assertThat(packed.time(i)).isEqualTo(unpacked.time(i + 1));
            assertThat(packed.kind(i)).isEqualTo(unpacked.kind(i + 1));
            // the early signal's person took index 0 in the unpacked account: everyone else's index is one higher there
            int person = unpacked.person(i + 1);
            assertThat(packed.person(i)).isEqualTo(person == -1 ? -1 : person - 1);
            if (i > 0) {
                assertThat(packed.time(i)).isGreaterThanOrEqualTo(packed.time(i - 1));
            }
        }
    }

    @Test
    void anAccountWithMorePeopleThanThePackingHoldsKeepsThemAll() {
        var signals = new AccountSignals();
        int people = 70_000;
        for (int p = 0; p < people; p++) {
            signals.add(1, 1_700_000_000L + p, "003-" + p);
        }
        assertThat(signals.size()).isEqualTo(people);
        assertThat(signals.persons()).isEqualTo(people);
        assertThat(signals.person(people - 1)).isEqualTo(people - 1);
        assertThat(signals.time(people - 1)).isEqualTo(1_700_000_000L + people - 1);
    }
}
