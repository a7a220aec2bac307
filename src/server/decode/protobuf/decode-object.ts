/** Thrown for a protobuf body that cannot be decoded; the message is what the client sees. */
export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufDecodeError";
  }
}

export function decodeProtobufObject(_body: Uint8Array): unknown {
  throw new ProtobufDecodeError("protobuf is not supported yet");
}
