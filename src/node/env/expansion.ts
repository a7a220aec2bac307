/**
 * Kubernetes' $(VAR) expansion (third_party/forked/golang/expansion): `$(NAME)` becomes the
 * variable's value when it is defined and stays as written when not; `$$` is a literal `$`; an
 * unclosed `$(` and any other `$x` are kept as they are.
 */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const { text, advance } = readReference(input.slice(cursor + 1), lookup);
    out += text;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

function readReference(rest: string, lookup: (name: string) => string | undefined): { text: string; advance: number } {
  if (rest[0] === "$") return { text: "$", advance: 1 };
  if (rest[0] === "(") {
    const close = rest.indexOf(")", 1);
    if (close < 0) return { text: "$(", advance: 1 };
    const name = rest.slice(1, close);
    return { text: lookup(name) ?? `$(${name})`, advance: close + 1 };
  }
  return { text: `$${rest[0]}`, advance: 1 };
}
