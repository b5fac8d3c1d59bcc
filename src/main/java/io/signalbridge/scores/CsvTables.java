package io.signalbridge.scores;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** A CSV with a header line, as rows of column → cell, for {@link io.signalbridge.scoring.TableBacktest}. */
public final class CsvTables {

    private CsvTables() {
    }

    public static List<Map<String, String>> read(InputStream csv) throws IOException {
        var mapper = new CsvMapper();
        var rows = new ArrayList<Map<String, String>>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }
}
