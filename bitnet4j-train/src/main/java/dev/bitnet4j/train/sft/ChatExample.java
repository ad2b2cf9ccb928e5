package dev.bitnet4j.train.sft;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatTemplate;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * One conversation as a training sequence: its tokens and, for each token, whether it is an assistant token
 * (the SFT loss counts only the predictions of those; 2B4T report). Built the way the engine will see it when
 * it replies: the text before each assistant turn is encoded as {@link ChatTemplate#encodeForReply} encodes a
 * prompt (BOS, the rendered history, user text never parsed for special tokens), and each assistant turn
 * (its content and the template's end-of-turn marker, e.g. {@code <|eot_id|>}) is encoded on its own, as the
 * tokens the model generates follow a prompt.
 *
 * @param tokens    the sequence
 * @param assistant {@code assistant[i]}: token i belongs to an assistant turn
 */
public record ChatExample(int[] tokens, boolean[] assistant) {
    /** A row that is all padding: it fills a held-out batch that runs short and counts for nothing. */
    public static final ChatExample PADDING = new ChatExample(new int[]{0}, new boolean[]{false});

    /** Encodes {@code messages}, which need at least one assistant turn; {@code where} names it in errors. */
    public static ChatExample encode(List<ChatMessage> messages, ChatTemplate template, Tokenizer tokenizer, String where) {
        List<ChatMessage> safe = ChatTemplate.protect(messages, tokenizer);   // as the engine encodes a conversation
        List<Integer> tokens = new ArrayList<>();
        List<Boolean> mask = new ArrayList<>();
        String previous = "";               // the conversation's text already encoded
        boolean first = true;
        for (int i = 0; i < safe.size(); i++) {
            if (!safe.get(i).role().equals("assistant")) continue;
            String prefix = template.render(safe.subList(0, i), true);
            String full = template.render(safe.subList(0, i + 1), false);
            if (!full.startsWith(prefix) || !prefix.startsWith(previous)) {
                throw new BitNetException(where + ": the chat template (" + template.origin() + ") does not render turn " + (i + 1)
                        + " as a continuation of the turns before it, so its assistant tokens cannot be told apart");
            }
            String before = prefix.substring(previous.length());
            int[] context = tokenizer.encode(before, true);
            add(tokens, mask, first ? tokenizer.withBos(context) : context, false);
            add(tokens, mask, tokenizer.encode(full.substring(prefix.length()), true), true);
            previous = full;
            first = false;
        }
        if (first) throw new BitNetException(where + ": no assistant turn to learn from");
        int[] ids = tokens.stream().mapToInt(Integer::intValue).toArray();
        boolean[] a = new boolean[mask.size()];
        for (int i = 0; i < a.length; i++) a[i] = mask.get(i);
        return new ChatExample(ids, a);
    }

    private static void add(List<Integer> tokens, List<Boolean> mask, int[] ids, boolean assistant) {
        for (int id : ids) {
            tokens.add(id);
            mask.add(assistant);
        }
    }

    /** How many tokens the loss counts. */
    public int assistantTokens() {
        int n = 0;
        for (boolean b : assistant) if (b) n++;
        return n;
    }
}
