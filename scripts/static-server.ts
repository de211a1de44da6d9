// A small static file server for the built report (dist/): used by `npm run serve`, the e2e tests and
// the benchmark. Serves on loopback only, with the MIME types DuckDB-WASM needs (application/wasm),
// brotli or gzip by the request's Accept-Encoding (compression.ts: the build's precompressed copies,
// else compressed once on the fly and cached).

import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compressedBody } from "./compression.js";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.stream",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

export function startStaticServer(dir: string, port = 0): Promise<{ server: Server; url: string }> {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    else if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`; // clean URLs
    if (!existsSync(file)) return void response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    const headers = { "content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache", vary: "accept-encoding" };
    const compressed = compressedBody(file, request.headers["accept-encoding"]);
    if (!compressed) {
      response.writeHead(200, { ...headers, "content-length": statSync(file).size });
      return void createReadStream(file).pipe(response);
    }
    const { encoding, body } = compressed;
    response.writeHead(200, { ...headers, "content-encoding": encoding, "content-length": typeof body === "string" ? statSync(body).size : body.byteLength });
    if (typeof body === "string") createReadStream(body).pipe(response);
    else response.end(body);
  });
  return new Promise((resolvePromise) =>
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      resolvePromise({ server, url: `http://127.0.0.1:${actualPort}` });
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = Number(process.env.PORT ?? 3000);
  const { url } = await startStaticServer(resolve(import.meta.dirname, "..", "dist"), port);
  console.log(`Serving the report at ${url}/ (Ctrl+C to stop)`);
}
