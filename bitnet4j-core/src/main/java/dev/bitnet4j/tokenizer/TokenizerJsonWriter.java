package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.format.AtomicFile;
import dev.bitnet4j.format.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static dev.bitnet4j.tokenizer.VocabularyData.*;

/**
 * Writes GGUF vocabulary metadata back as a Hugging Face tokenizer: tokenizer.json laid out as Llama 3's
 * (pre_tokenizer Sequence[Split(regex), ByteLevel], post_processor TemplateProcessing putting BOS first
 * when the data adds BOS, ByteLevel decoder), tokenizer_config.json with bos_token and eos_token, and
 * chat_template.jinja when there is a template. {@link Tokenizer#load} on the written folder gives the ids
 * {@link Tokenizer#fromVocabulary} gives, and {@link ChatTemplate#find} finds the template.
 *
 * <p>UNUSED tokens are not written: they are the placeholders llama.cpp's converter pads with, and a
 * Hugging Face tokenizer has no entry for such ids.
 */
public final class TokenizerJsonWriter {
    private TokenizerJsonWriter() {}

    /**
     * Writes tokenizer.json, tokenizer_config.json and, with a template, chat_template.jinja into
     * {@code folder} (created if missing), each atomically.
     *
     * @param where the source of {@code data}, as errors name it (such as the GGUF file's path)
     * @throws BitNetException when {@link Tokenizer#fromVocabulary} refuses the data, BOS or EOS is an UNUSED
     *                         token, the folder has a chat_template.jinja the data has no template to replace,
     *                         or a file cannot be written
     */
    public static void write(VocabularyData data, String where, Path folder) {
        Tokenizer.fromVocabulary(data, where);     // refuses what could not be loaded back
        checkNameable(data, where, "tokenizer.ggml.bos_token_id", data.bos());
        checkNameable(data, where, "tokenizer.ggml.eos_token_id", data.eos());
        Path templateFile = folder.resolve(ChatTemplate.TEMPLATE_FILE);
        if (data.chatTemplate() == null && Files.exists(templateFile)) {
            throw new BitNetException(templateFile + ": would be taken as the template of the tokenizer written from " + where
                    + ", which has none; remove it or write elsewhere");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new BitNetException(folder + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
        AtomicFile.write(folder.resolve(Tokenizer.FILE), json(tokenizerJson(data)));
        AtomicFile.write(folder.resolve(SpecialTokens.CONFIG_FILE), json(tokenizerConfig(data)));
        if (data.chatTemplate() != null) AtomicFile.write(templateFile, data.chatTemplate().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode tokenizerJson(VocabularyData data) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", "1.0").putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        List<String> tokens = data.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            int type = data.tokenType(id);
            if (type != CONTROL && type != USER_DEFINED) continue;
            added.addObject().put("id", id).put("content", tokens.get(id)).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", type == CONTROL);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", PreTokenizer.LLAMA3_PATTERN);
        split.put("behavior", "Isolated").put("invert", false);
        steps.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", false);
        root.set("post_processor", postProcessor(data));
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true).put("use_regex", true);
        root.set("model", model(data));
        return root;
    }

    /** Llama 3's: offsets handling (no effect on ids), then BOS before each sequence when the data adds BOS. */
    private static ObjectNode postProcessor(VocabularyData data) {
        ObjectNode byteLevel = Json.MAPPER.createObjectNode().put("type", "ByteLevel")
                .put("add_prefix_space", true).put("trim_offsets", false).put("use_regex", true);
        if (!data.addBos()) return byteLevel;
        int bosId = data.bos().getAsInt();
        String bos = data.tokens().get(bosId);
        ObjectNode sequence = Json.MAPPER.createObjectNode().put("type", "Sequence");
        ArrayNode processors = sequence.putArray("processors").add(byteLevel);
        ObjectNode template = processors.addObject().put("type", "TemplateProcessing");
        ArrayNode single = template.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = template.putArray("pair");
        pair.addAll(single.deepCopy());
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode special = template.putObject("special_tokens").putObject(bos).put("id", bos);
        special.putArray("ids").add(bosId);
        special.putArray("tokens").add(bos);
        return sequence;
    }

    private static ObjectNode model(VocabularyData data) {
        ObjectNode model = Json.MAPPER.createObjectNode().put("type", "BPE").putNull("dropout");
        model.putNull("unk_token").putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        // llama.cpp's Llama 3 pre-type ignores merges for a word that is in the vocabulary; Llama 3's tokenizer.json says so here.
        model.put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", true);
        ObjectNode vocab = model.putObject("vocab");
        List<String> tokens = data.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            if (data.tokenType(id) == NORMAL) vocab.put(tokens.get(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        data.merges().forEach(merges::add);
        return model;
    }

    /**
     * BOS and EOS by their text, as transformers reads them. add_bos_token is written only when false: the
     * post-processor already adds BOS otherwise, while without the key llama.cpp's converter would leave
     * add_bos_token unset, which llama.cpp takes as true for Llama 3.
     */
    private static ObjectNode tokenizerConfig(VocabularyData data) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        if (!data.addBos()) config.put("add_bos_token", false);
        if (data.bos().isPresent()) config.put("bos_token", data.tokens().get(data.bos().getAsInt()));
        if (data.eos().isPresent()) config.put("eos_token", data.tokens().get(data.eos().getAsInt()));
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        return config;
    }

    /** tokenizer_config.json names BOS and EOS by text, and UNUSED tokens are not written. */
    private static void checkNameable(VocabularyData data, String where, String key, OptionalInt id) {
        if (id.isPresent() && data.tokenType(id.getAsInt()) == UNUSED) {
            throw new BitNetException(where + ": " + key + " " + id.getAsInt() + " is an UNUSED token, which tokenizer.json cannot hold");
        }
    }

    private static byte[] json(ObjectNode node) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialize", e);
        }
    }
}
