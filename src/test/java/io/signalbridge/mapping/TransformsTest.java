package io.signalbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import io.signalbridge.mapping.Mapping.Transform;

import org.junit.jupiter.api.Test;

/** Transforms as the write-back applies them: value map, rounding, date format, truncation, in that order. */
class TransformsTest {

    @Test
    void valuesPassUnchangedWithoutATransformInTheFormTheRestApiTakes() {
        assertThat(Transforms.apply(Transform.NONE, 72L).toString()).isEqualTo("72");
        assertThat(Transforms.apply(Transform.NONE, true).toString()).isEqualTo("true");
        assertThat(Transforms.apply(Transform.NONE, LocalDate.of(2026, 3, 1)).asText()).isEqualTo("2026-03-01");
        assertThat(Transforms.apply(Transform.NONE, Instant.parse("2026-11-23T10:15:30.123456Z")).asText()).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(Transforms.apply(Transform.NONE, "").isNull()).as("an empty text clears the field").isTrue();
    }

    @Test
    void theValueMapAppliesFirstThenTruncation() {
        var transform = new Transform(Map.of("Strong", "High fit", "true", "Yes"), null, null, 6);
        assertThat(Transforms.apply(transform, "Strong").asText()).isEqualTo("High f");
        assertThat(Transforms.apply(transform, true).asText()).isEqualTo("Yes");
        assertThat(Transforms.apply(transform, "Weak").asText()).as("unmapped values pass").isEqualTo("Weak");
    }

    @Test
    void numbersAreRoundedHalfUp() {
        assertThat(Transforms.apply(new Transform(Map.of(), 0, null, null), new BigDecimal("71.5")).toString()).isEqualTo("72");
        assertThat(Transforms.apply(new Transform(Map.of(), 1, null, null), 0.25).toString()).isEqualTo("0.3");
        assertThat(Transforms.apply(new Transform(Map.of(), 0, null, null), 40L).toString()).isEqualTo("40");
    }

    @Test
    void datesTakeTheDateFormatAsText() {
        var format = new Transform(Map.of(), null, "dd/MM/yyyy", null);
        assertThat(Transforms.apply(format, LocalDate.of(2026, 3, 1)).asText()).isEqualTo("01/03/2026");
        assertThat(Transforms.apply(format, Instant.parse("2026-11-23T23:30:00Z")).asText()).as("date-times in UTC").isEqualTo("23/11/2026");
    }
}
