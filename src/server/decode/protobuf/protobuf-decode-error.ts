/** A protobuf body that cannot be decoded; the message is what the client sees. */
export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufDecodeError";
  }
}
