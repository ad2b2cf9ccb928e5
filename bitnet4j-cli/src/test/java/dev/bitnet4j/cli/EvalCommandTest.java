package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.generate.LogSoftmax;
import dev.bitnet4j.kernels.ScalarKernels;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.KVCache;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.model.RandomModel;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.data.TokenFile;
import dev.bitnet4j.train.data.TokenSplit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * eval: perplexity of a token file and multiple-choice accuracy, each checked against the same quantities
 * computed another way (one token at a time through the KV cache).
 */
class EvalCommandTest {
    @TempDir
    static Path dir;
    static Path model, data;

    @BeforeAll
    static void setUp() throws IOException {
        List<Path> docs = TrainingFixtures.documents(dir.resolve("corpus"), 20, i -> "Call me Ishmael. Some years ago, number " + i
                + ", having little or no money in my purse, I thought I would sail about a little.");
        var prepared = TrainingFixtures.prepare(dir, docs.stream().sorted().toList(), 300, "0.25");
        data = prepared.data();
        model = dir.resolve("model");
        RandomModel.write(new ModelShape(64, 128, 1, 4, 2, 300), 3, RandomModel.Layout.PACKED, model, false);
        for (String f : new String[]{"tokenizer.json", "tokenizer_config.json", "chat_template.jinja"}) {
            Files.copy(prepared.tokenizer().resolve(f), model.resolve(f));
        }
    }

    @Test
    void perplexityIsTheMeanLossOverEveryPredictedToken() {
        Cli r = Cli.run("eval", "--model", model.toString(), "--data", data.toString(), "--context", "32", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        double nll = 0;
        long tokens = 0;
        // The expected value from the kernels eval runs with (the default ones), one token at a time: this checks eval's
        // windows and accounting; that those kernels equal the scalar reference is the kernel tests' business.
        try (TokenFile f = TokenFile.open(data); BitNetModel m = BitNetModel.load(model, 1)) {
            TokenSplit val = f.validation();
            int V = 300;
            for (long from = 0; from + 1 < val.size(); from += 32) {
                int n = (int) Math.min(32, val.size() - from);
                KVCache cache = m.newCache(n);
                for (int i = 0; i + 1 < n; i++) {
                    float[] logits = m.forward(new int[]{val.token(from + i)}, cache, false);
                    nll -= LogSoftmax.logProb(logits, 0, V, val.token(from + i + 1));
                    tokens++;
                }
            }
        }
        assertEquals(tokens, j.get("tokens").asLong());
        assertEquals(Math.exp(nll / tokens), j.get("perplexity").asDouble(), 1e-4 * Math.exp(nll / tokens));
        assertTrue(j.get("perplexity").asDouble() > 1);
    }

    @Test
    void multipleChoiceAccuracyMatchesTheScoresComputedOneTokenAtATime() throws IOException {
        List<String[]> records = List.of(
                new String[]{"Call me", " Ishmael.", " money.", " purse"},
                new String[]{"Some years", " ago", " number", " sail about a little"},
                new String[]{"I thought I would", " sail", " Call", " having little or no"});
        StringBuilder jsonl = new StringBuilder();
        int[] gold = {0, 2, 1};
        for (int i = 0; i < records.size(); i++) {
            String[] r = records.get(i);
            jsonl.append("{\"context\": \"").append(r[0]).append("\", \"choices\": [\"").append(r[1]).append("\", \"")
                    .append(r[2]).append("\", \"").append(r[3]).append("\"], \"gold\": ").append(gold[i]).append("}\n");
        }
        Path tasks = Files.writeString(dir.resolve("tasks.jsonl"), jsonl);
        Cli r = Cli.run("eval", "--model", model.toString(), "--tasks", tasks.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        int acc = 0, accNorm = 0;
        try (BitNetModel m = BitNetModel.load(model, new ScalarKernels())) {
            Tokenizer t = Tokenizer.find(model).orElseThrow();
            for (int i = 0; i < records.size(); i++) {
                double best = -1e300, bestNorm = -1e300;
                int pick = -1, pickNorm = -1;
                for (int c = 1; c <= 3; c++) {
                    int[] ctx = t.encodePrompt(records.get(i)[0]), cont = t.encode(records.get(i)[c], false);
                    KVCache cache = m.newCache(ctx.length + cont.length);
                    float[] logits = m.forward(ctx, cache, false);
                    double ll = 0;
                    for (int id : cont) {
                        ll += LogSoftmax.logProb(logits, 0, 300, id);
                        logits = m.forward(new int[]{id}, cache, false);
                    }
                    double norm = ll / records.get(i)[c].getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    if (ll > best) { best = ll; pick = c - 1; }
                    if (norm > bestNorm) { bestNorm = norm; pickNorm = c - 1; }
                }
                if (pick == gold[i]) acc++;
                if (pickNorm == gold[i]) accNorm++;
            }
        }
        assertEquals(acc / 3.0, r.json().get("acc").asDouble(), 1e-12);
        assertEquals(accNorm / 3.0, r.json().get("acc_norm").asDouble(), 1e-12);
        assertEquals(3, r.json().get("records").asInt());
    }

    @Test
    void badInputsNameTheFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"context\": \"a\", \"choices\": [\"b\", \"c\"], \"gold\": 0}\n{\"context\": 1}\n");
        Cli.run("eval", "--model", model.toString(), "--tasks", bad.toString()).failsWith("bad.jsonl: line 2");
        Path gold = Files.writeString(dir.resolve("gold.jsonl"), "{\"context\": \"a\", \"choices\": [\"b\", \"c\"], \"gold\": 5}\n");
        Cli.run("eval", "--model", model.toString(), "--tasks", gold.toString()).failsWith("gold 5 is not the index of a choice");
        Cli.run("eval", "--model", model.toString(), "--data", dir.resolve("none.bin").toString()).failsWith("none.bin");
        Cli.run("eval", "--model", model.toString()).failsWith("--data");
    }
}
