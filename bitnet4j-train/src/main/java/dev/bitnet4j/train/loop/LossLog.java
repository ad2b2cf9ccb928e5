package dev.bitnet4j.train.loop;

import dev.bitnet4j.BitNetException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * losses.csv: one row per step (step, lr, train_loss, val_loss, grad_norm, tokens_per_s, then train_M and val_M
 * for each further metric M of the objective, e.g. DPO's margin and accuracy; val columns empty where none was
 * computed), flushed as written so a crashed run keeps its rows. A resumed run first drops the rows of steps
 * after its checkpoint, which it is about to redo.
 */
public final class LossLog implements AutoCloseable {
    public static final String FILE = "losses.csv";
    static final String HEADER = "step,lr,train_loss,val_loss,grad_norm,tokens_per_s";
    static final String HEADER_START = "step,";

    private final Path path;
    private final BufferedWriter out;

    /**
     * Opens {@code dir}/losses.csv keeping only the rows of steps before {@code nextStep}; {@code metrics} are
     * the objective's (the loss first).
     */
    public static LossLog open(Path dir, long nextStep, List<String> metrics) {
        Path path = dir.resolve(FILE);
        try {
            List<String> kept = new ArrayList<>();
            StringBuilder header = new StringBuilder(HEADER);
            for (String m : metrics.subList(1, metrics.size())) header.append(",train_").append(m).append(",val_").append(m);
            kept.add(header.toString());
            if (nextStep > 0 && Files.exists(path)) {
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    if (line.isEmpty() || line.startsWith(HEADER_START)) continue;
                    if (Long.parseLong(line.substring(0, line.indexOf(','))) < nextStep) kept.add(line);
                }
            }
            Files.write(path, kept, StandardCharsets.UTF_8);
            return new LossLog(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND));
        } catch (IOException | RuntimeException e) {
            throw new BitNetException(path + ": cannot write the loss log (" + e.getMessage() + ")", e);
        }
    }

    private LossLog(Path path, BufferedWriter out) {
        this.path = path;
        this.out = out;
    }

    public Path path() {
        return path;
    }

    public void append(StepResult r, double tokensPerSecond) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%.6e,%.6f,%s,%.6f,%.1f", r.step(), r.lr(), r.trainLoss(),
                val(r, 0), r.gradNorm(), tokensPerSecond));
        for (int i = 1; i < r.train().length; i++) row.append(String.format(Locale.ROOT, ",%.6f,%s", r.train()[i], val(r, i)));
        try {
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot append to the loss log", e);
        }
    }

    private static String val(StepResult r, int i) {
        return r.val() == null ? "" : String.format(Locale.ROOT, "%.6f", r.val()[i]);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot close the loss log", e);
        }
    }
}
