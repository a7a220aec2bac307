import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";

/** Access modes PVs and PVCs accept, sorted as upstream lists them in errors. */
export const supportedAccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"] as const;

const supported = new Set<string>(supportedAccessModes);

/**
 * The access mode rules shared by PV and PVC specs: each mode supported, and ReadWriteOncePod
 * alone. The "required" check differs between the two and stays with each caller.
 */
export function validateAccessModeValues(modes: readonly string[], p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let others = false;
  for (const mode of modes) {
    if (!supported.has(mode)) errs.push(fieldErrors.notSupported(p, mode, supportedAccessModes));
    if (mode === "ReadWriteOncePod") rwop = true;
    else if (supported.has(mode)) others = true;
  }
  if (rwop && others) errs.push(fieldErrors.forbidden(p, "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

/** helper.GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that order, duplicates once. */
export function accessModesAsString(modes: readonly string[] | undefined): string {
  const list = modes ?? [];
  const short: Array<[string, string]> = [
    ["ReadWriteOnce", "RWO"],
    ["ReadOnlyMany", "ROX"],
    ["ReadWriteMany", "RWX"],
    ["ReadWriteOncePod", "RWOP"],
  ];
  return short
    .filter(([mode]) => list.includes(mode))
    .map(([, s]) => s)
    .join(",");
}
