import { schemaFor, typeNamed } from "../api/schema/index.js";
import type { GroupVersionKind, TypeSchema } from "../api/schema/index.js";

/** The type schemas the server reads: by OpenAPI name, and the top-level type of a kind. */
export interface TypeLookup {
  byName(name: string): TypeSchema | undefined;
  byKind(gvk: GroupVersionKind): TypeSchema | undefined;
}

/** The types of api/schema's catalog (kubernetes-types plus upstream's later fields). */
export function catalogTypeLookup(): TypeLookup {
  return {
    byName: typeNamed,
    byKind: (g) => schemaFor(g.group ? `${g.group}/${g.version}` : g.version, g.kind),
  };
}


