package dev.bitnet4j.train.loop;

/**
 * What one optimizer step did: its learning rate and weight decay, the objective's metrics averaged over its
 * micro-batches (the loss first; {@link Objective#metrics}), the global gradient norm before clipping, and the
 * held-out metrics where they were computed (null otherwise).
 */
public record StepResult(long step, double lr, double weightDecay, double[] train, double gradNorm, double[] val) {
    public StepResult withVal(double[] metrics) {
        return new StepResult(step, lr, weightDecay, train, gradNorm, metrics);
    }

    public double trainLoss() {
        return train[0];
    }

    /** The held-out loss, NaN where none was computed. */
    public double valLoss() {
        return val == null ? Double.NaN : val[0];
    }
}
