package io.signalbridge.scores;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.signalbridge.scoring.TrainedModels;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The models the last full run trained, as one JSON document per training. Percentile scales (tens of thousands
 * of doubles) are written as deflated, base64 binary: exact, so incremental runs score on the very same scales.
 */
@Repository
public class ScoringModels {

    /** How many trainings are kept (the latest is used; older ones are there to compare). */
    private static final int KEPT = 3;

    public record Stored(TrainedModels models, String fingerprint) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ScoringModels(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json.copy().registerModule(new SimpleModule("scales")
                .addSerializer(double[].class, new ScaleWriter()).addDeserializer(double[].class, new ScaleReader()));
    }

    public void save(TrainedModels models, String fingerprint, Instant now) {
        jdbc.update("insert into scoring_model (trained_at, fingerprint, document, created_at) values (?, ?, ?, ?)",
                utc(models.trainedAt()), fingerprint, write(models), utc(now));
        jdbc.update("delete from scoring_model where id <= (select max(id) from scoring_model) - ?", KEPT);
    }

    public Optional<Stored> latest() {
        return jdbc.query("select document, fingerprint from scoring_model order by id desc limit 1",
                (rs, i) -> new Stored(read(rs.getString(1)), rs.getString(2))).stream().findFirst();
    }

    private String write(TrainedModels models) {
        try {
            return json.writeValueAsString(models);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TrainedModels read(String document) {
        try {
            return json.readValue(document, TrainedModels.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored scoring models are unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static final class ScaleWriter extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] values, JsonGenerator generator, SerializerProvider provider) throws IOException {
            var bytes = new ByteArrayOutputStream();
            try (var out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
                out.writeInt(values.length);
                for (double value : values) {
                    out.writeDouble(value);
                }
            }
            generator.writeBinary(bytes.toByteArray());
        }
    }

    private static final class ScaleReader extends JsonDeserializer<double[]> {
        @Override
        public double[] deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            try (var in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(parser.getBinaryValue())))) {
                double[] values = new double[in.readInt()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readDouble();
                }
                return values;
            }
        }
    }
}
