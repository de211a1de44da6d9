// Lets Node tests import browser components, which use Framework's "npm:" specifiers:
// "npm:d3" resolves to the same package from node_modules.
import { register } from "node:module";

const hooks = `export async function resolve(specifier, context, next) {
  return next(specifier.startsWith("npm:") ? specifier.slice(4) : specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
