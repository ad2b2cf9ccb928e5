package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Turn text into token ids. As a raw tool it matches Hugging Face's encode: special-token "
                + "strings in the text become special tokens unless --no-special is given.")
final class TokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TokenizerOption tokenizer;

    static final class Input {
        @Option(names = "--text", required = true, description = "The text to encode.")
        String text;

        @Option(names = "--jsonl", required = true, description = "Read JSON lines {\"text\": ...} from stdin; print one JSON array of ids per line.")
        boolean jsonl;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--bos", description = "Put the BOS token first.")
    boolean bos;

    @Option(names = "--no-special", description = "Treat special-token strings such as <|eot_id|> as plain text.")
    boolean noSpecial;

    @Option(names = "--json", description = "Print the ids as one JSON array.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Tokenizer tok = tokenizer.load();
        PrintWriter out = spec.commandLine().getOut();
        if (input.jsonl) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            for (int n = 1; (line = in.readLine()) != null; n++) {
                if (line.isBlank()) continue;
                JsonNode record = Json.parse(line.getBytes(StandardCharsets.UTF_8), "stdin line " + n);
                if (!record.path("text").isTextual()) throw new BitNetException("stdin line " + n + ": expected {\"text\": \"...\"}");
                out.println(Json.MAPPER.writeValueAsString(encode(tok, record.get("text").asText())));
            }
        } else {
            int[] ids = encode(tok, input.text);
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(ids));
            } else {
                for (int id : ids) out.println(id + "\t" + Json.MAPPER.writeValueAsString(tok.decode(new int[]{id}, false)));
            }
        }
        out.flush();
        return 0;
    }

    private int[] encode(Tokenizer tok, String text) {
        return bos ? tok.encodeWithBos(text, !noSpecial) : tok.encode(text, !noSpecial);
    }
}
