package dev.bitnet4j.train.dpo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.sft.ChatExample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Preference data for DPO: JSONL, one {@code {"prompt": ..., "chosen": ..., "rejected": ...}} per line. Each
 * response becomes the assistant turn of a one-question conversation rendered with the model's chat template,
 * so its log-probability is summed over exactly the tokens SFT would train ({@link ChatExample}).
 */
public final class PreferencePairs {
    private PreferencePairs() {}

    /** One pair, both sequences sharing the prompt's tokens. */
    public record Pair(ChatExample chosen, ChatExample rejected) {}

    public static List<Pair> read(Path file, ChatTemplate template, Tokenizer tokenizer) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BitNetException(file + ": not valid UTF-8");
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String where = file + " line " + (i + 1);
            JsonNode r = Json.parse(lines.get(i).getBytes(StandardCharsets.UTF_8), where);
            for (String key : new String[]{"prompt", "chosen", "rejected"}) {
                if (!r.path(key).isTextual()) throw new BitNetException(where + ": expected {\"prompt\", \"chosen\", \"rejected\"} strings; \"" + key + "\" is missing or not a string");
            }
            ChatMessage q = ChatMessage.user(r.get("prompt").asText());
            pairs.add(new Pair(
                    ChatExample.encode(List.of(q, ChatMessage.assistant(r.get("chosen").asText())), template, tokenizer, where),
                    ChatExample.encode(List.of(q, ChatMessage.assistant(r.get("rejected").asText())), template, tokenizer, where)));
        }
        if (pairs.isEmpty()) throw new BitNetException(file + ": no preference pairs");
        return pairs;
    }
}
