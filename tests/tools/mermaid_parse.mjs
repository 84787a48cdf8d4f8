// Parse Mermaid diagrams with the real mermaid library (as GitHub's renderer would).
// Usage: node mermaid_parse.mjs FILE.mmd...  Prints "FILE: ok" or "FILE: error: …"; exits 1 on any error.
import { JSDOM } from "jsdom";
import fs from "node:fs";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(fs.readFileSync(file, "utf8"));
    console.log(`${file}: ok`);
  } catch (error) {
    failed += 1;
    console.log(`${file}: error: ${String(error.message).split("\n").join(" ")}`);
  }
}
process.exit(failed ? 1 : 0);
