// Puppeteer must not fetch its own browser on this project's machines (no host but the
// package registries is reachable): the renderer drives Debian's chromium instead.
// Read the Docs has no usable chromium, so there the download is allowed (see .readthedocs.yaml).
module.exports = {
  skipDownload: !process.env.READTHEDOCS,
};
