package io.signalbridge.sandbox.salesforce.bulk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** Reading and writing the RFC 4180 CSV that Bulk API 2.0 exchanges. */
final class BulkCsv {

    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private BulkCsv() {
    }

    /** All rows, the header first. */
    static List<String[]> read(String csv, char delimiter) {
        var schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        try (MappingIterator<String[]> rows = MAPPER.readerFor(String[].class).with(schema).readValues(csv)) {
            var result = new ArrayList<String[]>();
            while (rows.hasNextValue()) {
                String[] row = rows.nextValue();
                if (!(row.length == 1 && row[0].isEmpty())) {
                    result.add(row);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line, every value quoted as Salesforce writes its result files; null as an empty value. */
    static void appendRow(StringBuilder out, List<?> values, char delimiter, String newline) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(delimiter);
            }
            Object value = values.get(i);
            if (value != null) {
                out.append('"').append(value.toString().replace("\"", "\"\"")).append('"');
            }
        }
        out.append(newline);
    }
}
