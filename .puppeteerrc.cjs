// No puppeteer package may download a browser at install time (mermaid-cli, a test dependency,
// pulls in the full puppeteer): this project's machines reach no host but the package registries.
// The renderer drives Debian's chromium; on Read the Docs, playbook/diagrams/browser.mjs installs
// a headless shell explicitly.
module.exports = {
  skipDownload: true,
};
