package dev.warden.output;

import java.io.PrintStream;
import java.util.List;

/** Left-aligned columns sized to their content; the last column is never padded. */
public final class Table {
    private Table() {}

    public static void print(List<String[]> rows, PrintStream out) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
        for (String[] r : rows) {
            var sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String v = r[i] == null ? "" : r[i];
                sb.append(i == cols - 1 ? v : String.format("%-" + (width[i] + 2) + "s", v));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
