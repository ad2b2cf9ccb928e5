package dev.bitnet4j.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the model folder says about generation: the end-of-sequence ids (config.json's eos_token_id
 * plus generation_config.json's list when present) and its sampling hints, if any.
 */
public record GenerationDefaults(Set<Integer> eosTokenIds, Optional<Double> temperature, Optional<Double> topP,
                                 Optional<Integer> topK) {

    static GenerationDefaults from(ModelConfig config, Optional<JsonNode> gen) {
        Set<Integer> eos = new LinkedHashSet<>(config.eosTokenIds());
        Optional<Double> temperature = Optional.empty(), topP = Optional.empty();
        Optional<Integer> topK = Optional.empty();
        if (gen.isPresent()) {
            JsonNode g = gen.get();
            JsonNode e = g.get("eos_token_id");
            if (e != null && e.isArray()) e.forEach(id -> eos.add(id.asInt()));
            else if (e != null && e.canConvertToExactIntegral()) eos.add(e.asInt());
            if (g.path("temperature").isNumber()) temperature = Optional.of(g.get("temperature").asDouble());
            if (g.path("top_p").isNumber()) topP = Optional.of(g.get("top_p").asDouble());
            if (g.path("top_k").isNumber()) topK = Optional.of(g.get("top_k").asInt());
        }
        return new GenerationDefaults(Set.copyOf(eos), temperature, topP, topK);
    }
}
