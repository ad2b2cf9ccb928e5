package dev.bitnet4j.train.dpo;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.train.data.Jsonl;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.sft.ChatExample;

import java.nio.file.Path;
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
        return Jsonl.read(file, "preference pairs", (r, where) -> {
            for (String key : new String[]{"prompt", "chosen", "rejected"}) {
                if (!r.path(key).isTextual()) {
                    throw new BitNetException(where + ": expected {\"prompt\", \"chosen\", \"rejected\"} strings; \"" + key + "\" is missing or not a string");
                }
            }
            ChatMessage q = ChatMessage.user(r.get("prompt").asText());
            return new Pair(
                    ChatExample.encode(List.of(q, ChatMessage.assistant(r.get("chosen").asText())), template, tokenizer, where),
                    ChatExample.encode(List.of(q, ChatMessage.assistant(r.get("rejected").asText())), template, tokenizer, where));
        });
    }
}
