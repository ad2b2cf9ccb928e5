package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.format.ModelConverter;
import dev.bitnet4j.format.gguf.GgmlType;
import dev.bitnet4j.model.BitNetModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A GGUF file serves with the tokenizer and chat template of its metadata, answering as the folder it came from. */
class GgufServeTest {
    @TempDir
    Path dir;

    @Test
    void ggufModelAnswersAsItsFolder() throws Exception {
        Path gguf = dir.resolve("tiny-llama3.gguf");
        ModelConverter.convert(TestModel.get().path(), ModelConverter.Target.GGUF_I2S, gguf, GgmlType.BF16, false);
        String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"Name a colour.\"}], \"max_tokens\": 8, \"temperature\": 0}";
        JsonNode fromFolder = answer(TestModel.get(), body);
        try (BitNetModel m = BitNetModel.load(gguf, 1)) {
            JsonNode fromGguf = answer(m, body);
            assertEquals(fromFolder.at("/choices/0/message/content"), fromGguf.at("/choices/0/message/content"));
            assertEquals(fromFolder.at("/usage"), fromGguf.at("/usage"));
            assertEquals("tiny-llama3.gguf", fromGguf.get("model").asText());
        }
    }

    private static JsonNode answer(BitNetModel model, String body) throws Exception {
        BitNetServer server = BitNetServer.start(model, new ServerConfig("127.0.0.1", 0, null, 1, 4096));
        try {
            return Http.ok(new Http(server, null).post("/v1/chat/completions", body));
        } finally {
            server.close();
        }
    }
}
