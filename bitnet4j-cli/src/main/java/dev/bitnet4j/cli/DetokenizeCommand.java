package dev.bitnet4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.format.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "detokenize", mixinStandardHelpOptions = true, description = "Turn token ids back into text.")
final class DetokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TokenizerOption tokenizer;

    @Option(names = "--ids", required = true, converter = TokenIds.Converter.class, description = "Comma-separated token ids, e.g. 9906,1917.")
    TokenIds ids;

    @Option(names = "--skip-special", description = "Leave out special tokens such as <|eot_id|>.")
    boolean skipSpecial;

    @Option(names = "--json", description = "Print {\"text\": ...}.")
    boolean json;

    @Override
    public Integer call() {
        var tok = tokenizer.load();
        for (int id : ids.ids()) {
            if (id < 0 || id >= tok.size()) {
                throw new dev.bitnet4j.BitNetException("token id " + id + " is outside the tokenizer's vocabulary (0.."
                        + (tok.size() - 1) + ")");
            }
        }
        String text = tok.decode(ids.ids(), skipSpecial);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode().put("text", text);
            out.println(o);
        } else {
            out.println(text);
        }
        out.flush();
        return 0;
    }
}
