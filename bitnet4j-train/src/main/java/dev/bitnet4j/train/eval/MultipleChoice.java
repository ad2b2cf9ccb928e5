package dev.bitnet4j.train.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.train.data.Jsonl;
import dev.bitnet4j.generate.LogSoftmax;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.KVCache;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiple-choice tasks scored by log-likelihood, as lm-evaluation-harness does: each record is
 * {@code {"context": "...", "choices": ["...", ...], "gold": i}}; a choice's score is the sum of the
 * log-probabilities of its tokens after the context (BOS + context tokens, then the choice's tokens, each
 * encoded on its own, special strings as plain text). acc counts the records whose best-scoring choice is gold;
 * acc_norm does the same with each score divided by the choice's length in UTF-8 bytes.
 */
public final class MultipleChoice {
    private MultipleChoice() {}

    public record Task(String context, List<String> choices, int gold) {}

    public record Result(double acc, double accNorm, int records) {}

    /** Reads the records of a JSONL file; a malformed line is an error naming the file and the line. */
    public static List<Task> read(Path file) {
        return Jsonl.read(file, "records", (r, where) -> {
            if (!r.path("context").isTextual() || !r.path("choices").isArray() || r.get("choices").size() < 2
                    || !r.path("gold").canConvertToExactIntegral()) {
                throw new BitNetException(where + ": expected {\"context\": string, \"choices\": [two or more strings], \"gold\": index}");
            }
            List<String> choices = new ArrayList<>();
            for (JsonNode c : r.get("choices")) {
                if (!c.isTextual()) throw new BitNetException(where + ": choice " + c + " is not a string");
                choices.add(c.asText());
            }
            int gold = r.get("gold").asInt();
            if (gold < 0 || gold >= choices.size()) throw new BitNetException(where + ": gold " + gold + " is not the index of a choice");
            return new Task(r.get("context").asText(), choices, gold);
        });
    }

    public static Result score(BitNetModel model, Tokenizer tokenizer, List<Task> tasks) {
        int correct = 0, correctNorm = 0;
        for (Task t : tasks) {
            int[] context = tokenizer.encodePrompt(t.context());
            List<int[]> choices = t.choices().stream().map(c -> tokenizer.encode(c, false)).toList();
            double[] ll = logLikelihoods(model, context, choices);
            double best = Double.NEGATIVE_INFINITY, bestNorm = Double.NEGATIVE_INFINITY;
            int pick = -1, pickNorm = -1;
            for (int c = 0; c < ll.length; c++) {
                double norm = ll[c] / Math.max(1, t.choices().get(c).getBytes(StandardCharsets.UTF_8).length);
                if (ll[c] > best) { best = ll[c]; pick = c; }
                if (norm > bestNorm) { bestNorm = norm; pickNorm = c; }
            }
            if (pick == t.gold()) correct++;
            if (pickNorm == t.gold()) correctNorm++;
        }
        return new Result((double) correct / tasks.size(), (double) correctNorm / tasks.size(), tasks.size());
    }

    /**
     * For each continuation, Σ log p(continuation[i] | context, continuation[..i]). The context runs once; each
     * continuation runs on the context's KV cache, cut back to the context before the next one.
     */
    static double[] logLikelihoods(BitNetModel model, int[] context, List<int[]> continuations) {
        int V = model.config().vocabSize(), longest = 0;
        for (int[] c : continuations) {
            if (c.length == 0) throw new BitNetException("a choice encodes to no tokens");
            longest = Math.max(longest, c.length);
        }
        int n = context.length + longest;
        if (n > model.config().maxPositions()) throw new BitNetException("a context and choice of " + n + " tokens exceed the model's " + model.config().maxPositions());
        KVCache cache = model.newCache(n);
        float[] afterContext = model.forward(context, cache, false).clone();   // predicts each continuation's first token
        double[] out = new double[continuations.size()];
        for (int c = 0; c < out.length; c++) {
            int[] cont = continuations.get(c);
            cache.truncate(context.length);
            float[] logits = model.forward(cont, cache, true);
            double ll = LogSoftmax.logProb(afterContext, 0, V, cont[0]);
            for (int i = 1; i < cont.length; i++) ll += LogSoftmax.logProb(logits, (i - 1) * V, V, cont[i]);
            out[c] = ll;
        }
        return out;
    }
}
