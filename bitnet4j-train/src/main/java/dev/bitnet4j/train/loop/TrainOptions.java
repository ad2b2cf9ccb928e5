package dev.bitnet4j.train.loop;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.train.nn.Quantization;
import dev.bitnet4j.train.optim.Schedule;

/**
 * The hyper-parameters of a pretraining run (training.md). Everything a run does is derived from these and the
 * step number, so a checkpoint that stores them (and the weights and optimizer state) resumes exactly.
 *
 * @param batch           sequences per micro-batch
 * @param context         tokens per sequence
 * @param accum           micro-batches per optimizer step (gradient accumulation; their mean loss is optimized)
 * @param steps           optimizer steps in the whole run
 * @param seed            the seed of the initial weights and of every batch
 * @param lr              stage-1 peak learning rate
 * @param lr2             stage-2 peak learning rate
 * @param warmup          warmup steps
 * @param cooldownStart   the step at which stage 2 starts
 * @param minLr           the learning rate of the last step
 * @param weightDecay     the stage-1 peak of the weight decay
 * @param clip            the maximum global gradient norm (0: no clipping)
 * @param evalEvery       steps between validation losses (0: never; the last step always has one when positive)
 * @param evalBatches     validation batches per evaluation (a fixed set)
 * @param checkpointEvery steps between checkpoints (0: none)
 * @param fullPrecision   train without quantization (the baseline)
 */
public record TrainOptions(int batch, int context, int accum, long steps, long seed, double lr, double lr2, long warmup,
                           long cooldownStart, double minLr, double weightDecay, double clip, int evalEvery, int evalBatches,
                           int checkpointEvery, boolean fullPrecision) {

    public TrainOptions {
        positive("--batch", batch);
        positive("--context", context);
        positive("--accum", accum);
        positive("--steps", steps);
        positive("--eval-batches", evalBatches);
        if (evalEvery < 0) throw new BitNetException("--eval-every must not be negative, found " + evalEvery);
        if (checkpointEvery < 0) throw new BitNetException("--checkpoint-every must not be negative, found " + checkpointEvery);
        if (warmup < 0 || warmup > cooldownStart || cooldownStart > steps) {
            throw new BitNetException("need 0 <= --warmup <= --cooldown-start <= --steps, found warmup " + warmup
                    + ", cooldown start " + cooldownStart + ", steps " + steps);
        }
        for (double v : new double[]{lr, lr2, minLr, weightDecay, clip}) {
            if (!(v >= 0 && Double.isFinite(v))) {
                throw new BitNetException("learning rates, weight decay and clip must be finite and non-negative, found " + v);
            }
        }
    }

    /** How the BitLinear layers compute: fake-quantized ternary, or full precision for the baseline. */
    public Quantization quantization() {
        return fullPrecision ? Quantization.NONE : Quantization.TERNARY;
    }

    public Schedule schedule() {
        return new Schedule(steps, warmup, cooldownStart, lr, lr2, minLr, weightDecay);
    }

    private static void positive(String flag, long v) {
        if (v < 1) throw new BitNetException(flag + " must be positive, found " + v);
    }
}
