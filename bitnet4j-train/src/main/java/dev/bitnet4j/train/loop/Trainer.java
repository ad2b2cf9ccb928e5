package dev.bitnet4j.train.loop;

import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.optim.AdamW;
import dev.bitnet4j.train.optim.GradientClip;
import dev.bitnet4j.train.optim.Schedule;

/**
 * The optimizer steps of a run, whatever its {@link Objective}. Step k: zero the gradients; for each micro-batch
 * j of {@code accum}, let the objective add the gradient of micro-batch k·accum + j; divide the gradients by
 * accum (the mean over micro-batches); clip to the global norm; AdamW with the schedule's LR and weight decay of
 * step k. The caller asks for the held-out metrics where {@link #evaluatesAfter} says (kept out of {@link #step},
 * so a step's time is its training alone).
 * <p>
 * Nothing else is random, and the kernels (scalar and vector alike) add in a fixed order whatever the JIT or
 * the thread count, so a run gives the same bits every time and one resumed from a checkpoint at step k
 * continues exactly (tested across JVMs, with a killed run).
 */
public final class Trainer {
    private final Params params;
    private final AdamW adam;
    private final TrainOptions options;
    private final Schedule schedule;
    private final Objective objective;
    private long nextStep;

    /**
     * @param params    the weights being trained, which {@code objective} computes with
     * @param nextStep  the step to take next: 0 for a new run, the checkpoint's step for a resumed one
     */
    public Trainer(Params params, AdamW adam, long nextStep, TrainOptions options, Objective objective) {
        this.params = params;
        this.adam = adam;
        this.options = options;
        this.schedule = options.schedule();
        this.nextStep = nextStep;
        this.objective = objective;
    }

    /** Takes step {@link #nextStep()}; returns what it did (no held-out metrics). */
    public StepResult step() {
        if (done()) throw new IllegalStateException("all " + options.steps() + " steps are done");
        long k = nextStep;
        params.zeroGrad();
        double[] metrics = new double[objective.metrics().size()];
        for (int j = 0; j < options.accum(); j++) {
            double[] m = objective.train(k * options.accum() + j);
            for (int i = 0; i < metrics.length; i++) metrics[i] += m[i];
        }
        for (int i = 0; i < metrics.length; i++) metrics[i] /= options.accum();
        if (options.accum() > 1) GradientClip.scale(params, 1f / options.accum());
        double norm = GradientClip.clip(params, options.clip());
        double lr = schedule.learningRate(k), wd = schedule.weightDecay(k);
        adam.step(lr, wd);
        nextStep++;
        return new StepResult(k, lr, wd, metrics, norm, null);
    }

    /** The objective's held-out metrics (loss first). */
    public double[] validate() {
        if (!objective.hasValidation()) throw new IllegalStateException("there is no held-out data (or evaluation is off)");
        return objective.validate();
    }

    /** Whether the held-out metrics are computed after step k: every evalEvery steps, and after the last. */
    public boolean evaluatesAfter(long k) {
        return objective.hasValidation() && options.evalEvery() > 0
                && ((k + 1) % options.evalEvery() == 0 || k + 1 == options.steps());
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

    public Objective objective() {
        return objective;
    }

    /** Tokens per optimizer step. */
    public long tokensPerStep() {
        return objective.tokensPerMicroBatch() * options.accum();
    }
}
