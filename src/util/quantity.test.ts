import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { canonicalQuantity, compareQuantity, formatQuantity, milliValue, parseQuantity, QuantityError, quantityErrors, roundUp } from "./quantity.js";

describe("canonical form, as the API server writes quantities back", () => {
  const rows: Array<[string, string | number, string]> = [
    ["a decimal fraction of a CPU becomes millis", "0.5", "500m"],
    ["a thousand becomes kilo", "1000", "1k"],
    ["1024Mi becomes 1Gi", "1024Mi", "1Gi"],
    ["1536Mi stays in Mi", "1536Mi", "1536Mi"],
    ["half a Gi becomes 512Mi", "0.5Gi", "512Mi"],
    ["a binary amount below 1024 prints as decimal", "0.5Ki", "512"],
    ["an exponent stays an exponent", "1e3", "1e3"],
    ["an exponent that folds to zero prints bare", "1.2e3", "1200"],
    ["a byte count without a suffix stays as is", "128974848", "128974848"],
    ["a JSON number is a quantity", 0.25, "250m"],
    ["an integer JSON number", 1, "1"],
    ["values below a nano round up to one nano", "0.1n", "1n"],
    ["negative values keep their sign", "-1.5", "-1500m"],
    ["zero is 0", "0Mi", "0"],
    ["leading zeros are dropped", "007", "7"],
  ];
  for (const [name, input, want] of rows) test(name, () => assert.equal(canonicalQuantity(input), want));
});

describe("parse errors carry upstream's messages", () => {
  const rows: Array<[string, string, string]> = [
    ["letters are not a number", "abc", quantityErrors.formatWrong],
    ["two decimal points", "1.2.3", quantityErrors.formatWrong],
    ["an unknown suffix", "1Zi", quantityErrors.formatWrong],
    ["an exponent without digits", "1e", quantityErrors.suffix],
    ["an empty string", "", quantityErrors.formatWrong],
  ];
  for (const [name, input, message] of rows) {
    test(name, () => assert.throws(() => parseQuantity(input), (e: unknown) => e instanceof QuantityError && e.message === message));
  }
  test("the format message quotes upstream's regular expression", () => {
    assert.equal(quantityErrors.formatWrong, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});

describe("comparison and rounding", () => {
  test("1Gi is more than 1G", () => assert.equal(compareQuantity(parseQuantity("1Gi"), parseQuantity("1G")), 1));
  test("500m equals 0.5", () => assert.equal(compareQuantity(parseQuantity("500m"), parseQuantity("0.5")), 0));
  test("100m is less than 1", () => assert.equal(compareQuantity(parseQuantity("100m"), parseQuantity("1")), -1));
  test("rounding to millis goes away from zero", () => assert.equal(formatQuantity(roundUp(parseQuantity("0.1m"), -3)), "1m"));
  test("rounding a negative value goes away from zero too", () => assert.equal(formatQuantity(roundUp(parseQuantity("-1.5m"), -3)), "-2m"));
  test("milliValue of 1.5 is 1500", () => assert.equal(milliValue(parseQuantity("1.5")), 1500n));
  test("milliValue rounds up below a milli", () => assert.equal(milliValue(parseQuantity("1.0001")), 1001n));
});
