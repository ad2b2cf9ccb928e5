package dev.bitnet4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * BOS and EOS, from tokenizer_config.json beside tokenizer.json when there is one, and whether a
 * plain encode should start with BOS: yes when the config's add_bos_token says so or when the
 * post_processor's TemplateProcessing puts BOS before the text (Llama 3's does). GGUF metadata
 * gives them directly ({@link VocabularyTokenizer}). {@code source} is where they came from, as
 * errors name it.
 */
record SpecialTokens(OptionalInt bos, List<Integer> eos, boolean addBos, String source) {
    static final String CONFIG_FILE = "tokenizer_config.json";

    static SpecialTokens load(Path tokenizerFile, JsonNode postProcessor, Function<String, OptionalInt> tokenId) {
        Path configFile = tokenizerFile.resolveSibling(CONFIG_FILE);
        JsonNode config = Files.exists(configFile) ? Json.read(configFile) : null;
        List<Integer> lead = templateLead(tokenizerFile, postProcessor);
        OptionalInt bos = config == null ? OptionalInt.empty() : configToken(configFile, config, "bos_token", tokenId);
        if (bos.isEmpty() && !lead.isEmpty()) bos = OptionalInt.of(lead.getFirst());
        OptionalInt eos = config == null ? OptionalInt.empty() : configToken(configFile, config, "eos_token", tokenId);
        boolean addBos = config != null && config.path("add_bos_token").asBoolean(false)
                || bos.isPresent() && lead.contains(bos.getAsInt());
        if (addBos && bos.isEmpty()) throw new BitNetException(configFile + ": add_bos_token is true but there is no bos_token");
        return new SpecialTokens(bos, eos.isPresent() ? List.of(eos.getAsInt()) : List.of(), addBos,
                tokenizerFile + " (and any " + CONFIG_FILE + " beside it)");
    }

    /** A token named in the config, as a string or as {"content": ...}; null or absent means none. */
    private static OptionalInt configToken(Path file, JsonNode config, String key, Function<String, OptionalInt> tokenId) {
        JsonNode node = config.path(key);
        if (node.isMissingNode() || node.isNull()) return OptionalInt.empty();
        JsonNode content = node.isObject() ? node.path("content") : node;
        if (!content.isTextual()) throw new BitNetException(file + ": " + key + " must be a string or {\"content\": ...}, got " + node);
        OptionalInt id = tokenId.apply(content.asText());
        if (id.isEmpty()) throw new BitNetException(file + ": " + key + " '" + content.asText() + "' is not a token of " + Tokenizer.FILE);
        return id;
    }

    /** The ids a TemplateProcessing post-processor puts before a single sequence ("A"). */
    private static List<Integer> templateLead(Path file, JsonNode postProcessor) {
        String type = postProcessor.path("type").asText("");
        if (type.equals("Sequence")) {
            for (JsonNode p : postProcessor.path("processors")) {
                List<Integer> lead = templateLead(file, p);
                if (!lead.isEmpty()) return lead;
            }
            return List.of();
        }
        if (!type.equals("TemplateProcessing")) return List.of();    // other post-processors add no BOS we use
        List<Integer> lead = new ArrayList<>();
        for (JsonNode item : postProcessor.path("single")) {
            if (item.has("Sequence")) break;
            String name = item.path("SpecialToken").path("id").asText(null);
            JsonNode ids = postProcessor.path("special_tokens").path(name == null ? "" : name).path("ids");
            if (name == null || !ids.isArray()) {
                throw new BitNetException(file + ": post_processor template item " + item + " names no known special token");
            }
            for (JsonNode id : ids) lead.add(id.asInt());
        }
        return lead;
    }
}
