// Versioned schema migrations. Each runs once, in order, inside a transaction; the version reached is
// kept in SQLite's user_version and in schema_migrations (with when it ran) for support questions.
// Append only: a shipped migration is never edited, a change is a new one.

/** One schema step. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    // The library: recordings (files live in the data folder's recordings/), every analysis of them
    // (prosody always; the model's label, probabilities, reasoning and verdicts once a model exists),
    // the current review per recording and the append-only history of review changes. Recordings are
    // soft-deleted (deleted_at) so a delete can be undone.
    version: 2,
    name: 'library',
    sql: `
      CREATE TABLE recordings (
        id            TEXT PRIMARY KEY,
        file_name     TEXT NOT NULL,
        original_name TEXT NOT NULL,
        source        TEXT NOT NULL CHECK (source IN ('import', 'recording')),
        format        TEXT NOT NULL,
        duration_s    REAL NOT NULL,
        size_bytes    INTEGER NOT NULL,
        content_hash  TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        deleted_at    TEXT
      ) STRICT;
      CREATE INDEX recordings_by_created ON recordings (created_at);
      CREATE INDEX recordings_by_hash ON recordings (content_hash);

      CREATE TABLE analyses (
        id                 INTEGER PRIMARY KEY,
        recording_id       TEXT NOT NULL REFERENCES recordings (id),
        prosody_json       TEXT NOT NULL,
        model_id           TEXT,
        label              TEXT,
        probabilities_json TEXT,
        reasoning          TEXT,
        verdicts_json      TEXT,
        timings_json       TEXT NOT NULL,
        created_at         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX analyses_by_recording ON analyses (recording_id, id);

      CREATE TABLE reviews (
        recording_id           TEXT PRIMARY KEY REFERENCES recordings (id),
        label                  TEXT,
        label_decision         TEXT CHECK (label_decision IN ('accepted', 'corrected')),
        factual_alignment      INTEGER CHECK (factual_alignment BETWEEN 1 AND 5),
        interpretative_quality INTEGER CHECK (interpretative_quality BETWEEN 1 AND 5),
        caption_completeness   INTEGER CHECK (caption_completeness BETWEEN 1 AND 5),
        fluency                INTEGER CHECK (fluency BETWEEN 1 AND 5),
        notes                  TEXT NOT NULL DEFAULT '',
        reviewer               TEXT NOT NULL DEFAULT '',
        created_at             TEXT NOT NULL,
        updated_at             TEXT NOT NULL
      ) STRICT;

      CREATE TABLE review_events (
        id           INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id),
        at           TEXT NOT NULL,
        reviewer     TEXT NOT NULL,
        changes_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_events_by_recording ON review_events (recording_id, id);
    `,
  },
  {
    // What the emotion model's answer was beyond its label: registry key and name, test-model flag,
    // whether the generation was well formed and what was wrong with it, where the probabilities
    // were read. The label column keeps only real judgements (well formed, not a test model), so
    // listings and filters never show a malformed or test model's output as a label.
    version: 3,
    name: 'analysis model details',
    sql: `ALTER TABLE analyses ADD COLUMN model_json TEXT;`,
  },
  {
    // Calibrations to the user's recordings (issue 11): level tertiles and functional statistics
    // measured on a library selection, kept whole as JSON (validated on the way out). At most one is
    // active (the partial unique index); analyses record the one they used, NULL meaning the
    // training corpora's tables.
    version: 4,
    name: 'user calibrations',
    sql: `
      CREATE TABLE calibrations (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        clips            INTEGER NOT NULL,
        calibration_json TEXT NOT NULL,
        active           INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        created_at       TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX calibrations_one_active ON calibrations (active) WHERE active = 1;
      ALTER TABLE analyses ADD COLUMN calibration_json TEXT;
    `,
  },
  {
    // Patient and session fields of a review (issue 15): typed by the clinician, saved like the notes
    // (each change in the history) and printed at the head of the report.
    version: 5,
    name: 'review patient and session',
    sql: `
      ALTER TABLE reviews ADD COLUMN patient TEXT NOT NULL DEFAULT '';
      ALTER TABLE reviews ADD COLUMN session_date TEXT NOT NULL DEFAULT '';
      ALTER TABLE reviews ADD COLUMN session_details TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    // Imported datasets (issue 13): the corpus folder the user named, its layout, licence and editable
    // label mapping; every clip the importer found (in import order: `position` is the record index
    // the page browses by), each speaker's split, and the state of the EmotionCoT build whose files
    // live in <data folder>/datasets/<id>/. Problems are the importer's (files it could not read) and
    // the build's (clips that failed to decode or analyze), kept whole as JSON.
    version: 6,
    name: 'datasets',
    sql: `
      CREATE TABLE datasets (
        id                 TEXT PRIMARY KEY,
        name               TEXT NOT NULL,
        folder             TEXT NOT NULL,
        format             TEXT NOT NULL,
        corpus             TEXT NOT NULL,
        licence            TEXT NOT NULL,
        label_mapping_json TEXT NOT NULL,
        problems_json      TEXT NOT NULL,
        seed               INTEGER NOT NULL,
        created_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL
      ) STRICT;

      CREATE TABLE dataset_clips (
        dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        audio_path   TEXT NOT NULL,
        speaker      TEXT NOT NULL,
        gender       TEXT CHECK (gender IN ('female', 'male')),
        source_label TEXT NOT NULL,
        transcript   TEXT,
        PRIMARY KEY (dataset_id, position)
      ) STRICT;

      CREATE TABLE dataset_speakers (
        dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        speaker    TEXT NOT NULL,
        split      TEXT NOT NULL CHECK (split IN ('train', 'validation', 'test')),
        PRIMARY KEY (dataset_id, speaker)
      ) STRICT;

      CREATE TABLE dataset_builds (
        dataset_id    TEXT PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
        status        TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        mapping_json  TEXT NOT NULL,
        records       INTEGER NOT NULL DEFAULT 0,
        total         INTEGER NOT NULL DEFAULT 0,
        splits_json   TEXT NOT NULL DEFAULT '{"train":0,"validation":0,"test":0}',
        failures_json TEXT NOT NULL DEFAULT '[]',
        error_json    TEXT,
        started_at    TEXT NOT NULL,
        finished_at   TEXT
      ) STRICT;
    `,
  },
];

/** The version a fully migrated database of this build has. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
