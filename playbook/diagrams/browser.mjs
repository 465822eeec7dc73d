// The browser of a build on a machine without a usable Chromium (Read the Docs, where Ubuntu's
// chromium is a snap stub): the headless shell of the Chrome release that the pinned
// puppeteer-core is tested with, kept in node_modules/.cache (so `npm ci` starts it afresh).
//
// `node playbook/diagrams/browser.mjs install` downloads it once and prints its path; the
// renderer (renderer.mjs) uses it when no browser is configured.

import { fileURLToPath } from "node:url";
import { Browser, computeExecutablePath, install } from "@puppeteer/browsers";
import { PUPPETEER_REVISIONS } from "puppeteer-core/internal/revisions.js";

const options = {
  browser: Browser.CHROMEHEADLESSSHELL,
  buildId: PUPPETEER_REVISIONS["chrome-headless-shell"],
  cacheDir: fileURLToPath(new URL("../../node_modules/.cache/playbook-browser", import.meta.url)),
};

export function downloadedBrowser() {
  return computeExecutablePath(options);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "install") {
  const installed = await install(options);
  console.log(installed.executablePath);
}
