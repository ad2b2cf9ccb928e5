package dev.bitnet4j.train.sft;

import dev.bitnet4j.format.Json;
import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.export.ModelExport;
import dev.bitnet4j.train.loop.Pretraining;
import dev.bitnet4j.train.nn.Params;
import dev.bitnet4j.train.tokenizer.TokenizerTrainer;
import dev.bitnet4j.train.tokenizer.WordCounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny chat world for the SFT and DPO tests: questions about the colours of six things, a BPE tokenizer learned
 * on them (with the 2B4T chat template), and a randomly initialised model folder (bf16 master weights) to start from.
 */
public final class TinyChat {
    private TinyChat() {}

    public static final String[][] FACTS = {{"sky", "blue"}, {"grass", "green"}, {"snow", "white"}, {"coal", "black"},
            {"blood", "red"}, {"sun", "yellow"}};

    public static String question(int i) {
        return "What colour is the " + FACTS[i][0] + "?";
    }

    public static String answer(int i) {
        return FACTS[i][1];
    }

    /** chat JSONL, one conversation per fact: the question, answered with the colour. */
    public static Path sftData(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < FACTS.length; i++) {
            lines.add(Json.MAPPER.createObjectNode().set("messages", Json.MAPPER.createArrayNode()
                    .add(Json.MAPPER.createObjectNode().put("role", "user").put("content", question(i)))
                    .add(Json.MAPPER.createObjectNode().put("role", "assistant").put("content", answer(i)))).toString());
        }
        return Files.write(file, lines);
    }

    /** Preference JSONL: each question, its colour chosen, the next fact's colour rejected. */
    public static Path dpoData(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < FACTS.length; i++) {
            lines.add(Json.MAPPER.createObjectNode().put("prompt", question(i)).put("chosen", answer(i))
                    .put("rejected", FACTS[(i + 1) % FACTS.length][1]).toString());
        }
        return Files.write(file, lines);
    }

    /** A model folder: H 32, I 64, 2 layers, 2 heads, 1 KV head, random weights (seed), the tokenizer beside them. */
    public static Path model(Path folder, long seed) {
        WordCounts words = new WordCounts();
        for (int i = 0; i < FACTS.length; i++) {
            words.add(question(i));
            words.add(answer(i));
        }
        TokenizerTrainer.write(TokenizerTrainer.train(words, 300, 1), "tiny chat", folder);
        Tokenizer tok = Tokenizer.load(folder.resolve(Tokenizer.FILE));
        ModelConfig c = ModelConfig.fromJson(Pretraining.modelConfig(new ModelShape(32, 64, 2, 2, 1, tok.size()).config(false), folder), "tiny chat");
        ModelExport.write(Params.init(c, seed, Params.INIT_STD), ModelExport.Layout.BF16, folder, true);
        return folder;
    }
}
