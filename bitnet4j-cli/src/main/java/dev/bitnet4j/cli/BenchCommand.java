package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.cli.bench.BenchRow;
import dev.bitnet4j.cli.bench.BytesPerToken;
import dev.bitnet4j.cli.bench.FirstTokenProbe;
import dev.bitnet4j.model.LmHead;
import dev.bitnet4j.cli.bench.ModelCache;
import dev.bitnet4j.cli.bench.PeakRss;
import dev.bitnet4j.cli.bench.ReadBandwidth;
import dev.bitnet4j.cli.bench.Report;
import dev.bitnet4j.cli.bench.Stats;
import dev.bitnet4j.cli.bench.Workload;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure prompt processing (pp) and generation (tg) speed, in the manner of llama-bench.",
                "ppP: one batched forward of P random tokens into a fresh cache; tgN: after a 1-token prompt, N "
                        + "single-token forwards with greedy argmax. Each test runs once untimed, then -r times; "
                        + "t/s is the mean ± sample standard deviation.",
                "tg rows also give the weight bytes read per token, the GB/s that makes, and its share of the "
                        + "read bandwidth measured in the same run at the same thread count.",
                "--shape models are random (seed 1, packed layout), written once to "
                        + "$BITNET4J_CACHE/models/ (default ~/.cache/bitnet4j/models/) or --cache DIR/models/, and reused."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = {"-m", "--model"}, required = true, paramLabel = "PATH", description = "Model folder in the Hugging Face layout, or a GGUF file.")
        Path model;

        @Option(names = "--shape", required = true, paramLabel = "SHAPE",
                description = "A random model of this shape instead: tiny, mini, 2b4t, or H,I,L,HEADS,KV,VOCAB.")
        String shape;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-p", "--n-prompt"}, paramLabel = "P[,P...]", defaultValue = "128,512", converter = PositiveInts.Counts.class,
            description = "Prompt lengths, comma-separated (default: ${DEFAULT-VALUE}).")
    PositiveInts prompts;

    @Option(names = {"-n", "--n-gen"}, paramLabel = "N[,N...]", defaultValue = "128", converter = PositiveInts.Counts.class,
            description = "Tokens to generate, comma-separated (default: ${DEFAULT-VALUE}).")
    PositiveInts generations;

    @Option(names = {"-t", "--threads"}, paramLabel = "T[,T...]", converter = PositiveInts.Threads.class,
            description = "Thread counts, comma-separated, at most 256 (default: 1 and the number of cores).")
    PositiveInts threads;

    @Option(names = {"-r", "--repetitions"}, paramLabel = "R", defaultValue = "3", description = "Timed runs of each test (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--lm-head", paramLabel = "FORMAT", defaultValue = "bf16", description = "lm_head format: bf16 (as stored) or q8 (default: ${DEFAULT-VALUE}).")
    String lmHead;

    @Option(names = "--json", description = "Print one JSON array, one object per row, instead of the table.")
    boolean json;

    @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder for --shape models (default: $BITNET4J_CACHE, else ~/.cache/bitnet4j).")
    Path cache;

    @Option(names = "--no-ttft", description = "Skip the time-to-first-token measurement (a child JVM running generate).")
    boolean noTtft;

    @Option(names = "--cold", description = "Drop the page cache before the time-to-first-token run (needs root).")
    boolean cold;

    @Option(names = "--bandwidth-mib", defaultValue = "1024", paramLabel = "MIB",
            description = "Buffer of the read-bandwidth probe; keep it larger than the last-level cache (default: ${DEFAULT-VALUE}).")
    int bandwidthMib;

    @Override
    public Integer call() {
        LmHead head = validate();
        PrintWriter out = spec.commandLine().getOut(), log = spec.commandLine().getErr();
        Path path;
        String name;
        if (source.shape != null) {
            ModelShape shape = ModelShape.parse(source.shape);
            path = ModelCache.get(ModelCache.root(cache), shape, log);
            name = ModelCache.name(shape);
        } else {
            path = source.model;
            name = String.valueOf(path.toAbsolutePath().normalize().getFileName());
        }
        PeakRss rss = new PeakRss();
        Map<Integer, Double> bandwidth = new LinkedHashMap<>();
        List<BenchRow> rows = new ArrayList<>();
        BytesPerToken bytes = null;
        for (int t : threadCounts()) {
            try (BitNetModel m = BitNetModel.load(path, t, head)) {   // the model owns (and closes) its kernels
                checkContext(m.config());
                bytes = BytesPerToken.of(m.config(), head, m.weights().lmHead().dtype().bytes);
                rss.pause();   // the probe's buffer is not the model's memory
                double gbs = ReadBandwidth.measure((long) bandwidthMib << 20, t);
                rss.resume();
                bandwidth.put(t, gbs);
                log.printf(Locale.ROOT, "threads %d: read bandwidth %.1f GB/s%n", t, gbs);
                Workload w = new Workload(m);
                for (int p : prompts.values()) {
                    rows.add(new BenchRow("pp" + p, t, progress(log, "pp" + p, t, () -> w.promptProcessing(p, repetitions)), false));
                }
                for (int n : generations.values()) {
                    rows.add(new BenchRow("tg" + n, t, progress(log, "tg" + n, t, () -> w.generation(n, repetitions)), true));
                }
            }
        }
        FirstTokenProbe.Result ttft = null;
        if (!noTtft) {
            log.println("time to first token: running generate in a new JVM");
            log.flush();
            ttft = FirstTokenProbe.measure(path, cold);
        }
        Report report = new Report(name, path.toString(), head.label(), "VectorKernels", bandwidth, bandwidthMib, bytes, rows,
                rss.peakMib(), rss.includesProbe(), ttft);
        out.print(json ? report.json() + "\n" : report.markdown());
        out.flush();
        return 0;
    }

    /** Checks what picocli cannot; returns the lm_head format. */
    private LmHead validate() {
        if (repetitions <= 0) throw new BitNetException("-r/--repetitions must be positive, found " + repetitions);
        if (bandwidthMib <= 0) throw new BitNetException("--bandwidth-mib must be positive, found " + bandwidthMib);
        if (cold && noTtft) throw new BitNetException("--cold applies to the time-to-first-token run, which --no-ttft skips");
        if (cold && !FirstTokenProbe.canDropCaches()) {
            throw new BitNetException("--cold drops the page cache through /proc/sys/vm/drop_caches, which needs root on Linux");
        }
        return LmHead.parse(lmHead);
    }

    private int[] threadCounts() {
        if (threads != null) return threads.values();
        int cores = Runtime.getRuntime().availableProcessors();
        return cores > 1 ? new int[]{1, Math.min(cores, PositiveInts.Threads.MAX_THREADS)} : new int[]{1};
    }

    private void checkContext(ModelConfig c) {
        for (int p : prompts.values()) {
            if (p > c.maxPositions()) {
                throw new BitNetException("-p " + p + " is longer than the model's context (" + c.maxPositions() + " positions)");
            }
        }
        for (int n : generations.values()) {
            if (n + 1 > c.maxPositions()) {
                throw new BitNetException("-n " + n + " and the 1-token prompt do not fit the model's context ("
                        + c.maxPositions() + " positions)");
            }
        }
    }

    /** Runs one test, saying so first: on a large model with slow kernels one test can take minutes. */
    private Stats progress(PrintWriter log, String test, int threads, Supplier<Stats> run) {
        log.printf(Locale.ROOT, "threads %d: %s (1 warm-up + %d timed runs) ... ", threads, test, repetitions);
        log.flush();
        Stats s = run.get();
        log.printf(Locale.ROOT, "%.2f ± %.2f t/s%n", s.mean(), s.stddev());
        log.flush();
        return s;
    }
}
