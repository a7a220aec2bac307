import { createHash } from "node:crypto";
import type { ResourceTable } from "../../api/resource-table.js";
import { openApiComponents } from "../../api/schema/index.js";
import type { OpenApiSource } from "../non-resource-request.js";
import { resourcePaths } from "./openapi-paths.js";

/** The /openapi/v3 path of a group-version: "api/v1", "apis/apps/v1". */
function gvPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * /openapi/v3 from the resource table and the type schemas: one document per served
 * group-version, built on first request and kept (the served set does not change while the
 * server runs), each addressed by a hash of its content so clients cache it safely.
 */
export function openApiV3(table: ResourceTable): OpenApiSource {
  const docs = new Map<string, { body: string; hash: string }>();
  const gvs = table.groups().flatMap((g) => g.versions.map((v) => ({ group: g.group, version: v })));

  function document(path: string): { body: string; hash: string } | undefined {
    const cached = docs.get(path);
    if (cached) return cached;
    const gv = gvs.find((x) => gvPath(x.group, x.version) === path);
    if (!gv) return undefined;
    const paths = Object.assign({}, ...table.atVersion(gv.group, gv.version).map(resourcePaths)) as Record<string, unknown>;
    const apiVersion = gv.group === "" ? gv.version : `${gv.group}/${gv.version}`;
    const doc = {
      openapi: "3.0.0",
      info: { title: "Kubernetes", version: "unversioned" },
      paths,
      components: {
        schemas: openApiComponents(apiVersion),
        securitySchemes: { BearerToken: { type: "apiKey", description: "Bearer Token authentication", name: "authorization", in: "header" } },
      },
    };
    const body = JSON.stringify(doc);
    const entry = { body, hash: createHash("sha512").update(body).digest("hex").toUpperCase() };
    docs.set(path, entry);
    return entry;
  }

  return {
    index() {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const gv of gvs) {
        const p = gvPath(gv.group, gv.version);
        const doc = document(p);
        if (doc) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${doc.hash}` };
      }
      return { paths };
    },
    document,
  };
}
