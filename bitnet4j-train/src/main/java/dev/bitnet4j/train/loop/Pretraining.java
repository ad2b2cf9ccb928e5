package dev.bitnet4j.train.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.data.BatchSampler;
import dev.bitnet4j.train.data.DataPreparer;
import dev.bitnet4j.train.data.TokenFile;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.nn.Reduction;
import dev.bitnet4j.train.nn.TrainModel;

import java.nio.file.Path;
import java.util.List;

/**
 * Pretraining: a freshly initialised model learns to predict the next token of windows of a token file
 * (prepare-data's), with the mean cross-entropy over every position.
 */
public final class Pretraining implements Recipe {
    /** Validation batches come from their own stream, so they are the same at every evaluation and in every run. */
    static final long VALIDATION_SEED_OFFSET = 0x76616c69L;

    private final ObjectNode config;
    private final Path tokenizer, dataPath;
    private final TokenFile data;

    /**
     * @param config    the model's config.json (see {@link #modelConfig}); ignored on resume
     * @param tokenizer the tokenizer folder the data was prepared with
     * @param data      the token file (from prepare-data)
     * @throws BitNetException when the token file is missing or malformed, or was prepared with another tokenizer
     */
    public Pretraining(ObjectNode config, Path tokenizer, Path data) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.dataPath = data;
        this.data = TokenFile.open(data);
        try {
            this.data.requireTokenizer(tokenizer);
        } catch (RuntimeException e) {
            this.data.close();
            throw e;
        }
    }

    /**
     * {@code base} (a config.json, e.g. ModelShape.config) with the tokenizer's vocabulary size and BOS/EOS ids.
     *
     * @throws BitNetException when base names another vocabulary size than the tokenizer's, or a bad shape
     */
    public static ObjectNode modelConfig(ObjectNode base, Path tokenizerFolder) {
        Tokenizer tok = Tokenizer.load(DataPreparer.tokenizerFile(tokenizerFolder));
        ObjectNode c = base.deepCopy();
        if (c.has("vocab_size") && c.get("vocab_size").asInt() != tok.size()) {
            throw new BitNetException("the model config's vocab_size " + c.get("vocab_size").asInt() + " differs from the tokenizer's "
                    + tok.size() + " (" + tokenizerFolder + ")");
        }
        c.put("vocab_size", tok.size());
        tok.bosId().ifPresent(id -> c.put("bos_token_id", id));
        if (!tok.eosIds().isEmpty()) {
            c.remove("eos_token_id");
            if (tok.eosIds().size() == 1) c.put("eos_token_id", tok.eosIds().getFirst());
            else tok.eosIds().forEach(c.putArray("eos_token_id")::add);
        }
        ModelConfig.fromJson(c, "the model config");      // a bad shape fails here, before any work
        return c;
    }

    @Override
    public String kind() {
        return "pretrain";
    }

    @Override
    public ObjectNode settings() {
        return Json.MAPPER.createObjectNode();
    }

    @Override
    public ObjectNode sources() {
        return Json.MAPPER.createObjectNode().put("tokenizer", tokenizer.toAbsolutePath().toString())
                .put("data", dataPath.toAbsolutePath().toString());
    }

    @Override
    public ObjectNode config() {
        return config;
    }

    @Override
    public Params start(TrainOptions options) {
        ModelConfig c = ModelConfig.fromJson(config, "the model config");
        return Params.init(c, options.seed(), Params.INIT_STD);
    }

    @Override
    public Path tokenizerSource() {
        return java.nio.file.Files.isDirectory(tokenizer) ? tokenizer : tokenizer.toAbsolutePath().getParent();
    }

    @Override
    public Objective objective(Params params, TrainOptions options, Matmul matmul) {
        return new Windows(params, options, data, matmul);
    }

    @Override
    public void close() {
        data.close();
    }

    /**
     * The objective: micro-batch i is the training batch numbered i of the token file (a pure function of
     * (seed, i)); the loss is the mean cross-entropy over all its positions.
     */
    static final class Windows implements Objective {
        private final TrainModel model;
        private final BatchSampler train, validation;
        private final TrainOptions options;

        Windows(Params params, TrainOptions options, TokenFile data, Matmul matmul) {
            if (params.config().vocabSize() != data.header().vocabSize()) {
                throw new BitNetException(data.path() + ": its vocabulary has " + data.header().vocabSize() + " ids but the model's has "
                        + params.config().vocabSize());
            }
            this.options = options;
            this.model = new TrainModel(params, options.quantization(), matmul,
                    options.batch(), options.context());
            this.train = new BatchSampler(data.train(), options.batch(), options.context(), options.seed());
            this.validation = options.evalEvery() > 0
                    ? new BatchSampler(data.validation(), options.batch(), options.context(), options.seed() + VALIDATION_SEED_OFFSET)
                    : null;
        }

        @Override
        public List<String> metrics() {
            return List.of("loss");
        }

        @Override
        public double[] train(long index) {
            int[] batch = train.batch(index);
            double loss = model.forward(rows(batch, 0), rows(batch, 1), null, Reduction.MEAN);
            model.backward();
            return new double[]{loss};
        }

        @Override
        public boolean hasValidation() {
            return validation != null;
        }

        @Override
        public double[] validate() {
            double sum = 0;
            for (int i = 0; i < options.evalBatches(); i++) {
                int[] batch = validation.batch(i);
                sum += model.forward(rows(batch, 0), rows(batch, 1), null, Reduction.MEAN);
            }
            return new double[]{sum / options.evalBatches()};
        }

        @Override
        public long tokensPerMicroBatch() {
            return (long) options.batch() * options.context();
        }

        /** Rows of {@code context + 1} tokens: the first context are the inputs (shift 0), the last context their targets (shift 1). */
        private int[][] rows(int[] batch, int shift) {
            int T = options.context(), W = T + 1;
            int[][] rows = new int[options.batch()][T];
            for (int b = 0; b < rows.length; b++) System.arraycopy(batch, b * W + shift, rows[b], 0, T);
            return rows;
        }
    }
}
