// The engines' datasets as Parquet (verl reads Parquet only; TRL's `datasets` reads it too), written
// with hyparquet-writer under an explicit schema: the prompt a LIST of {role, content} structs in
// Parquet's standard three-level layout, reward_model and extra_info structs, as pyarrow writes them.
import { writeFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { TrlRow, VerlRow } from './rl-rows';

type Schema = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>;
type Element = Schema[number];

const text = (name: string): Element => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
const int32 = (name: string): Element => ({ name, type: 'INT32', repetition_type: 'REQUIRED' });
const struct = (name: string, fields: Schema): Schema => [{ name, repetition_type: 'REQUIRED', num_children: fields.length }, ...fields];
/** A list of {role, content}: LIST → repeated `list` → `element` struct. */
const messages = (name: string): Schema => [
  { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  ...struct('element', [text('role'), text('content')]),
];
/** The schema's root, over top-level fields given as their flattened element lists. */
const root = (columns: Schema[]): Schema => [{ name: 'root', num_children: columns.length }, ...columns.flat()];

const VERL_SCHEMA = root([
  [text('data_source')],
  messages('prompt'),
  [text('ability')],
  struct('reward_model', [text('style'), text('ground_truth')]),
  struct('extra_info', [text('split'), int32('index'), text('clip_id'), text('audio'), text('prosody_json'), text('functionals_json')]),
]);

const TRL_SCHEMA = root([
  messages('prompt'),
  [text('truth')],
  [text('clip_id')],
  [text('audio')],
  [text('split')],
  [text('prosody_json')],
  [text('functionals_json')],
]);

function write(file: string, rows: readonly Record<string, unknown>[], schema: Schema): void {
  // Top-level column names are the schema root's children, in order.
  const names: string[] = [];
  let i = 1;
  while (i < schema.length) {
    names.push(schema[i]!.name);
    i += subtreeSize(schema, i);
  }
  const buffer = parquetWriteBuffer({ columnData: names.map((name) => ({ name, data: rows.map((r) => r[name]) })), schema });
  writeFileSync(file, new Uint8Array(buffer));
}

/** Elements of the subtree starting at `at` (the element and all its descendants). */
function subtreeSize(schema: Schema, at: number): number {
  let size = 1;
  for (let child = 0; child < (schema[at]!.num_children ?? 0); child++) size += subtreeSize(schema, at + size);
  return size;
}

export const writeVerlParquet = (file: string, rows: readonly VerlRow[]): void => write(file, rows, VERL_SCHEMA);
export const writeTrlParquet = (file: string, rows: readonly TrlRow[]): void => write(file, rows, TRL_SCHEMA);
