// models.*: the Models area — list and validate model folders, read a model's card and licence,
// choose the active model, the developer setting for test models, and remove/restore user models.
import type { ModelRegistry } from '../../models/model-registry';
import type { EventBus } from '../../ipc/event-bus';
import type { HandlerGroup } from './context';

export function modelHandlers(models: ModelRegistry, events: EventBus): HandlerGroup<'models'> {
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
  };
}
