package dev.bitnet4j.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * The results of one bench run, printed as llama-bench does (a markdown table under a header naming the
 * machine) or as one JSON array with one object per row. The JSON keys are a stable interface for
 * scripts: test, threads, tokens_per_s, stddev; for tg rows bytes_per_token, gb_per_s,
 * read_bandwidth_gb_per_s, bandwidth_pct; and on every row model, model_path, lm_head, kernels,
 * repetitions, peak_rss_mb (MiB; null off Linux) and ttft_ms (null when not measured).
 */
public record Report(String model, String modelPath, String lmHead, String kernels, Map<Integer, Double> readBandwidth,
                     long probeMib, BytesPerToken bytes, List<BenchRow> rows, OptionalLong peakRssMib,
                     boolean rssIncludesProbe, FirstTokenProbe.Result ttft) {

    public String json() {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (BenchRow r : rows) {
            ObjectNode o = array.addObject();
            o.put("test", r.test());
            o.put("threads", r.threads());
            o.put("tokens_per_s", r.tokensPerSecond().mean());
            o.put("stddev", r.tokensPerSecond().stddev());
            if (r.isGeneration()) {
                o.put("bytes_per_token", bytes.total());
                o.put("gb_per_s", gbPerS(r));
                o.put("read_bandwidth_gb_per_s", readBandwidth.get(r.threads()));
                o.put("bandwidth_pct", bandwidthPct(r));
            }
            o.put("model", model);
            o.put("model_path", modelPath);
            o.put("lm_head", lmHead);
            o.put("kernels", kernels);
            o.put("repetitions", r.tokensPerSecond().count());
            if (peakRssMib.isPresent()) o.put("peak_rss_mb", peakRssMib.getAsLong());
            else o.putNull("peak_rss_mb");
            if (ttft != null) o.put("ttft_ms", ttft.ms());
            else o.putNull("ttft_ms");
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        line(sb, "machine: %s; %s", Machine.describe(), Machine.java());
        StringJoiner bw = new StringJoiner(", ");
        readBandwidth.forEach((t, gbs) -> bw.add(String.format(Locale.ROOT, "%d %s %.1f GB/s", t, t == 1 ? "thread" : "threads", gbs)));
        line(sb, "read bandwidth (streaming sum over %d MiB, best of passes): %s", probeMib, bw);
        line(sb, "model: %s; kernels: %s; bytes per generated token: %s (ternary %s + lm_head %s %s + norms %s)",
                modelPath, kernels, mb(bytes.total()), mb(bytes.ternary()), lmHead,
                mb(bytes.lmHead()), mb(bytes.norms()));
        sb.append('\n');
        sb.append("| model | threads | test | t/s | GB/s | % of read BW |\n");
        sb.append("| --- | ---: | --- | ---: | ---: | ---: |\n");
        for (BenchRow r : rows) {
            Stats s = r.tokensPerSecond();
            String gbs = r.isGeneration() ? String.format(Locale.ROOT, "%.2f", gbPerS(r)) : "";
            String pct = r.isGeneration() ? String.format(Locale.ROOT, "%.1f", bandwidthPct(r)) : "";
            line(sb, "| %s | %d | %s | %.2f ± %.2f | %s | %s |", model, r.threads(), r.test(), s.mean(), s.stddev(), gbs, pct);
        }
        sb.append('\n');
        line(sb, "peak RSS: %s", peakRssMib.isPresent()
                ? peakRssMib.getAsLong() + " MiB" + (rssIncludesProbe ? " (includes the bandwidth probe's buffer)" : "")
                : "n/a");
        line(sb, "time to first token: %s", ttft == null ? "not measured (--no-ttft)" : String.format(Locale.ROOT,
                "%.0f ms (%s; the child's model load %.0f ms, prompt %.0f ms)", ttft.ms(), ttft.label(), ttft.loadMs(), ttft.promptMs()));
        return sb.toString();
    }

    /** Weight bytes a generation row streamed per second, in GB/s (10⁹ bytes). */
    private double gbPerS(BenchRow r) {
        return bytes.total() * r.tokensPerSecond().mean() / 1e9;
    }

    /** A generation row's GB/s as a percentage of the read bandwidth measured at its thread count. */
    private double bandwidthPct(BenchRow r) {
        return gbPerS(r) / readBandwidth.get(r.threads()) * 100;
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    /** Decimal units, as bandwidth is quoted (GB/s = 10⁹ bytes per second). */
    private static String mb(long bytes) {
        if (bytes >= 1e9) return String.format(Locale.ROOT, "%.3f GB", bytes / 1e9);
        if (bytes >= 1e6) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
}
