import { chmod, mkdir, rm } from "node:fs/promises";
import { isInside } from "./provisioned-volume.js";

/** Where provisioned volumes live: the provisioner's only effect outside the API. */
export interface VolumeDirs {
  /** The directory provisioned volumes are made in (<data-dir>/volumes). */
  readonly root: string;
  /** Creates the directory (and the root) if missing. */
  create(dir: string): Promise<void>;
  /** Removes the directory and everything in it; a missing one is not an error. */
  remove(dir: string): Promise<void>;
}

/** Directories on the local disk. Refuses any path that is not directly inside root. */
export class LocalVolumeDirs implements VolumeDirs {
  constructor(readonly root: string) {}

  async create(dir: string): Promise<void> {
    this.check(dir);
    await mkdir(dir, { recursive: true });
    // Containers may run as any user: the volume is theirs to write, whatever the umask.
    await chmod(dir, 0o777);
  }

  async remove(dir: string): Promise<void> {
    this.check(dir);
    await rm(dir, { recursive: true, force: true });
  }

  private check(dir: string): void {
    if (!isInside(this.root, dir)) throw new Error(`${dir} is not a volume directory under ${this.root}`);
  }
}
