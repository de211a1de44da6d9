// Artifact serialisation. JSON.stringify is deterministic for the same values (key order is insertion
// order, numbers print as the shortest round-trip form), so the same input gives the same bytes;
// stages that want fewer digits round their own numbers deliberately.

export function stableJson(value: unknown): string {
  return JSON.stringify(value) + "\n";
}
