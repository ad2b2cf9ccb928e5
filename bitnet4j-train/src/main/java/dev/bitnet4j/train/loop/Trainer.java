package dev.bitnet4j.train.loop;

import dev.bitnet4j.train.data.BatchSampler;
import dev.bitnet4j.train.data.TokenFile;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.nn.Quantization;
import dev.bitnet4j.train.nn.Reduction;
import dev.bitnet4j.train.nn.TrainModel;
import dev.bitnet4j.train.optim.AdamW;
import dev.bitnet4j.train.optim.GradientClip;
import dev.bitnet4j.train.optim.Schedule;

/**
 * The optimizer steps of a pretraining run. Step k: zero the gradients; for each micro-batch j of {@code accum},
 * take the training batch numbered k·accum + j (a pure function of (seed, k·accum + j)), forward with the mean
 * loss, backward; divide the gradients by accum (the mean over micro-batches); clip to the global norm; AdamW
 * with the schedule's LR and weight decay of step k. The caller asks for the validation loss where
 * {@link #evaluatesAfter} says (kept out of {@link #step}, so a step's time is its training alone).
 * <p>
 * Nothing else is random, and the kernels (scalar and vector alike) add in a fixed order whatever the JIT or
 * the thread count, so a run gives the same bits every time and one resumed from a checkpoint at step k
 * continues exactly (tested across JVMs, with a killed run).
 */
public final class Trainer {
    /** Validation batches come from their own stream, so they are the same at every evaluation and in every run. */
    static final long VALIDATION_SEED_OFFSET = 0x76616c69L;

    private final Params params;
    private final AdamW adam;
    private final TrainOptions options;
    private final Schedule schedule;
    private final TrainModel model;
    private final BatchSampler train, validation;
    private long nextStep;

    /**
     * @param nextStep the step to take next: 0 for a new run, the checkpoint's step for a resumed one
     */
    public Trainer(Params params, AdamW adam, long nextStep, TrainOptions options, TokenFile data, Matmul matmul) {
        this.params = params;
        this.adam = adam;
        this.options = options;
        this.schedule = options.schedule();
        this.nextStep = nextStep;
        this.model = new TrainModel(params, options.fullPrecision() ? Quantization.NONE : Quantization.TERNARY, matmul,
                options.batch(), options.context());
        this.train = new BatchSampler(data.train(), options.batch(), options.context(), options.seed());
        this.validation = options.evalEvery() > 0
                ? new BatchSampler(data.validation(), options.batch(), options.context(), options.seed() + VALIDATION_SEED_OFFSET)
                : null;
    }

    /** Takes step {@link #nextStep()}; returns what it did (valLoss NaN). */
    public StepResult step() {
        if (done()) throw new IllegalStateException("all " + options.steps() + " steps are done");
        long k = nextStep;
        params.zeroGrad();
        double loss = 0;
        for (int j = 0; j < options.accum(); j++) {
            int[] batch = train.batch(k * options.accum() + j);
            loss += model.forward(inputs(batch), targets(batch), null, Reduction.MEAN);
            model.backward();
        }
        if (options.accum() > 1) GradientClip.scale(params, 1f / options.accum());
        double norm = GradientClip.clip(params, options.clip());
        double lr = schedule.learningRate(k), wd = schedule.weightDecay(k);
        adam.step(lr, wd);
        nextStep++;
        return new StepResult(k, lr, wd, loss / options.accum(), norm, Double.NaN);
    }

    /** The mean loss over the fixed validation batches (forward only; the gradients are left alone). */
    public double validationLoss() {
        if (validation == null) throw new IllegalStateException("evaluation is off (evalEvery 0)");
        double sum = 0;
        for (int i = 0; i < options.evalBatches(); i++) {
            int[] batch = validation.batch(i);
            sum += model.forward(inputs(batch), targets(batch), null, Reduction.MEAN);
        }
        return sum / options.evalBatches();
    }

    /** Whether the validation loss is computed after step k: every evalEvery steps, and after the last. */
    public boolean evaluatesAfter(long k) {
        return validation != null && ((k + 1) % options.evalEvery() == 0 || k + 1 == options.steps());
    }

    public long nextStep() {
        return nextStep;
    }

    public boolean done() {
        return nextStep >= options.steps();
    }

    public Params params() {
        return params;
    }

    public AdamW optimizer() {
        return adam;
    }

    public TrainOptions options() {
        return options;
    }

    /** Rows of {@code context + 1} tokens: the first context are the inputs... */
    private int[][] inputs(int[] batch) {
        return rows(batch, 0);
    }

    /** ...and the last context, shifted by one, their targets. */
    private int[][] targets(int[] batch) {
        return rows(batch, 1);
    }

    private int[][] rows(int[] batch, int shift) {
        int T = options.context(), W = T + 1;
        int[][] rows = new int[options.batch()][T];
        for (int b = 0; b < rows.length; b++) System.arraycopy(batch, b * W + shift, rows[b], 0, T);
        return rows;
    }
}
