package dev.bitnet4j.train.dpo;

/**
 * The DPO loss of one preference pair (Rafailov et al. 2023; 2B4T report: β = 0.1), from the summed
 * log-probabilities of the chosen and rejected responses under the policy and the frozen reference:
 * z = β·[(log π(y_w|x) − log π_ref(y_w|x)) − (log π(y_l|x) − log π_ref(y_l|x))], L = −log σ(z) = softplus(−z).
 * The implicit rewards are β·(log π − log π_ref) of each response; their difference is the reward margin,
 * and a pair counts as correct (preference accuracy) when the margin is positive.
 *
 * @param loss          −log σ(z)
 * @param chosenReward  β·(log π(y_w|x) − log π_ref(y_w|x))
 * @param rejectedReward β·(log π(y_l|x) − log π_ref(y_l|x))
 * @param dChosen       dL / d log π(y_w|x) = −β·σ(−z): how much each chosen token's log-prob gradient is scaled
 * @param dRejected     dL / d log π(y_l|x) = +β·σ(−z)
 */
public record DpoLoss(double loss, double chosenReward, double rejectedReward, double dChosen, double dRejected) {

    public static DpoLoss of(double policyChosen, double policyRejected, double refChosen, double refRejected, double beta) {
        double chosen = beta * (policyChosen - refChosen), rejected = beta * (policyRejected - refRejected);
        double z = chosen - rejected;
        double sigmaMinusZ = sigmoid(-z);
        return new DpoLoss(softplus(-z), chosen, rejected, -beta * sigmaMinusZ, beta * sigmaMinusZ);
    }

    public double margin() {
        return chosenReward - rejectedReward;
    }

    public boolean correct() {
        return margin() > 0;
    }

    /** log(1 + e^x) without overflow for large x or loss of precision for very negative x. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
