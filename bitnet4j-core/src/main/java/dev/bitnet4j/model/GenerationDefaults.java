package dev.bitnet4j.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the model folder says about generation: the end-of-sequence ids, config.json's eos_token_id
 * plus generation_config.json's list when present.
 */
public record GenerationDefaults(Set<Integer> eosTokenIds) {

    static GenerationDefaults from(ModelConfig config, Optional<JsonNode> gen) {
        Set<Integer> eos = new LinkedHashSet<>(config.eosTokenIds());
        gen.map(g -> g.get("eos_token_id")).ifPresent(e -> {
            if (e.isArray()) e.forEach(id -> eos.add(id.asInt()));
            else if (e.canConvertToExactIntegral()) eos.add(e.asInt());
        });
        return new GenerationDefaults(Set.copyOf(eos));
    }
}
