package dev.bitnet4j.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Hugging Face model folder: config.json plus either one model.safetensors or shards listed by
 * model.safetensors.index.json. All shards are mapped, and tensor names resolve across them.
 */
public final class HfCheckpoint implements Checkpoint {
    public static final String CONFIG = "config.json";
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final Path folder;
    private final JsonNode config;
    private final List<SafetensorsFile> files;
    private final Map<String, Tensor> tensors;

    private HfCheckpoint(Path folder, JsonNode config, List<SafetensorsFile> files, Map<String, Tensor> tensors) {
        this.folder = folder;
        this.config = config;
        this.files = files;
        this.tensors = tensors;
    }

    public static HfCheckpoint open(Path folder) {
        if (!Files.exists(folder)) throw new BitNetException(folder + ": model folder not found");
        if (!Files.isDirectory(folder)) {
            throw new BitNetException(folder + ": expected a Hugging Face model folder (config.json + *.safetensors)");
        }
        JsonNode config = Json.read(folder.resolve(CONFIG));
        List<SafetensorsFile> files = new ArrayList<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try {
            if (Files.exists(folder.resolve(INDEX))) {
                openShards(folder, files, tensors);
            } else if (Files.exists(folder.resolve(SINGLE))) {
                SafetensorsFile f = SafetensorsFile.open(folder.resolve(SINGLE));
                files.add(f);
                tensors.putAll(f.tensors());
            } else {
                throw new BitNetException(folder + ": no " + SINGLE + " or " + INDEX + " in the folder");
            }
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
        return new HfCheckpoint(folder, config, files, tensors);
    }

    private static void openShards(Path folder, List<SafetensorsFile> files, Map<String, Tensor> tensors) {
        Path indexPath = folder.resolve(INDEX);
        JsonNode weightMap = Json.read(indexPath).get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw new BitNetException(indexPath + ": missing the \"weight_map\" object");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shardName = e.getValue().asText();
            Path shardPath = folder.resolve(shardName).normalize();
            if (!e.getValue().isTextual() || !shardPath.getParent().equals(folder.normalize())) {
                throw new BitNetException(indexPath + ": tensor '" + e.getKey() + "' maps to '" + e.getValue()
                        + "', which is not a file name in the folder");
            }
            SafetensorsFile shard = shards.get(shardName);
            if (shard == null) {
                if (!Files.exists(shardPath)) {
                    throw new BitNetException(shardPath + ": shard listed in " + INDEX + " is missing");
                }
                shard = SafetensorsFile.open(shardPath);
                shards.put(shardName, shard);
                files.add(shard);
            }
            Tensor t = shard.tensors().get(e.getKey());
            if (t == null) {
                throw new BitNetException(shardPath + ": does not hold tensor '" + e.getKey() + "' that " + INDEX
                        + " places there");
            }
            tensors.put(e.getKey(), t);
        }
    }

    /** The safetensors files the tensors are mapped from. */
    @Override
    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    @Override
    public Path path() {
        return folder;
    }

    @Override
    public JsonNode config() {
        return config;
    }

    @Override
    public String configSource() {
        return folder.resolve(CONFIG).toString();
    }

    @Override
    public Optional<JsonNode> generationConfig() {
        Path p = folder.resolve("generation_config.json");
        return Files.exists(p) ? Optional.of(Json.read(p)) : Optional.empty();
    }

    @Override
    public Map<String, Tensor> tensors() {
        return tensors;
    }


    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
