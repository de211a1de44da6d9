// Artifact serialisation. JSON.stringify is deterministic for the same values (key order is insertion
// order, numbers print as the shortest round-trip form), so the same input gives the same bytes;
// stages that want fewer digits round their own numbers deliberately.
// At a million customers one artifact can exceed V8's maximum string length (~512 MiB), so files are
// written in pieces: long arrays element by element, each piece by JSON.stringify, the bytes identical.

import { closeSync, openSync, writeSync } from "node:fs";

export function stableJson(value: unknown): string {
  return JSON.stringify(value) + "\n";
}

/** Arrays longer than this are written element by element instead of as one string. */
const STREAMED_ARRAY_LENGTH = 1024;
/** Pieces are gathered into writes of about this many characters. */
const WRITE_CHUNK_CHARS = 1 << 20;

const omittedInObject = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== "function" && !ArrayBuffer.isView(v);

/** The pieces of JSON.stringify(value), in order; containers that hold long arrays are opened up. */
export function* jsonPieces(value: unknown): Generator<string> {
  if (Array.isArray(value) && containsLongArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ",";
      const v = value[i];
      if (omittedInObject(v)) yield "null";
      else yield* jsonPieces(v);
    }
    yield "]";
  } else if (isPlainObject(value) && containsLongArray(value)) {
    yield "{";
    let first = true;
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (omittedInObject(v)) continue;
      yield `${first ? "" : ","}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonPieces(v);
    }
    yield "}";
  } else {
    yield JSON.stringify(value) ?? "null";
  }
}

/** Whether a long array sits anywhere inside (only then is a container worth opening up). */
function containsLongArray(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > STREAMED_ARRAY_LENGTH || value.some(containsLongArray);
  if (isPlainObject(value)) return Object.values(value).some(containsLongArray);
  return false;
}

/** Writes stableJson(value) to a file without building it as one string. */
export function writeJsonFile(path: string, value: unknown): void {
  const fd = openSync(path, "w");
  try {
    let buffer = "";
    for (const piece of jsonPieces(value)) {
      buffer += piece;
      if (buffer.length >= WRITE_CHUNK_CHARS) {
        writeSync(fd, buffer);
        buffer = "";
      }
    }
    writeSync(fd, buffer + "\n");
  } finally {
    closeSync(fd);
  }
}
