package dev.bitnet4j.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's chat template: Jinja2 source that turns a conversation into the prompt text the model was
 * trained on, rendered as transformers' {@code apply_chat_template} renders it (see {@link JinjaRenderer}).
 * The output is text; tokenizing it (and adding BOS, which the 2B4T template does not write) is the
 * tokenizer's job.
 */
public final class ChatTemplate {
    public static final String CONFIG_FILE = "tokenizer_config.json";
    public static final String TEMPLATE_FILE = "chat_template.jinja";

    /**
     * The BitNet b1.58 2B4T template ({@code "User: …<|eot_id|>Assistant: "}), byte for byte the
     * {@code chat_template.jinja} published with the model.
     */
    static final String BITNET_2B4T = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = message['role'] | capitalize + ': '+ message['content'] | trim + '<|eot_id|>' %}"
            + "{{ content }}{% endfor %}{% if add_generation_prompt %}{{ 'Assistant: ' }}{% endif %}";

    private final String source;
    private final Jinja2Source.Prepared prepared;
    private final String origin;
    private final boolean fallback;
    private final String bosToken;
    private final String eosToken;

    private ChatTemplate(String source, String origin, boolean fallback, String bosToken, String eosToken) {
        this.source = source;
        this.prepared = JinjaRenderer.prepare(source, origin);
        this.origin = origin;
        this.fallback = fallback;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
    }

    /**
     * The template of a model folder, looked up as transformers does:
     * <ol>
     *   <li>{@code chat_template.jinja} (the newer Hugging Face layout). When the folder also has a
     *       {@code chat_template} in {@code tokenizer_config.json}, the file wins, as it does in
     *       transformers, which writes the file and reads it in preference to the config entry.</li>
     *   <li>{@code chat_template} in {@code tokenizer_config.json}: a string, or a list of
     *       {@code {"name", "template"}} of which the one named "default" is used.</li>
     *   <li>Otherwise the built-in BitNet b1.58 2B4T template ({@link #isFallback()} is then true). It is
     *       used only when the folder has no template of its own, so a model that ships one always gets
     *       its own.</li>
     * </ol>
     * {@code bos_token} and {@code eos_token} are read from {@code tokenizer_config.json} when present
     * (a string, or an added-token object with {@code "content"}).
     */
    public static ChatTemplate find(Path modelFolder) {
        if (!Files.isDirectory(modelFolder)) throw new BitNetException(modelFolder + ": not a folder");
        Path configFile = modelFolder.resolve(CONFIG_FILE);
        JsonNode config = Files.exists(configFile) ? Json.read(configFile) : null;
        if (config != null && !config.isObject()) throw new BitNetException(configFile + ": expected a JSON object");
        String bos = config == null ? null : token(config, "bos_token", configFile);
        String eos = config == null ? null : token(config, "eos_token", configFile);

        Path templateFile = modelFolder.resolve(TEMPLATE_FILE);
        if (Files.exists(templateFile)) {
            return new ChatTemplate(readText(templateFile), templateFile.toString(), false, bos, eos);
        }
        JsonNode entry = config == null ? null : config.get("chat_template");
        if (entry != null && !entry.isNull()) {
            return fromConfig(entry, configFile, bos, eos);
        }
        return builtIn(bos, eos);
    }

    /** The built-in BitNet b1.58 2B4T template ({@link #isFallback()}), for a model that carries none of its own. */
    public static ChatTemplate builtIn(String bosToken, String eosToken) {
        return new ChatTemplate(BITNET_2B4T, "built-in BitNet b1.58 2B4T template", true, bosToken, eosToken);
    }

    /** A template given as Jinja2 source (no BOS/EOS tokens; pass them as extra variables if it needs them). */
    public static ChatTemplate of(String source) {
        return of(source, "inline chat template", null, null);
    }

    /**
     * A template from Jinja2 source found elsewhere, such as a GGUF file's tokenizer.chat_template, with the
     * BOS and EOS token text the template sees as {@code bos_token} and {@code eos_token} (null: not set).
     *
     * @param origin where the source came from, as error messages name it (such as the GGUF file's path)
     */
    public static ChatTemplate of(String source, String origin, String bosToken, String eosToken) {
        return new ChatTemplate(Objects.requireNonNull(source, "source"), Objects.requireNonNull(origin, "origin"),
                false, bosToken, eosToken);
    }

    private static ChatTemplate fromConfig(JsonNode entry, Path configFile, String bos, String eos) {
        if (entry.isTextual()) {
            return new ChatTemplate(entry.asText(), configFile + " (chat_template)", false, bos, eos);
        }
        if (!entry.isArray()) {
            throw new BitNetException(configFile + ": chat_template must be a string or a list of {\"name\", \"template\"}");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode t : entry) {
            if (!t.path("name").isTextual() || !t.path("template").isTextual()) {
                throw new BitNetException(configFile + ": chat_template list entries need string \"name\" and \"template\", got " + t);
            }
            String name = t.get("name").asText();
            if (name.equals("default")) {
                return new ChatTemplate(t.get("template").asText(), configFile + " (chat_template 'default')", false, bos, eos);
            }
            names.add(name);
        }
        throw new BitNetException(configFile + ": chat_template has named templates " + names
                + " but none named 'default', so it is unclear which one to use");
    }

    /** A special token: "text" or {"content": "text", ...}; null when absent. */
    private static String token(JsonNode config, String key, Path configFile) {
        JsonNode t = config.get(key);
        if (t == null || t.isNull()) return null;
        if (t.isTextual()) return t.asText();
        if (t.isObject() && t.path("content").isTextual()) return t.get("content").asText();
        throw new BitNetException(configFile + ": " + key + " must be a string or an object with \"content\", got " + t);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new BitNetException(file + ": not valid UTF-8");
        } catch (IOException e) {
            throw new BitNetException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Renders a conversation. Templates see {@code messages} (a list of {role, content} mappings),
     * {@code add_generation_prompt}, {@code bos_token} and {@code eos_token} when known, and every
     * extra variable (e.g. {@code tools}, or a {@code bos_token} to use instead); extra values may be
     * strings, numbers, booleans, null, lists and maps of those.
     *
     * @param addGenerationPrompt end with the header that starts the assistant's reply ("Assistant: ")
     * @throws BitNetException naming {@link #origin()} when the template is malformed, fails, or rejects
     *                         the conversation with {@code raise_exception}
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, Object> extraVariables) {
        List<Map<String, Object>> list = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            list.add(map);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        if (bosToken != null) vars.put("bos_token", bosToken);
        if (eosToken != null) vars.put("eos_token", eosToken);
        for (Map.Entry<String, Object> e : extraVariables.entrySet()) {
            if (e.getKey().equals("messages") || e.getKey().equals("add_generation_prompt")) {
                throw new IllegalArgumentException(e.getKey() + " is set by render's own parameters");
            }
            vars.put(e.getKey(), e.getValue());
        }
        vars.put("messages", list);
        vars.put("add_generation_prompt", addGenerationPrompt);
        return JinjaRenderer.render(prepared, origin, vars);
    }

    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * The prompt ids that ask for the next assistant turn of a conversation, as chats, the server and
     * the LangChain4j models all encode it: each message's text is protected (special-token strings in
     * it stay plain text), the conversation is rendered with the generation prompt, the template's own
     * markers become special tokens, and BOS goes first unless the template wrote it.
     *
     * @throws BitNetException as {@link #render} does
     */
    public int[] encodeForReply(List<ChatMessage> messages, Tokenizer tokenizer) {
        return tokenizer.withBos(tokenizer.encode(render(protect(messages, tokenizer), true), true));
    }

    /** The messages with their text protected ({@link Tokenizer#protect}): special-token strings in them stay plain text. */
    public static List<ChatMessage> protect(List<ChatMessage> messages, Tokenizer tokenizer) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) out.add(new ChatMessage(m.role(), tokenizer.protect(m.content())));
        return out;
    }

    /** The Jinja2 source. */
    public String source() {
        return source;
    }

    /** Where the template came from, as error messages name it: a file path, or the built-in template. */
    public String origin() {
        return origin;
    }

    /** True when the model folder had no template and the built-in 2B4T one is used. */
    public boolean isFallback() {
        return fallback;
    }

    public Optional<String> bosToken() {
        return Optional.ofNullable(bosToken);
    }

    public Optional<String> eosToken() {
        return Optional.ofNullable(eosToken);
    }
}
