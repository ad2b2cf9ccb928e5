package dev.bitnet4j.train.loop;

/**
 * What one optimizer step did: its learning rate and weight decay, the mean training loss of its micro-batches,
 * the global gradient norm before clipping, and the validation loss where one was computed (NaN otherwise).
 */
public record StepResult(long step, double lr, double weightDecay, double trainLoss, double gradNorm, double valLoss) {
    public StepResult withValLoss(double loss) {
        return new StepResult(step, lr, weightDecay, trainLoss, gradNorm, loss);
    }
}
