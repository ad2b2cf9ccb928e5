package dev.bitnet4j.train.sft;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.train.loop.Recipe;
import dev.bitnet4j.train.loop.TrainOptions;
import dev.bitnet4j.train.nn.Params;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Whether a run evaluates on held-out records: there are some, and evaluation is on. */
    protected static boolean evaluates(List<?> heldOut, TrainOptions options) {
        return !heldOut.isEmpty() && options.evalEvery() > 0;
    }

    /** The held-out records a run evaluates: the first evalBatches × batch, in file order, in batches of at most batch. */
    protected static <T> List<List<T>> heldOutBatches(List<T> heldOut, TrainOptions options) {
        int n = Math.min(heldOut.size(), options.evalBatches() * options.batch());
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < n; from += options.batch()) batches.add(heldOut.subList(from, Math.min(n, from + options.batch())));
        return batches;
    }
}
