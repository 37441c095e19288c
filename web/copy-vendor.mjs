// Copy the browser builds of the COP's libraries from web/node_modules into
// src/reassure/cop/static/vendor/, where the server serves them offline.
// Run after `npm ci --prefix web`:  node web/copy-vendor.mjs
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = dirname(fileURLToPath(import.meta.url));
const modules = join(web, "node_modules");
const vendor = join(web, "..", "src", "reassure", "cop", "static", "vendor");

// [package, file inside the package, name in vendor/]
const FILES = [
  ["maplibre-gl", "dist/maplibre-gl.js", "maplibre-gl.js"],
  ["maplibre-gl", "dist/maplibre-gl.css", "maplibre-gl.css"],
  ["maplibre-gl", "LICENSE.txt", "LICENSE.maplibre-gl.txt"],
  ["milsymbol", "dist/milsymbol.js", "milsymbol.js"],
  ["milsymbol", "LICENSE", "LICENSE.milsymbol.txt"],
];

mkdirSync(vendor, { recursive: true });
const versions = {};
for (const [pkg, file, name] of FILES) {
  const src = join(modules, pkg, file);
  if (!existsSync(src)) {
    console.error(`copy-vendor: ${src} is missing; run \`npm ci --prefix web\` first`);
    process.exit(2);
  }
  // Drop the source-map comment: the .map files are not shipped, and a browser with
  // dev tools open would otherwise ask the server for them.
  if (name.endsWith(".js")) {
    const text = readFileSync(src, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
    writeFileSync(join(vendor, name), text);
  } else {
    copyFileSync(src, join(vendor, name));
  }
  versions[pkg] = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}
writeFileSync(join(vendor, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`copy-vendor: ${FILES.length} files into ${vendor} (${Object.entries(versions).map(([p, v]) => `${p}@${v}`).join(", ")})`);
