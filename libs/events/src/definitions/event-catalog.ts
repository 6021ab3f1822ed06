import { EventError, EventErrorCode } from '../errors/index.js';
import type { EventDefinition } from './event-definition.js';

/**
 * Every event type (and version) a service knows. Consumers resolve a message's
 * (type, version) here; a pair that is not registered is dead-lettered as unknown rather
 * than guessed at, so an old consumer never misreads a newer schema.
 */
export class EventCatalog<D extends EventDefinition = EventDefinition> {
  private readonly byTypeAndVersion = new Map<string, D>();

  constructor(definitions: readonly D[]) {
    for (const definition of definitions) {
      const id = EventCatalog.idOf(definition.type, definition.version);
      if (this.byTypeAndVersion.has(id)) {
        throw new EventError(
          EventErrorCode.InvalidArgument,
          `event "${definition.type}" version ${definition.version} is registered twice`,
          { eventType: definition.type },
        );
      }
      this.byTypeAndVersion.set(id, definition);
    }
  }

  /** Every registered definition, in registration order. */
  get definitions(): readonly D[] {
    return [...this.byTypeAndVersion.values()];
  }

  /** The definition of (type, version), or undefined. */
  find(type: string, version: number): D | undefined {
    return this.byTypeAndVersion.get(EventCatalog.idOf(type, version));
  }

  /** The definition of (type, version); EventError EVENT_UNKNOWN_TYPE when there is none. */
  resolve(type: string, version: number): D {
    const definition = this.find(type, version);
    if (definition === undefined) {
      throw new EventError(
        EventErrorCode.UnknownType,
        `no event "${type}" version ${version} in the catalog`,
        { eventType: type },
      );
    }
    return definition;
  }

  /** The distinct topics the given types (default: all) are published to, sorted. */
  topics(types?: Iterable<string>): string[] {
    const wanted = types === undefined ? undefined : new Set(types);
    const topics = new Set<string>();
    for (const definition of this.byTypeAndVersion.values()) {
      if (wanted === undefined || wanted.has(definition.type)) topics.add(definition.topic);
    }
    return [...topics].sort();
  }

  private static idOf(type: string, version: number): string {
    return `${type}@${version}`;
  }
}
