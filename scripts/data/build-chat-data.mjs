// Synthesizes SFT conversations and DPO preference pairs from WordNet, for the fine-tuning and alignment
// runs of docs/TRAINING.md. No instruction or preference data set can be installed here, so these are made,
// and labelled as made: every record comes from one WordNet synset (word, gloss, example sentences).
//
// Usage: node build-chat-data.mjs CORPUS_DIR OUT_DIR [--max N] [--seed S] [--rejected other|looped]
//   CORPUS_DIR/wordnet.jsonl  as written by fetch-corpus.sh: {"text": "word, synonym: gloss; \"example\""}
// Writes OUT_DIR/sft-{train,val}.jsonl   {"messages": [{"role": "user", ...}, {"role": "assistant", ...}]}
//            "What does the word "W" mean?" -> the gloss;  "Use the word "W" in a sentence." -> an example
//        OUT_DIR/dpo-{train,val}.jsonl   {"prompt": "What does the word "W" mean?", "chosen": the gloss,
//                                         "rejected": the gloss of another synset (a fluent, wrong answer), or
//                                         with --rejected looped the gloss's first words repeated to its length
//                                         (the degenerate loop small models fall into)}
//        OUT_DIR/README.md                what was made, from what, and how many
// Words, not records, are split 95/5 into train and validation, so no validation word is seen in training.
// Deterministic for a seed (mulberry32 PRNG), so a re-run writes the same files.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
if (args.length < 2) {
  console.error('usage: node build-chat-data.mjs CORPUS_DIR OUT_DIR [--max N] [--seed S] [--rejected other|looped]');
  process.exit(2);
}
const [corpus, out] = args;
const opt = (name, dflt) => { const i = args.indexOf(name); return i < 0 ? dflt : Number(args[i + 1]); };
const max = opt('--max', 20000), seed = opt('--seed', 1);
const rejectedKind = args.includes('--rejected') ? args[args.indexOf('--rejected') + 1] : 'other';
if (rejectedKind !== 'other' && rejectedKind !== 'looped') {
  console.error(`--rejected must be other or looped, found ${rejectedKind}`);
  process.exit(2);
}
// "a noisy or scolding or domineering woman" -> "a noisy or a noisy or a noisy": as many words, no new content.
const looped = (gloss) => {
  const words = gloss.split(/\s+/), k = Math.min(3, Math.max(1, words.length - 1));
  return Array.from({ length: words.length }, (_, i) => words[i % k]).join(' ');
};

function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(seed);
const shuffle = (xs) => { for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [xs[i], xs[j]] = [xs[j], xs[i]]; } return xs; };

// "word, synonym: gloss; "example one"; "example two"" -> {word, gloss, examples}
const synsets = [];
for (const line of readFileSync(join(corpus, 'wordnet.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const text = JSON.parse(line).text;
  const colon = text.indexOf(': ');
  if (colon < 0) continue;
  const word = text.slice(0, colon).split(',')[0].trim();
  const parts = text.slice(colon + 2).split(/;\s*/);
  const gloss = parts.filter((p) => !p.startsWith('"')).join('; ').trim();
  const examples = parts.filter((p) => p.startsWith('"')).map((p) => p.replace(/^"|"$/g, '').trim())
    .filter((e) => e.toLowerCase().includes(word.toLowerCase()));
  // Short, single-word entries with a real gloss make clean, checkable pairs.
  if (!/^[a-z]+$/.test(word) || gloss.length < 10 || gloss.length > 160) continue;
  synsets.push({ word, gloss, examples });
}
// One synset per word (its first sense), so "What does W mean?" has one right answer.
const byWord = new Map();
for (const s of synsets) if (!byWord.has(s.word)) byWord.set(s.word, s);
const picked = shuffle([...byWord.values()]).slice(0, max);
const nVal = Math.max(1, Math.round(picked.length * 0.05));
const splits = { val: picked.slice(0, nVal), train: picked.slice(nVal) };

const ask = (w) => `What does the word "${w}" mean?`;
const counts = {};
mkdirSync(out, { recursive: true });
for (const [name, items] of Object.entries(splits)) {
  const sft = [], dpo = [];
  for (const s of items) {
    sft.push({ messages: [{ role: 'user', content: ask(s.word) }, { role: 'assistant', content: s.gloss }] });
    if (s.examples.length > 0) {
      sft.push({ messages: [{ role: 'user', content: `Use the word "${s.word}" in a sentence.` },
                            { role: 'assistant', content: s.examples[0] }] });
    }
    let other;
    do { other = items[Math.floor(random() * items.length)]; } while (other === s && items.length > 1);
    // The other word is drawn in both modes, so the SFT files of a seed are the same whichever is chosen.
    dpo.push({ prompt: ask(s.word), chosen: s.gloss, rejected: rejectedKind === 'looped' ? looped(s.gloss) : other.gloss });
  }
  const write = (file, rows) => { writeFileSync(join(out, file), rows.map((r) => JSON.stringify(r)).join('\n') + '\n'); counts[file] = rows.length; };
  write(`sft-${name}.jsonl`, shuffle(sft));
  write(`dpo-${name}.jsonl`, dpo);
}
writeFileSync(join(out, 'README.md'), `# Synthesized chat data (not human-written)

Made by scripts/data/build-chat-data.mjs (seed ${seed}, at most ${max} words) from WordNet 3.0
(Princeton University; WordNet licence, permissive, keep the notice), one synset per word:

- SFT: "What does the word W mean?" answered with W's gloss; "Use the word W in a sentence." answered with a
  WordNet example sentence that contains W.
- DPO: the same question; chosen = W's gloss, rejected = ${rejectedKind === 'looped'
    ? "the gloss's first words repeated to its length (a degenerate loop)"
    : 'the gloss of another word (fluent but wrong)'}.

Words are split 95/5 between train and validation (no validation word is in training).

| file | records |
|---|---:|
${Object.entries(counts).map(([f, n]) => `| ${f} | ${n} |`).join('\n')}
`);
console.error(`wrote ${Object.entries(counts).map(([f, n]) => `${f} ${n}`).join(', ')} to ${out}`);
