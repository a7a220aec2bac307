const alphabet = /[A-Za-z0-9+/]/;

/**
 * Decodes standard, padded base64 as Go's encoding/json does for []byte fields; a string is
 * returned instead of bytes when the input is malformed, worded as Go's CorruptInputError.
 */
export function decodeBase64Strict(value: string): Buffer | string {
  // Go skips newlines inside base64 input.
  const text = value.replace(/[\r\n]/g, "");
  const pad = text.indexOf("=");
  const body = pad < 0 ? text : text.slice(0, pad);
  for (let i = 0; i < body.length; i++) {
    if (!alphabet.test(body[i]!)) return corrupt(i);
  }
  const padding = text.length - body.length;
  if (padding > 0 && (padding > 2 || !/^=+$/.test(text.slice(pad)))) return corrupt(pad);
  if (text.length % 4 !== 0) return corrupt(text.length - (text.length % 4));
  return Buffer.from(text, "base64");
}

const corrupt = (at: number): string => `illegal base64 data at input byte ${at}`;
