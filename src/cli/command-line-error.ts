/** Bad arguments: printed with the command's name, exit code 2. */
export class CommandLineError extends Error {
  /** Read structurally by main: a bundled command carries its own copy of this class. */
  readonly exitCode = 2;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CommandLineError";
  }
}
