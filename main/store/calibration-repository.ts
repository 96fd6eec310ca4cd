// Calibrations to the user's recordings, whole, and which one the app's analyses use now (at most one:
// a partial unique index). Stored calibrations are validated again on the way out, so a row edited
// by hand cannot feed an analysis numbers it would divide by.
import type { CalibrationListing, CalibrationSummary, UserCalibration } from '../../shared/types/calibration';
import { AppError } from '../../shared/errors/app-error';
import { DEFAULT_CALIBRATION, validateUserCalibration } from '../prosody';
import type { SqliteDatabase } from './database';

interface CalibrationRow {
  id: string;
  name: string;
  clips: number;
  calibration_json: string;
  active: number;
  created_at: string;
}

export class CalibrationRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Stores a calibration (its id must be new); `activate` makes it the one analyses use. */
  add(calibration: UserCalibration, options: { activate?: boolean } = {}): CalibrationSummary {
    const checked = validateUserCalibration(calibration);
    if (this.find(checked.id)) throw new AppError('conflict', `A calibration with id ${checked.id} already exists.`);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO calibrations (id, name, clips, calibration_json, active, created_at) VALUES (?, ?, ?, ?, 0, ?)')
        .run(checked.id, checked.name, checked.clips, JSON.stringify(checked), checked.createdAt);
      if (options.activate) this.setActive(checked.id);
    })();
    return this.summary(this.row(checked.id));
  }

  /** Every calibration, newest first, and the active one's id. */
  list(): CalibrationListing {
    const rows = this.db.prepare('SELECT * FROM calibrations ORDER BY created_at DESC, rowid DESC').all() as CalibrationRow[];
    return {
      items: rows.map((row) => this.summary(row)),
      activeId: rows.find((r) => r.active === 1)?.id ?? null,
      trainingTable: DEFAULT_CALIBRATION.corpus,
    };
  }

  /** One calibration (not_found when there is none with this id). */
  get(id: string): UserCalibration {
    return parse(this.row(id));
  }

  /** The calibration analyses use now; null: the training corpora's tables and statistics. */
  active(): UserCalibration | null {
    const row = this.db.prepare('SELECT * FROM calibrations WHERE active = 1').get() as CalibrationRow | undefined;
    return row ? parse(row) : null;
  }

  /** Makes `id` the active calibration, or none with null. */
  setActive(id: string | null): CalibrationListing {
    if (id !== null) this.row(id);
    this.db.transaction(() => {
      this.db.prepare('UPDATE calibrations SET active = 0 WHERE active = 1').run();
      if (id !== null) this.db.prepare('UPDATE calibrations SET active = 1 WHERE id = ?').run(id);
    })();
    return this.list();
  }

  /** Deletes a calibration for good; analyses made with it keep its name and size. */
  delete(id: string): CalibrationListing {
    this.row(id);
    this.db.prepare('DELETE FROM calibrations WHERE id = ?').run(id);
    return this.list();
  }

  private find(id: string): CalibrationRow | undefined {
    return this.db.prepare('SELECT * FROM calibrations WHERE id = ?').get(id) as CalibrationRow | undefined;
  }

  private row(id: string): CalibrationRow {
    const row = this.find(id);
    if (!row) throw new AppError('not_found', `No calibration with id ${id}.`);
    return row;
  }

  private summary(row: CalibrationRow): CalibrationSummary {
    const calibration = parse(row);
    const cut = (t: { lower: number; upper: number }) => ({ lower: t.lower, upper: t.upper });
    return {
      id: row.id,
      name: row.name,
      clips: row.clips,
      createdAt: row.created_at,
      active: row.active === 1,
      baselineFrom: calibration.speakerBaseline ? (calibration.speakerBaselineFrom ?? []) : null,
      cuts: {
        medianF0Hz: cut(calibration.levels.medianF0Hz.any),
        energyDb: cut(calibration.levels.energyDb),
        rateSylPerS: cut(calibration.levels.rateSylPerS),
      },
      functionalCount: calibration.functionals.names.length,
    };
  }
}

function parse(row: CalibrationRow): UserCalibration {
  try {
    return validateUserCalibration(JSON.parse(row.calibration_json));
  } catch (error) {
    throw new AppError('bad_calibration_file', `The stored calibration "${row.name}" is damaged: ${(error as Error).message}`);
  }
}
