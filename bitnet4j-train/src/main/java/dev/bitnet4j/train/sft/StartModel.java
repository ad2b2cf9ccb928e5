package dev.bitnet4j.train.sft;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.format.Checkpoint;
import dev.bitnet4j.tokenizer.Tokenizer;
import dev.bitnet4j.train.export.ModelImport;
import dev.bitnet4j.train.nn.Params;

import java.nio.file.Path;

/**
 * The model a fine-tuning run (SFT, DPO) starts from: a model folder (packed or bf16; a run's OUT/bf16 keeps the
 * master weights) or a GGUF file, with the tokenizer and chat template the engine would use for it, so the
 * training data is rendered exactly as the engine will render a conversation.
 *
 * @param path   the model as given
 * @param config its config.json
 */
public record StartModel(Path path, ObjectNode config, Tokenizer tokenizer, ChatTemplate template) {

    /** @throws BitNetException when the model is missing or malformed, or has no tokenizer */
    public static StartModel open(Path path) {
        ObjectNode config;
        try (Checkpoint ckpt = Checkpoint.open(path)) {
            if (!(ckpt.config() instanceof ObjectNode o)) throw new BitNetException(ckpt.configSource() + ": not a JSON object");
            config = o.deepCopy();
        }
        ModelAssets.Assets assets = ModelAssets.load(path);
        Tokenizer tokenizer = assets.tokenizer().orElseThrow(() ->
                new BitNetException(path + ": has no tokenizer (tokenizer.json or GGUF vocabulary), which fine-tuning needs to render the data"));
        return new StartModel(path, config, tokenizer, assets.chatTemplate());
    }

    /**
     * Its weights as trainer parameters, read anew each call: DPO takes one to train and one to keep frozen as the
     * reference (which a resumed run cannot copy from its trained weights; and holding a cached copy would cost a
     * third set of weights).
     */
    public Params params() {
        return ModelImport.read(path);
    }
}
