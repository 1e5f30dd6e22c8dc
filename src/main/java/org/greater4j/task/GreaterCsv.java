package org.greater4j.task;

import java.nio.file.Path;
import java.util.List;

/**
 * GReaTer's split files ({@code goal,target,final_target}, CSV or TSV; psunlpgroup/GreaTer
 * {@code data/}), read as the official loader does ({@code pd.read_csv(..., dtype=str)}, tab-separated
 * for {@code .tsv}).
 */
final class GreaterCsv {

    static final List<String> HEADER = List.of("goal", "target", "final_target");

    private GreaterCsv() {}

    /**
     * @return the data rows (header checked and dropped); rows may have a wrong field count, which the
     *     caller must check with {@link #check}
     */
    static List<Csv.Row> read(Path file) {
        char delimiter = file.getFileName().toString().endsWith(".tsv") ? '\t' : ',';
        List<Csv.Row> rows = Csv.read(file, delimiter);
        if (rows.isEmpty() || !rows.get(0).fields().equals(HEADER)) {
            throw new DatasetFormatException(file, 1, "expected the header " + String.join(",", HEADER) + ", got "
                    + (rows.isEmpty() ? "an empty file" : "'" + Json.abbreviate(String.join(",", rows.get(0).fields())) + "'")
                    + "; this is not a GReaTer split file: fetch it again with " + DataDir.FETCH_HINT);
        }
        return rows.subList(1, rows.size());
    }

    /** @throws DatasetFormatException naming file and line when the row does not have 3 fields */
    static void check(Path file, Csv.Row row) {
        if (row.fields().size() != HEADER.size()) {
            throw new DatasetFormatException(file, row.line(), "expected 3 fields (goal,target,final_target), found "
                    + row.fields().size() + " starting '" + Json.abbreviate(row.fields().get(0))
                    + "'; a field with commas or line breaks must be quoted (fetch the file again, or fix the quoting)");
        }
    }
}
