package dev.bitnet4j.train.sft;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.train.loop.Recipe;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.nn.Params;

import java.nio.file.Path;

/**
 * What SFT and DPO share as recipes: they start from a {@link StartModel}, take the output's tokenizer and chat
 * template from it, and read a training file and an optional held-out one.
 */
public abstract class FineTuning implements Recipe {
    protected final StartModel start;
    protected final Path train, validation;

    /** @param validation the held-out file, or null for none */
    protected FineTuning(StartModel start, Path train, Path validation) {
        this.start = start;
        this.train = train;
        this.validation = validation;
    }

    /** The model, data and held-out files; subclasses add their record counts. */
    @Override
    public ObjectNode sources() {
        ObjectNode s = Json.MAPPER.createObjectNode().put("model", start.path().toAbsolutePath().toString())
                .put("data", train.toAbsolutePath().toString());
        if (validation != null) s.put("validation", validation.toAbsolutePath().toString());
        return s;
    }

    @Override
    public ObjectNode config() {
        return start.config();
    }

    @Override
    public Params start(TrainOptions options) {
        return start.params();
    }

    @Override
    public Path tokenizerSource() {
        return start.path();
    }

    @Override
    public void close() {}
}
