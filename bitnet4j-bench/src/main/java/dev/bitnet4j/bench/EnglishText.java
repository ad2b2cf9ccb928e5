package dev.bitnet4j.bench;

import java.util.Random;

/**
 * Deterministic English prose for tokenizer benchmarks: sentences assembled from a few hundred
 * words through varied templates, with numbers, quotes, contractions, lists and paragraph breaks,
 * so the tokenizer sees a realistic spread of pre-tokens rather than one sentence repeated.
 * The text is pure ASCII, so its length in characters is its length in bytes.
 */
public final class EnglishText {
    private EnglishText() {}

    private static final String[] NAMES = {"Alice", "Bob", "Carmen", "Dmitri", "Eleanor", "Farid", "Grace", "Hiroshi",
            "Ingrid", "Jamal", "Katherine", "Luis", "Margaret", "Nikolai", "Olivia", "Pedro", "Quentin", "Rosa",
            "Samuel", "Theresa", "Umar", "Victoria", "William", "Yasmin", "the committee", "the engineers",
            "our neighbours", "the old captain", "a young student", "the city council", "my grandmother", "the team"};
    private static final String[] VERBS = {"found", "built", "described", "carried", "questioned", "measured",
            "painted", "explained", "forgot", "repaired", "discovered", "ignored", "celebrated", "borrowed", "sold",
            "studied", "designed", "remembered", "delivered", "translated", "photographed", "examined", "rejected",
            "approved", "planted", "cleaned", "announced", "predicted", "recorded", "abandoned", "protected", "opened"};
    private static final String[] ADJECTIVES = {"quiet", "enormous", "fragile", "ancient", "bright", "curious",
            "reliable", "unusual", "narrow", "generous", "bitter", "elegant", "crowded", "distant", "familiar",
            "heavy", "invisible", "modest", "nervous", "ordinary", "patient", "remarkable", "silent", "tangled",
            "wooden", "golden", "broken", "careful", "delicate", "frozen", "hidden", "wealthy", "muddy", "restless"};
    private static final String[] NOUNS = {"bridge", "letter", "garden", "machine", "river", "library", "village",
            "telescope", "recipe", "contract", "harbour", "window", "mountain", "festival", "notebook", "engine",
            "cathedral", "experiment", "orchard", "railway", "painting", "theory", "kitchen", "lighthouse", "market",
            "manuscript", "violin", "forest", "hospital", "factory", "island", "museum", "journey", "storm", "lantern",
            "algorithm", "committee report", "weather station", "printing press", "family business", "school play"};
    private static final String[] PLACES = {"near the station", "in the northern valley", "behind the town hall",
            "on the edge of the desert", "across the harbour", "at the end of the corridor", "under the old oak",
            "in a small flat in Lisbon", "beside the frozen lake", "outside the university", "along the coast road",
            "in the back of the shop", "on the third floor", "somewhere in the suburbs", "at the crossroads"};
    private static final String[] TIMES = {"yesterday", "last winter", "every Tuesday", "in 1987", "before dawn",
            "after the war", "during the long summer", "a few minutes later", "the following morning", "in March",
            "twice a year", "at midnight", "since the spring of 2003", "long before anyone noticed", "soon afterwards"};
    private static final String[] ADVERBS = {"slowly", "carefully", "suddenly", "quietly", "reluctantly", "happily",
            "barely", "eventually", "almost", "deliberately", "gently", "frankly", "naturally", "strangely", "finally"};
    private static final String[] OPENERS = {"However,", "Meanwhile,", "In the end,", "Surprisingly,", "Of course,",
            "For a while,", "According to the records,", "At first,", "Nevertheless,", "To everyone's surprise,",
            "As it turned out,", "Without a word,", "In other words,", "Later that year,", "Even so,"};
    private static final String[] REMARKS = {"I don't think it's finished yet", "we'll see what happens",
            "that's not what they'd promised", "you can't be serious", "it isn't as simple as it looks",
            "they've been waiting for hours", "she'd never seen anything like it", "we're running out of time",
            "he won't admit it", "let's try again tomorrow", "nobody knows where it went", "it's worth every penny"};

    /** Exactly {@code bytes} bytes of prose from {@code seed}; the same arguments give the same text. */
    public static String generate(int bytes, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(bytes + 512);
        while (sb.length() < bytes) {
            int sentences = 3 + r.nextInt(6);
            for (int i = 0; i < sentences; i++) {
                if (i > 0) sb.append(' ');
                sentence(r, sb);
            }
            sb.append(r.nextInt(5) == 0 ? "\n" : "\n\n");
        }
        sb.setLength(bytes);
        return sb.toString();
    }

    private static void sentence(Random r, StringBuilder sb) {
        switch (r.nextInt(7)) {
            case 0 -> sb.append(cap(pick(r, NAMES))).append(' ').append(pick(r, VERBS)).append(" the ")
                    .append(pick(r, ADJECTIVES)).append(' ').append(pick(r, NOUNS)).append(' ')
                    .append(pick(r, PLACES)).append(' ').append(pick(r, TIMES)).append('.');
            case 1 -> sb.append(pick(r, OPENERS)).append(' ').append(pick(r, NAMES)).append(' ')
                    .append(pick(r, ADVERBS)).append(' ').append(pick(r, VERBS)).append(' ')
                    .append(a(pick(r, NOUNS))).append(", and then ").append(pick(r, VERBS)).append(" another one.");
            case 2 -> sb.append('"').append(cap(pick(r, REMARKS))).append(r.nextBoolean() ? ",\" said " : "!\" cried ")
                    .append(pick(r, NAMES)).append('.');
            case 3 -> sb.append("The ").append(pick(r, NOUNS)).append(" cost $").append(1 + r.nextInt(9999))
                    .append('.').append(10 + r.nextInt(90)).append(" and weighed ").append(1 + r.nextInt(500))
                    .append(" kg (about ").append(2 + r.nextInt(1100)).append(" pounds).");
            case 4 -> sb.append("We needed three things: ").append(a(pick(r, ADJECTIVES))).append(' ')
                    .append(pick(r, NOUNS)).append(", ").append(a(pick(r, NOUNS))).append("; and, above all, ")
                    .append(pick(r, ADJECTIVES)).append(" patience.");
            case 5 -> sb.append("Why had ").append(pick(r, NAMES)).append(' ').append(pick(r, VERBS)).append(" the ")
                    .append(pick(r, NOUNS)).append(' ').append(pick(r, TIMES)).append('?');
            default -> sb.append(cap(pick(r, TIMES))).append(", ").append(pick(r, NAMES)).append(" was ")
                    .append(pick(r, ADVERBS)).append(' ').append(pick(r, ADJECTIVES)).append(" - ")
                    .append(pick(r, REMARKS)).append('.');
        }
    }

    private static String pick(Random r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    private static String a(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
