package dev.bitnet4j.cli;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.ModelAssets;
import dev.bitnet4j.chat.ChatSession;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.SamplingParams;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Talk with a model, one turn after another, each reply streamed as it is generated.",
                "In a terminal it is a REPL; otherwise each line of stdin (or each --message) is a user message.",
                "Commands: /system TEXT (set the system prompt; /system alone removes it), /reset, /exit.",
                "Ctrl-C stops the current reply; at the prompt it ends the program."})
final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--system", description = "System prompt for the conversation.")
    String system;

    @Option(names = "--message", description = "A user message (repeatable): answer each in turn, then exit.")
    List<String> messages = new ArrayList<>();

    @Option(names = {"-n", "--max-tokens"}, defaultValue = "512", description = "Most tokens per reply (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = {"-c", "--ctx-size"}, defaultValue = "4096",
            description = "Context size in tokens, capped at the model's maximum (default: ${DEFAULT-VALUE}).")
    int ctxSize;

    @Mixin
    SamplingOptions sampling;

    private volatile boolean replying;
    private boolean failed;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try (BitNetModel m = model.load()) {
            ModelAssets.Assets assets = ModelAssets.load(model.path);
            Tokenizer tokenizer = assets.tokenizer().orElseThrow(() ->
                    new BitNetException(model.path + ": chat needs a tokenizer, and the model has none (no " + Tokenizer.FILE + ", no GGUF vocabulary)"));
            ChatTemplate template = assets.chatTemplate();
            if (template.isFallback()) {
                err.println("note: " + model.path + " has no chat template; using the built-in BitNet b1.58 template");
            }
            ChatSession session = new ChatSession(m, tokenizer, template, ctxSize);
            session.setSystem(system);
            SamplingParams params = sampling.toParams();
            Signal.handle(new Signal("INT"), sig -> {
                if (replying) session.cancel();
                else System.exit(130);
            });
            if (!messages.isEmpty()) {
                for (String msg : messages) turn(session, msg, params, out, err);
                return failed ? 1 : 0;
            }
            boolean interactive = System.console() != null && System.console().isTerminal();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (true) {
                if (interactive) {
                    out.print("> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null) break;
                if (line.isBlank()) continue;
                if (line.startsWith("/")) {
                    if (!command(line.strip(), session, out)) break;
                    continue;
                }
                turn(session, line, params, out, err);
            }
            return failed ? 1 : 0;
        }
    }

    /** Runs a REPL command; returns false for /exit. */
    private boolean command(String line, ChatSession session, PrintWriter out) {
        String name = line.split("\\s+", 2)[0];
        String arg = line.length() > name.length() ? line.substring(name.length()).strip() : "";
        switch (name) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/reset" -> {
                session.reset();
                out.println("(conversation cleared)");
            }
            case "/system" -> {
                session.setSystem(arg);
                out.println(arg.isEmpty() ? "(system prompt removed)" : "(system prompt set)");
            }
            default -> out.println("(unknown command " + name + "; try /system TEXT, /reset, /exit)");
        }
        out.flush();
        return true;
    }

    private void turn(ChatSession session, String message, SamplingParams params, PrintWriter out, PrintWriter err) {
        replying = true;
        try {
            ChatSession.Reply reply = session.send(message, maxTokens, params, Generator.TokenListener.text(text -> {
                out.print(text);
                out.flush();
            }));
            out.println();
            out.flush();
            if (reply.result().finishReason() == GenerateResult.FinishReason.CANCELLED) err.println("(reply stopped)");
            if (reply.droppedMessages() > 0) {
                err.println("(dropped the " + reply.droppedMessages() + " oldest messages to fit the context)");
            }
        } catch (BitNetException e) {
            failed = true;
            err.println("error: " + e.getMessage());
        } finally {
            replying = false;
            err.flush();
        }
    }
}
