package dev.bitnet4j.train.dpo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.train.loop.Objective;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.nn.TrainModel;
import dev.bitnet4j.train.sft.FineTuning;
import dev.bitnet4j.train.sft.SftBatches;
import dev.bitnet4j.train.sft.StartModel;

import java.nio.file.Path;
import java.util.List;

/**
 * Direct preference optimization (2B4T report: after SFT, β 0.1): the policy starts as the given model, and a
 * frozen copy of the same model is the reference. Micro-batch i is {@code batch} pairs drawn for (seed, i); the
 * loss is the mean DPO loss over them ({@link DpoLoss}), reported with the reward margin, the preference
 * accuracy and the likelihood accuracy ({@link DpoStep.Metrics}).
 */
public final class DpoRecipe extends FineTuning {
    private final List<PreferencePairs.Pair> trainPairs, validationPairs;
    private final double beta;

    /**
     * @param validation held-out preference JSONL, or null for none
     * @throws BitNetException on malformed data (naming the file and line) or a β that is not positive
     */
    public DpoRecipe(StartModel start, Path train, Path validation, double beta) {
        super(start, train, validation);
        if (!(beta > 0 && Double.isFinite(beta))) throw new BitNetException("--beta must be positive, found " + beta);
        this.beta = beta;
        this.trainPairs = PreferencePairs.read(train, start.template(), start.tokenizer());
        this.validationPairs = validation == null ? List.of() : PreferencePairs.read(validation, start.template(), start.tokenizer());
    }

    @Override
    public String kind() {
        return "dpo";
    }

    @Override
    public ObjectNode settings() {
        return Json.MAPPER.createObjectNode().put("beta", beta);
    }

    /** The model, data and held-out files (the reference is the start model itself) and the pair counts. */
    @Override
    public ObjectNode sources() {
        return super.sources().put("pairs", trainPairs.size()).put("validation_pairs", validationPairs.size());
    }

    @Override
    public Objective objective(Params params, TrainOptions options, Matmul matmul) {
        return new Pairs(params, options, matmul);
    }

    private final class Pairs implements Objective {
        private final TrainModel policy;
        private final ReferenceScores reference;
        private final TrainOptions options;

        Pairs(Params params, TrainOptions options, Matmul matmul) {
            this.options = options;
            for (List<PreferencePairs.Pair> pairs : List.of(trainPairs, validationPairs)) {
                String what = pairs == trainPairs ? "pair" : "held-out pair";
                SftBatches.requireAssistantTokens(pairs.stream().map(PreferencePairs.Pair::chosen).toList(), options.context(), "the chosen response of " + what);
                SftBatches.requireAssistantTokens(pairs.stream().map(PreferencePairs.Pair::rejected).toList(), options.context(), "the rejected response of " + what);
            }
            int rows = 2 * options.batch();
            this.policy = new TrainModel(params, options.quantization(), matmul, rows, options.context());
            this.reference = new ReferenceScores(TrainModel.frozen(start.params(), options.quantization(), matmul, rows, options.context()));
        }

        @Override
        public List<String> metrics() {
            return List.of("loss", "margin", "accuracy", "likelihood_accuracy");
        }

        @Override
        public double[] train(long index) {
            return values(DpoStep.run(policy, reference, SftBatches.draw(trainPairs, options.batch(), options.seed(), index), options.context(), beta));
        }

        @Override
        public boolean hasValidation() {
            return evaluates(validationPairs, options);
        }

        /** Means over the first evalBatches × batch held-out pairs, in file order. */
        @Override
        public double[] validate() {
            double[] sum = new double[metrics().size()];
            int n = 0;
            for (List<PreferencePairs.Pair> batch : heldOutBatches(validationPairs, options)) {
                n += batch.size();
                double[] v = values(DpoStep.evaluate(policy, reference, batch, options.batch(), options.context(), beta));
                for (int i = 0; i < v.length; i++) sum[i] += v[i] * batch.size();
            }
            for (int i = 0; i < sum.length; i++) sum[i] /= n;
            return sum;
        }

        @Override
        public long tokensPerMicroBatch() {
            return 2L * options.batch() * options.context();
        }

        private static double[] values(DpoStep.Metrics m) {
            return new double[]{m.loss(), m.margin(), m.accuracy(), m.likelihoodAccuracy()};
        }
    }
}
