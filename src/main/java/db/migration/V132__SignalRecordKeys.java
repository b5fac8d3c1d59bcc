package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.signalbridge.signals.RecordKeys;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills in the record keys (V131) of the records pulled before them, streaming the store (a fetch size, inside
 * Flyway's transaction, so PostgreSQL streams too) and updating in batches of 1,000.
 */
public class V132__SignalRecordKeys extends BaseJavaMigration {

    private static final int BATCH = 1_000;

    @Override
    public void migrate(Context context) throws Exception {
        var json = new ObjectMapper();
        var connection = context.getConnection();
        try (Statement select = connection.createStatement();
             PreparedStatement update = connection.prepareStatement(
                     "update signal_record set account_key = ?, person_key = ?, domain_key = ?, keyed = true where source = ? and id = ?")) {
            select.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rs = select.executeQuery("select source, object_name, id, fields from signal_record where not keyed")) {
                while (rs.next()) {
                    JsonNode fields = json.readTree(rs.getString(4));
                    var keys = RecordKeys.of(rs.getString(2), rs.getString(3), fields);
                    update.setString(1, keys.accountKey());
                    update.setString(2, keys.personKey());
                    update.setString(3, keys.domainKey());
                    update.setString(4, rs.getString(1));
                    update.setString(5, rs.getString(3));
                    update.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                update.executeBatch();
            }
        }
    }
}
