import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes a large CSV for the benchmark from the real salary dataset: its header, then ROWS rows
 * drawn from its rows with replacement by a seeded java.util.Random, whose sequence the Java
 * specification fixes, so the same arguments give the same file on any machine. Sampled rows keep
 * the real value distribution (titles, currencies, salary ranges) and the real columns.
 *
 * <p>Usage: {@code java generate_rows.java INPUT.csv OUTPUT.csv [ROWS (default 1000000)] [SEED (default 42)]}
 * (single-file source launch, no build needed).
 */
public class generate_rows {
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: java generate_rows.java INPUT.csv OUTPUT.csv [ROWS] [SEED]");
            System.exit(2);
        }
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        long rows = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000L;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42L;
        List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
        List<String> body = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        Random random = new Random(seed);
        try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            out.write(lines.get(0));
            out.write('\n');
            for (long i = 0; i < rows; i++) {
                out.write(body.get(random.nextInt(body.size())));
                out.write('\n');
            }
        }
        System.out.println(output + ": " + rows + " rows sampled from " + body.size() + " (seed " + seed + ")");
    }
}
