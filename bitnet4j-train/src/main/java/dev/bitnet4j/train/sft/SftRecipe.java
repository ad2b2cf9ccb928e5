package dev.bitnet4j.train.sft;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.train.loop.Objective;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.nn.Reduction;
import dev.bitnet4j.train.nn.TrainModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Supervised fine-tuning (2B4T report): conversations from chat JSONL rendered with the model's chat template,
 * the loss on the assistant tokens only, summed over them by default (the report found it converges better) or
 * averaged ({@code Reduction.MEAN}). Whichever is optimized, the reported loss is the mean per assistant token,
 * so runs with either setting and the held-out figures compare.
 */
public final class SftRecipe extends FineTuning {
    private final List<ChatExample> trainExamples, validationExamples;
    private final Reduction loss;

    /**
     * @param validation held-out chat JSONL, or null for none
     * @throws BitNetException on malformed data (naming the file and line), or a conversation the template
     *                         cannot split into turns
     */
    public SftRecipe(StartModel start, Path train, Path validation, Reduction loss) {
        super(start, train, validation);
        this.loss = loss;
        this.trainExamples = encode(train);
        this.validationExamples = validation == null ? List.of() : encode(validation);
    }

    private List<ChatExample> encode(Path file) {
        List<ChatExample> out = new ArrayList<>();
        for (ChatJsonl.Conversation c : ChatJsonl.read(file)) {
            out.add(ChatExample.encode(c.messages(), start.template(), start.tokenizer(), c.where()));
        }
        return out;
    }

    @Override
    public String kind() {
        return "sft";
    }

    @Override
    public ObjectNode settings() {
        return Json.MAPPER.createObjectNode().put("loss", loss.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public ObjectNode sources() {
        return super.sources().put("conversations", trainExamples.size()).put("validation_conversations", validationExamples.size());
    }

    @Override
    public Objective objective(Params params, TrainOptions options, Matmul matmul) {
        return new Conversations(params, options, matmul);
    }

    /** Micro-batch i: {@code batch} conversations drawn for (seed, i) ({@link SftBatches}). */
    private final class Conversations implements Objective {
        private final TrainModel model;
        private final SftBatches batches;
        private final TrainOptions options;

        Conversations(Params params, TrainOptions options, Matmul matmul) {
            this.options = options;
            this.batches = new SftBatches(trainExamples, options.batch(), options.context(), options.seed());
            SftBatches.requireAssistantTokens(validationExamples, options.context(), "held-out conversation");
            this.model = new TrainModel(params, options.quantization(), matmul, options.batch(), options.context());
        }

        @Override
        public List<String> metrics() {
            return List.of("loss");
        }

        @Override
        public double[] train(long index) {
            PaddedBatch b = batches.batch(index);
            double l = model.forward(b.tokens(), b.targets(), b.mask(), loss);
            model.backward();
            return new double[]{loss == Reduction.SUM ? l / b.counted() : l};
        }

        @Override
        public boolean hasValidation() {
            return evaluates(validationExamples, options);
        }

        /** The mean loss per assistant token over the first evalBatches × batch held-out conversations, in file order. */
        @Override
        public double[] validate() {
            double sum = 0;
            long counted = 0;
            for (List<ChatExample> batch : heldOutBatches(validationExamples, options)) {
                List<ChatExample> rows = new ArrayList<>(batch);
                while (rows.size() < options.batch()) rows.add(ChatExample.PADDING);     // a last batch that runs short
                PaddedBatch b = PaddedBatch.of(rows, options.context());
                sum += model.forward(b.tokens(), b.targets(), b.mask(), Reduction.SUM);
                counted += b.counted();
            }
            return new double[]{sum / counted};
        }

        @Override
        public long tokensPerMicroBatch() {
            return (long) options.batch() * options.context();
        }
    }
}
