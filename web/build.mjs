// Builds the dashboard into the API's wwwroot: one bundled ES module, the page and its stylesheet, and the licences of
// the bundled packages. Run by `npm run build`, which the API project's Dashboard.targets runs when the output is
// missing or older than the sources.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "ClaimsLedger.Api", "wwwroot");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  metafile: true,
  write: false,
  outfile: join(out, "app.js"),
  logLevel: "warning",
});
const app = result.outputFiles[0].contents;
const css = await readFile(join(here, "src", "styles.css"));
const version = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 10);
await writeFile(join(out, "app.js"), app);
await writeFile(join(out, "styles.css"), css);

// The licences of every package in the bundle.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.add(m[1]);
}
const notices = [];
for (const name of [...packages].sort()) {
  const dir = join(here, "node_modules", name);
  const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
  const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"].map((f) => join(dir, f)).find(existsSync);
  notices.push(`${name} ${pkg.version} (${pkg.license ?? "see below"})\n\n${file ? (await readFile(file, "utf8")).trim() : ""}\n`);
}
await writeFile(join(out, "licenses.txt"), `Third-party packages bundled in app.js\n\n${notices.join("\n----------------------------------------\n\n")}`);

// index.html last (it is the build's Outputs stamp), naming the assets by content so a browser never mixes versions.
const html = (await readFile(join(here, "src", "index.html"), "utf8"))
  .replace('href="styles.css"', `href="styles.css?v=${version(css)}"`)
  .replace('src="app.js"', `src="app.js?v=${version(app)}"`);
await writeFile(join(out, "index.html"), html);
console.log(`Dashboard built into ${out} (${packages.size} packages bundled)`);
