import { describe } from "node:test";
import { crudCases } from "./conformance/crud-cases.js";
import type { OpenFreshStore } from "./conformance/harness.js";
import { historyCases } from "./conformance/history-cases.js";
import { listCases } from "./conformance/list-cases.js";
import { watchCases } from "./conformance/watch-cases.js";

export type { OpenFreshStore } from "./conformance/harness.js";

/**
 * The behaviour every Store implementation owes its callers, registered as node:test
 * cases. Each case opens its own fresh store with openFresh and closes it afterwards;
 * cases read revisions relative to the store's starting one, so a fresh store need not
 * start at revision 0 (a fresh etcd key prefix does not).
 */
export function runStoreConformance(name: string, openFresh: OpenFreshStore): void {
  describe(`Store conformance: ${name}`, () => {
    crudCases(openFresh);
    listCases(openFresh);
    watchCases(openFresh);
    historyCases(openFresh);
  });
}
