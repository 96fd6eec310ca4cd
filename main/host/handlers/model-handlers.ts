// models.*: the Models area — list and validate model folders, read a model's card and licence,
// choose the active model, the developer setting for test models, remove/restore user models, and
// import (a folder or .zip path, or a .zip uploaded in chunks), export and rename.
import { rm } from 'node:fs/promises';
import { UploadStore } from '../../library/upload-store';
import type { ModelRegistry } from '../../installed-models/model-registry';
import type { EventBus } from '../../ipc/event-bus';
import type { HandlerGroup } from './context';

export function modelHandlers(models: ModelRegistry, events: EventBus): HandlerGroup<'models'> {
  // Zips picked in the page arrive in chunks (the browser host's page has no file paths); a model
  // folder is a few MB, a generous cap keeps a runaway upload from filling the disk.
  const uploads = new UploadStore(models.uploadsDir(), { maxBytes: 4 * 1024 ** 3, maxOpen: 2 });
  uploads.removeOrphans();
  const changed = <T>(value: T): T => {
    events.emit('models.changed', {});
    return value;
  };
  return {
    'models.list': () => models.list(),
    'models.documents': ({ key }) => models.documents(key),
    'models.setActive': ({ key }) => changed(models.setActive(key)),
    'models.setShowTestModels': ({ show }) => changed(models.setShowTestModels(show)),
    'models.remove': ({ key }) => changed(models.remove(key)),
    'models.restore': ({ key }) => changed(models.restore(key)),
    'models.import': async ({ path }) => changed(await models.importFrom(path)),
    'models.uploadBegin': async ({ name, sizeBytes }) => ({ uploadId: await uploads.begin(name, sizeBytes) }),
    'models.uploadChunk': async ({ uploadId, offset, dataBase64 }) => ({
      receivedBytes: await uploads.append(uploadId, offset, Buffer.from(dataBase64, 'base64')),
    }),
    'models.uploadFinish': async ({ uploadId }) => {
      const file = await uploads.complete(uploadId);
      try {
        return changed(await models.importFrom(file.path, { zip: true, shownAs: file.name }));
      } finally {
        await rm(file.path, { force: true });
      }
    },
    'models.uploadCancel': async ({ uploadId }) => {
      await uploads.cancel(uploadId);
      return {};
    },
    'models.export': ({ key, format, destination }) => models.exportTo(key, format, destination),
    'models.rename': ({ key, name }) => changed(models.rename(key, name)),
  };
}
