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
 * losses.csv: one row per step (step, lr, train_loss, val_loss, grad_norm, tokens_per_s; val_loss empty where
 * none was computed), flushed as written so a crashed run keeps its rows. A resumed run first drops the rows
 * of steps after its checkpoint, which it is about to redo.
 */
public final class LossLog implements AutoCloseable {
    public static final String FILE = "losses.csv";
    static final String HEADER = "step,lr,train_loss,val_loss,grad_norm,tokens_per_s";

    private final Path path;
    private final BufferedWriter out;

    /** Opens {@code dir}/losses.csv keeping only the rows of steps before {@code nextStep}. */
    public static LossLog open(Path dir, long nextStep) {
        Path path = dir.resolve(FILE);
        try {
            List<String> kept = new ArrayList<>();
            kept.add(HEADER);
            if (nextStep > 0 && Files.exists(path)) {
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    if (line.isEmpty() || line.equals(HEADER)) continue;
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
        String val = Double.isNaN(r.valLoss()) ? "" : String.format(Locale.ROOT, "%.6f", r.valLoss());
        try {
            out.write(String.format(Locale.ROOT, "%d,%.6e,%.6f,%s,%.6f,%.1f%n", r.step(), r.lr(), r.trainLoss(), val, r.gradNorm(), tokensPerSecond));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot append to the loss log", e);
        }
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
