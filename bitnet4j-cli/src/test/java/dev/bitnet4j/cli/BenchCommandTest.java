package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BenchCommandTest {
    /** Tiny shape (H 64, I 160, 2 layers, 4 heads, 2 KV heads of 16, vocab 512), by hand:
     *  ternary 2 × (2·64·64 + 2·64·32 + 3·64·160) / 4 = 21504; bf16 head 512·64·2 = 65536;
     *  norms 4 × (2 × (64 + 64 + 64 + 160) + 64) = 3072. */
    static final long TINY_BYTES_PER_TOKEN = 21504 + 65536 + 3072;

    @TempDir
    Path cache;

    /** A small probe buffer keeps the tests quick; it still checks the whole measuring path. */
    private Cli bench(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("bench", "--cache", cache.toString(), "--bandwidth-mib", "64"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void jsonHasOneRowPerTestAndThreadCountAndReusesTheCachedModel() throws IOException {
        Cli r = bench("--shape", "tiny", "-p", "8", "-n", "4", "-t", "1,2", "-r", "2", "--json", "--no-ttft");
        JsonNode rows = r.json();
        assertTrue(r.err().contains("writing the random model"), r.err());
        assertEquals(4, rows.size(), rows.toString());
        String[][] expected = {{"pp8", "1"}, {"tg4", "1"}, {"pp8", "2"}, {"tg4", "2"}};
        for (int i = 0; i < 4; i++) {
            JsonNode row = rows.get(i);
            assertEquals(expected[i][0], row.get("test").asText());
            assertEquals(Integer.parseInt(expected[i][1]), row.get("threads").asInt());
            positive(row, "tokens_per_s");
            double sd = row.get("stddev").asDouble();
            assertTrue(sd >= 0 && Double.isFinite(sd), row.toString());
            assertEquals("tiny", row.get("model").asText());
            assertEquals("bf16", row.get("lm_head").asText());
            assertEquals(2, row.get("repetitions").asInt());
            assertTrue(row.get("ttft_ms").isNull(), "--no-ttft");
            assertTrue(row.get("peak_rss_mb").isNull() || row.get("peak_rss_mb").asLong() > 0, row.toString());
            boolean tg = expected[i][0].startsWith("tg");
            for (String key : List.of("bytes_per_token", "gb_per_s", "read_bandwidth_gb_per_s", "bandwidth_pct")) {
                assertEquals(tg, row.has(key), key + " only on tg rows: " + row);
                if (tg) positive(row, key);
            }
            if (tg) {
                assertEquals(TINY_BYTES_PER_TOKEN, row.get("bytes_per_token").asLong());
                double gbs = row.get("gb_per_s").asDouble();
                assertEquals(TINY_BYTES_PER_TOKEN * row.get("tokens_per_s").asDouble() / 1e9, gbs, gbs * 1e-12);
                assertEquals(gbs / row.get("read_bandwidth_gb_per_s").asDouble() * 100,
                        row.get("bandwidth_pct").asDouble(), 1e-9);
            }
        }

        Path weights = cache.resolve("models/tiny-seed1-packed/model.safetensors");
        FileTime written = Files.getLastModifiedTime(weights);
        Cli again = bench("--shape", "tiny", "-p", "4", "-n", "2", "-t", "1", "-r", "1", "--json", "--no-ttft");
        assertEquals(2, again.json().size());
        assertTrue(again.err().contains("using the cached random model"), again.err());
        assertEquals(written, Files.getLastModifiedTime(weights));
        try (var names = Files.list(cache.resolve("models"))) {
            assertEquals(List.of("tiny-seed1-packed"), names.map(p -> p.getFileName().toString()).toList(), "no temporary folder left");
        }
    }

    @Test
    void tableAndTimeToFirstTokenFromAChildJvm() {
        Path model = Cli.fixtureModel("mini-packed");
        Cli r = bench("--model", model.toString(), "-p", "4", "-n", "2", "-t", "1", "-r", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("| model | threads | test | t/s | GB/s | % of read BW |"), r.out());
        assertTrue(r.out().contains("| mini-packed | 1 | pp4 | "), r.out());
        assertTrue(r.out().contains("| mini-packed | 1 | tg2 | "), r.out());
        assertTrue(r.out().contains("read bandwidth (streaming sum over 64 MiB"), r.out());
        assertTrue(r.out().matches("(?s).*time to first token: \\d+ ms \\(process start → first token, page cache warm.*"), r.out());
        assertTrue(r.out().matches("(?s).*peak RSS: (\\d+ MiB|n/a).*"), r.out());
    }

    @Test
    void q8LmHeadRunsAndCountsItsBytes() {
        var rows = bench("--shape=tiny", "--lm-head", "q8", "-p", "4", "-n", "2", "-t", "1", "-r", "1", "--no-ttft", "--json").json();
        var tg = rows.get(1);
        assertEquals("tg2", tg.get("test").asText());
        assertEquals("q8", tg.get("lm_head").asText());
        // tiny: 2 layers x (2*64*64 + 2*64*32 + 3*64*160) / 4 ternary bytes, 512*64 + 4*512 head bytes,
        // 4 * (2 * (2*64 + 64 + 160) + 64) norm bytes
        assertEquals(2L * (2 * 64 * 64 + 2 * 64 * 32 + 3 * 64 * 160) / 4 + 512 * 64 + 4 * 512 + 4 * (2 * (2 * 64 + 64 + 160) + 64),
                tg.get("bytes_per_token").asLong());
    }

    @Test
    void badOptionsFailCleanly() throws IOException {
        String tiny = "--shape=tiny";
        bench(tiny, "-p", "0").failsWith("token counts must be positive, found 0");
        bench(tiny, "-p", "8,abc").failsWith("'abc' is not a whole number");
        bench(tiny, "-n", "-3").failsWith("must be positive");
        bench(tiny, "-t", "0").failsWith("thread counts must be positive");
        bench(tiny, "-t", "1,257").failsWith("thread counts must be at most 256, found 257");
        bench(tiny, "-r", "0").failsWith("-r/--repetitions must be positive");
        bench(tiny, "-r", "x").failsWith("error:");
        bench(tiny, "--lm-head", "q4").failsWith("--lm-head must be bf16 or q8");
        bench(tiny, "--cold", "--no-ttft").failsWith("--cold applies to the time-to-first-token run");
        bench("-p", "8").failsWith("Missing required argument");
        bench(tiny, "--model", "x").failsWith("mutually exclusive");
        bench("--shape", "huge").failsWith("model shape 'huge'");
        bench(tiny, "-p", "5000", "-n", "1", "-t", "1", "--no-ttft").failsWith("-p 5000 is longer than the model's context (4096 positions)");
        Files.createDirectories(cache.resolve("models/mini-seed1-packed"));
        bench("--shape", "mini", "--no-ttft").failsWith("exists but lacks config.json or model.safetensors; remove it");
    }

    private static void positive(JsonNode row, String key) {
        double v = row.get(key).asDouble();
        assertTrue(v > 0 && Double.isFinite(v), key + " = " + v + " in " + row);
    }
}
