// Model folders as .zip files: writing one (yazl) and unpacking one that came from elsewhere (yauzl).
// An imported zip is hostile until proven otherwise, so unpacking refuses what could write outside
// the target folder or fill the disk: absolute or `..` paths, symbolic links, too many entries, an
// entry or a total beyond the size cap — counted on the bytes actually inflated, not on the sizes the
// zip declares (a zip bomb lies about those), and entries whose inflated size differs from the
// declared one (yauzl's validateEntrySizes).
import { createWriteStream, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { AppError } from '../../shared/errors/app-error';

/** What an unpacked zip may hold. */
export interface ZipLimits {
  /** Inflated bytes of all entries together; default 4 GiB (the largest model folder is far below). */
  maxTotalBytes?: number;
  /** Entries (files and folders); default 256 (a model folder has about ten files). */
  maxEntries?: number;
}

const DEFAULT_MAX_TOTAL = 4 * 1024 ** 3;
const DEFAULT_MAX_ENTRIES = 256;
/** Unix file-type bits in the high half of a zip entry's external attributes. */
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** A zip that must not be unpacked, or is not a zip at all. */
const unsafe = (message: string) => new AppError('zip_unsafe', message.replace(/\.\.$/, '.'));

/** Writes every file of `folder` (not sub-folders) into `zipPath` under `rootName/`. */
export async function writeFolderZip(folder: string, zipPath: string, rootName: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const name of readdirSync(folder).sort()) {
    const file = join(folder, name);
    if (statSync(file).isFile()) zip.addFile(file, `${rootName}/${name}`);
  }
  zip.end();
  mkdirSync(dirname(zipPath), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(zipPath, { flags: 'wx' }));
}

/** Unpacks `zipPath` into the (new, empty) folder `target`, refusing anything unsafe (AppError 'zip_unsafe'). */
export async function extractZip(zipPath: string, target: string, limits: ZipLimits = {}): Promise<void> {
  const maxTotal = limits.maxTotalBytes ?? DEFAULT_MAX_TOTAL;
  const maxEntries = limits.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const zip = await openZip(zipPath);
  try {
    if (zip.entryCount > maxEntries)
      throw unsafe(`The zip holds ${zip.entryCount} entries; a model folder has a few, so more than ${maxEntries} is refused.`);
    let total = 0;
    for await (const entry of entries(zip)) {
      const name = safeEntryName(entry.fileName);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK)
        throw unsafe(`The zip entry ${entry.fileName} is a symbolic link; links are refused (they could point outside the model folder).`);
      if (name.endsWith('/')) {
        mkdirSync(join(target, name), { recursive: true });
        continue;
      }
      if (total + entry.uncompressedSize > maxTotal)
        throw unsafe(`The zip unpacks to more than ${maxTotal} bytes (at ${entry.fileName}); refused.`);
      const path = join(target, name);
      mkdirSync(dirname(path), { recursive: true });
      const stream = await openEntry(zip, entry);
      // Counts the inflated bytes as they come: the declared sizes are only a claim.
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          total += chunk.length;
          if (total > maxTotal) done(unsafe(`The zip unpacks to more than ${maxTotal} bytes (at ${entry.fileName}); refused.`));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(stream, counter, createWriteStream(path, { flags: 'wx' }));
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw unsafe(`The zip entry ${entry.fileName} cannot be unpacked: ${(error as Error).message}.`);
      }
    }
  } finally {
    zip.close();
  }
}

/** A relative, forward-slash path with no `..`, drive letter or leading slash; else 'zip_unsafe'. */
function safeEntryName(raw: string): string {
  if (raw.includes('\\') || raw.includes('\0') || /^[A-Za-z]:/.test(raw) || raw.startsWith('/')) {
    throw unsafe(`The zip entry "${raw}" has an absolute or malformed path; refused.`);
  }
  const normal = posix.normalize(raw);
  if (normal === '..' || normal.startsWith('../') || normal.split('/').includes('..') || normal.startsWith('/')) {
    throw unsafe(`The zip entry "${raw}" points outside the folder it unpacks to; refused.`);
  }
  return normal;
}

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // strictFileNames: a backslash in a name is an error rather than silently a folder separator.
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true }, (error, zip) => {
      if (error || !zip) reject(unsafe(`${zipPath} is not a readable zip file: ${error?.message ?? 'no content'}.`));
      else resolve(zip);
    });
  });
}

/** The zip's entries one at a time (lazyEntries: the next is read only when asked for). */
async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (entry: yauzl.Entry) => {
        cleanup();
        resolve(entry);
      };
      const onEnd = () => {
        cleanup();
        resolve(null);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(unsafe(`The zip is damaged: ${error.message}.`));
      };
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(unsafe(`The zip entry ${entry.fileName} cannot be read: ${error?.message ?? 'no data'}.`));
      else resolve(stream);
    });
  });
}
