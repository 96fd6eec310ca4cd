// The model's tokenizer: a standard Hugging Face tokenizer.json run by @huggingface/tokenizers (pure
// JS, so it works in worker threads and needs no native build). scripts/model/train-tokenizer.ts
// writes the file; every encode/decode in the app, training included, goes through here.
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import type { ModelFolder } from './model-folder';
import { ModelFolderError } from './model-folder';

export interface TextTokenizer {
  vocabSize: number;
  /** Token ids of `text`; markup such as <think> and label words map to their single tokens. */
  encode(text: string): number[];
  /** Text of `ids`; `skipSpecial` drops <bos>, <think>, … but keeps label words. */
  decode(ids: readonly number[], skipSpecial?: boolean): string;
  tokenId(token: string): number | undefined;
  /** The vocabulary string of `id` (byte-level form, e.g. "Ġhigh"). */
  idToToken(id: number): string | undefined;
}

export function loadTokenizer(tokenizerPath: string): TextTokenizer {
  let json: { model?: { vocab?: Record<string, number> } };
  try {
    json = JSON.parse(readFileSync(tokenizerPath, 'utf8'));
  } catch (error) {
    throw new ModelFolderError('tokenizer_invalid', `${tokenizerPath} cannot be read as JSON: ${(error as Error).message}`);
  }
  const vocab = json.model?.vocab;
  if (!vocab || typeof vocab !== 'object') throw new ModelFolderError('tokenizer_invalid', `${tokenizerPath} has no model.vocab`);
  const tokenizer = new Tokenizer(json, {});
  const byId = new Map(Object.entries(vocab).map(([token, id]) => [id, token]));
  return {
    vocabSize: Object.keys(vocab).length,
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
    decode: (ids, skipSpecial = false) => tokenizer.decode([...ids], { skip_special_tokens: skipSpecial }),
    tokenId: (token) => vocab[token],
    idToToken: (id) => byId.get(id),
  };
}

/** The folder's tokenizer, checked against the manifest's vocabulary size and token ids. */
export function loadFolderTokenizer(folder: ModelFolder): TextTokenizer {
  const { manifest } = folder;
  const tokenizer = loadTokenizer(folder.file(manifest.tokenizer.file));
  if (tokenizer.vocabSize !== manifest.config.vocab) {
    throw new ModelFolderError(
      'tokenizer_invalid',
      `tokenizer has ${tokenizer.vocabSize} tokens, the model's vocabulary is ${manifest.config.vocab}`,
    );
  }
  for (const [label, id] of Object.entries(manifest.tokenizer.tokenIds.labels)) {
    if (tokenizer.tokenId(label) !== id) {
      throw new ModelFolderError(
        'tokenizer_invalid',
        `label "${label}" is token ${tokenizer.tokenId(label)} in tokenizer.json but ${id} in the manifest`,
      );
    }
  }
  return tokenizer;
}
