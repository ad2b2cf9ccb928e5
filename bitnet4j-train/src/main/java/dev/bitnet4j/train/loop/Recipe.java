package dev.bitnet4j.train.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.train.nn.Matmul;
import dev.bitnet4j.train.nn.Params;

import java.nio.file.Path;

/**
 * A kind of training run, as {@link TrainingRun} drives it: where the weights start, which objective they are
 * trained on, and where the output's tokenizer comes from. Implementations: {@link Pretraining},
 * {@code sft.SftRecipe}, {@code dpo.DpoRecipe}. Closing releases the data it opened.
 */
public interface Recipe extends AutoCloseable {
    /** "pretrain", "sft" or "dpo": recorded, and a checkpoint resumes only under the same kind. */
    String kind();

    /** The objective's own settings (e.g. SFT's loss reduction, DPO's β): recorded, and a resume must give the same. */
    ObjectNode settings();

    /** The files read (data, start model), recorded in training.json. */
    ObjectNode sources();

    /** The config.json of the model a new run trains. */
    ObjectNode config();

    /** The weights a new run starts from: a fresh initialisation, or an imported model. */
    Params start(TrainOptions options);

    /** The model (folder or .gguf) or tokenizer folder whose tokenizer files and chat template the output gets. */
    Path tokenizerSource();

    /** The objective over {@code params} (the trainer's, updated in place) on this recipe's data. */
    Objective objective(Params params, TrainOptions options, Matmul matmul);

    @Override
    void close();
}
