// Batch Mermaid renderer: one Chromium, Mermaid loaded once, every diagram of a build.
//
// Usage: node renderer.mjs SETTINGS, then one line on stdin: the JSON list of diagrams.
// The browser starts and Mermaid loads before that line arrives, so a build can start the
// renderer early and let it warm up while documents are read. End of input without a line:
// exit without rendering.
// SETTINGS (one JSON argument): {
//   "browser": "/usr/bin/chromium" | null,       // null: the headless shell browser.mjs downloaded (Read the Docs)
//   "mermaid": "/path/to/mermaid.min.js",
//   "config": {...},                              // passed to mermaid.initialize
//   "scale": 2                                    // device pixels per CSS pixel for PNG
// }
// Diagrams: [{"id": "...", "code": "...", "format": "svg"|"pdf"|"png", "output": "/path"}]
// Prints one JSON line on stdout per diagram, in the list's order, once its picture is written
// (or has failed): {"done": "<id>"} or {"done": "<id>", "error": "..."}, so that a build can use
// the first pictures while the rest are drawn; then the report: {"errors": [{"id": "...",
// "message": "..."}], "sandboxFallback": bool}. Or {"fatal": "..."} with exit code 2 when the
// browser could not start.

import { writeFile, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { createInterface } from "node:readline";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const settings = JSON.parse(process.argv[2]);
const input = createInterface({ input: process.stdin });
const diagramsLine = new Promise((resolve) => {
  input.once("line", resolve);
  input.once("close", () => resolve(null));
});

// Without the background-networking flags Chromium keeps trying to reach outside hosts.
const args = [
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
// Chromium refuses to run as root with its sandbox. As another user the sandbox needs kernel
// features that containers often lack (Read the Docs builds as a non-root user in one): when it
// cannot start there, the browser runs without it and the report says so. It only ever loads the
// book's own diagrams and a local copy of Mermaid, with networking switched off above.
const asRoot = process.getuid && process.getuid() === 0;
const executablePath = settings.browser ?? (await import("./browser.mjs")).downloadedBrowser();
const pageDir = await mkdtemp(join(tmpdir(), "playbook-mermaid-"));
const launch = (sandboxed) => puppeteer.launch({
  userDataDir: join(pageDir, "profile"),
  executablePath,
  args: sandboxed ? args : [...args, "--no-sandbox"],
  headless: true,
});
let browser;
let sandboxFallback = false;
try {
  try {
    browser = await launch(!asRoot);
  } catch (error) {
    if (asRoot || !/sandbox/i.test(error.message)) throw error;
    sandboxFallback = true;
    browser = await launch(false);
  }
} catch (error) {
  process.stdout.write(JSON.stringify({ fatal: `cannot start the browser ${executablePath}: ${error.message}` }));
  await rm(pageDir, { recursive: true, force: true });
  process.exit(2);
}

const errors = [];
try {
  // Mermaid arrives as a file:// script, which the browser parses while loading: about three
  // times faster here than pushing its 3 MB through the DevTools protocol with addScriptTag.
  const pageFile = join(pageDir, "render.html");
  await writeFile(pageFile, "<!doctype html><html><head><meta charset='utf-8'>" +
    `<script src="${pathToFileURL(settings.mermaid).href}"></script></head><body></body></html>`);
  const renderPage = await browser.newPage();
  await renderPage.goto(pathToFileURL(pageFile).href);
  await renderPage.evaluate((config) => {
    globalThis.mermaid.initialize({ startOnLoad: false, ...config });
  }, settings.config);
  // A second page turns each finished SVG into a PDF page or a PNG.
  const exportPage = await browser.newPage();
  await exportPage.setContent("<!doctype html><html><head><meta charset='utf-8'><style>" +
    "html,body{margin:0;padding:0;background:#fff}svg{display:block}@page{margin:0}</style></head><body></body></html>");
  // One page, one diagram at a time: a second page in its own renderer process was measured
  // slower here (2 cores shared with the rest of the build).
  const line = await diagramsLine;
  for (const diagram of line ? JSON.parse(line) : []) {
    try {
      await renderOne(renderPage, exportPage, diagram);
      process.stdout.write(JSON.stringify({ done: diagram.id }) + "\n");
    } catch (error) {
      errors.push({ id: diagram.id, message: cleanMessage(error) });
      process.stdout.write(JSON.stringify({ done: diagram.id, error: cleanMessage(error) }) + "\n");
    }
  }
} finally {
  input.close();
  // The report first, on a line of its own: the build goes on writing pages while the browser
  // closes (and waits for this process to exit before it ends).
  process.stdout.write(JSON.stringify({ errors, sandboxFallback }) + "\n");
  // A graceful close: a killed browser's helper processes can still be writing into the profile
  // folder while it is removed.
  await browser.close();
  await rm(pageDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

async function renderOne(renderPage, exportPage, diagram) {
  const svg = await renderPage.evaluate(async (id, code) => {
    try {
      return (await globalThis.mermaid.render(id, code)).svg;
    } catch (error) {
      document.body.replaceChildren(); // a failed render leaves its scratch element behind
      throw error;
    }
  }, diagram.id, diagram.code);
  const sized = fixSize(svg);
  await mkdir(dirname(diagram.output), { recursive: true });
  if (diagram.format === "svg") {
    await writeAtomically(diagram.output, sized.svg);
    return;
  }
  if (diagram.format === "pdf") {
    // Swapping the body is much cheaper than loading a new document for every diagram.
    await exportPage.evaluate((markup) => { document.body.innerHTML = markup; }, sized.svg);
    await writeAtomically(diagram.output, await exportPage.pdf({
      width: `${sized.width}px`,
      height: `${sized.height + 1}px`,
      printBackground: true,
      pageRanges: "1",
    }));
  } else if (diagram.format === "png") {
    // Drawn on a canvas in the page: cheaper than a screenshot, which waits for a compositor frame.
    const dataUrl = await exportPage.evaluate(async (markup, width, height, scale) => {
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = width * scale;
      canvas.height = height * scale;
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL("image/png");
    }, sized.svg, sized.width, sized.height, settings.scale);
    await writeAtomically(diagram.output, Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64"));
  } else {
    throw new Error(`unknown output format ${diagram.format}`);
  }
}

// Mermaid sizes its SVG with width="100%" and a max-width style; give it its natural size instead,
// so an <img> reserves its box before loading and PDF pages fit the drawing.
function fixSize(svg) {
  const viewBox = /viewBox="([-\d.]+)[ ,]+([-\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)"/.exec(svg);
  if (!viewBox) throw new Error("the rendered SVG has no viewBox");
  const width = Math.ceil(Number(viewBox[3]));
  const height = Math.ceil(Number(viewBox[4]));
  const fixed = svg.replace(/<svg([^>]*)>/, (_, attributes) => {
    const kept = attributes
      .replace(/\swidth="[^"]*"/, "")
      .replace(/\sheight="[^"]*"/, "")
      .replace(/\sstyle="[^"]*"/, "");
    return `<svg${kept} width="${width}" height="${height}">`;
  });
  return { svg: fixed, width, height };
}

// The output folder is a cache shared by builds: never leave a half-written file under a final name.
async function writeAtomically(path, data) {
  await writeFile(`${path}.${process.pid}.tmp`, data);
  await rename(`${path}.${process.pid}.tmp`, path);
}

function cleanMessage(error) {
  const text = String(error?.message ?? error);
  // puppeteer prefixes page errors with evaluation noise; keep Mermaid's own words.
  return text.replace(/^Error: /, "").replace(/\n\s+at .*$/gms, "").trim();
}
