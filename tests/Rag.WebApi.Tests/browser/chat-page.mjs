// Drives the WebApi chat page in headless Chromium (Debian's package; Playwright never downloads a browser here).
// Usage: node chat-page.mjs <base url> <screenshot.png> <document path> <question> <expected phrase>
// Uploads the document through the hidden file input, waits for indexing, asks the question, waits for the streamed
// answer and a citation, clicks it, checks the source panel shows the passage, and saves a screenshot.
// Exits 0 on success; on failure prints the reason, saves the screenshot anyway, and exits 1.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { launchChromium } from "./chromium.mjs";

const [url, screenshot, documentPath, question, expected] = process.argv.slice(2);
if (!expected) {
  console.error("Usage: node chat-page.mjs <base url> <screenshot.png> <document path> <question> <expected phrase>");
  process.exit(2);
}

const timeout = 30_000;
const fileName = basename(documentPath);
const problems = [];
const step = (text) => console.log(`step: ${text}`);

const browser = await launchChromium();
let page;
try {
  page = await browser.newPage({ viewport: { width: 700, height: 560 } });
  page.setDefaultTimeout(timeout);
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("response", (response) => { if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`); });
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console error: ${message.text()}`); });

  step("load the page");
  const loaded = await page.goto(url, { waitUntil: "load" });
  // The page runs under its Content-Security-Policy: a violation is a console error, reported below.
  const policy = loaded.headers()["content-security-policy"] ?? "";
  if (!policy.includes("script-src 'self'")) problems.push(`the page has no script-restricting Content-Security-Policy: "${policy}"`);
  await page.locator("#mode").filter({ hasText: /extractive|generated/ }).waitFor();

  step(`upload ${fileName}`);
  await page.setInputFiles("#file-input", { name: fileName, mimeType: "text/markdown", buffer: await readFile(documentPath) });
  await page.locator("#upload-status").filter({ hasText: /^Indexed\.$/ }).waitFor();
  await page.locator("#documents li", { hasText: fileName }).waitFor();

  step(`ask "${question}"`);
  await page.fill("#question", question);
  await page.click("#ask");
  const answer = page.locator(".message.assistant").last();
  await answer.locator(".text", { hasText: expected }).waitFor();
  const citation = answer.locator(".text button.citation").first();
  await citation.waitFor();
  await page.locator("#ask:not([disabled])").waitFor(); // the stream has ended ("done" received)
  const answerText = (await answer.locator(".text").innerText()).trim();
  const sourcesListed = await answer.locator("ol.sources li").count();

  step("open the citation");
  await citation.click();
  const panel = page.locator("#source-panel");
  await panel.waitFor({ state: "visible" });
  const inView = await page
    .waitForFunction(() => {
      const box = document.getElementById("source-panel").getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight && box.bottom > 0;
    }, null, { timeout: 3000 })
    .then(() => true, () => false);
  if (!inView) throw new Error("The source panel opened outside the visible part of the page (it must be scrolled into view).");
  const passage = (await page.locator("#source-text").innerText()).trim();
  const location = (await page.locator("#source-location").innerText()).trim();
  if (!passage.includes(expected)) throw new Error(`The source panel does not show the passage holding "${expected}": ${passage}`);
  if (!location.includes(fileName)) throw new Error(`The source panel does not name ${fileName}: ${location}`);
  if (sourcesListed === 0) throw new Error("The answer lists no sources.");
  if (problems.length) throw new Error(problems.join("\n"));

  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ ok: true, answer: answerText, citation: await citation.innerText(), sourcesListed, location, passage }));
} catch (error) {
  console.error(`FAILED: ${error.message}`);
  for (const problem of problems) console.error(problem);
  if (page) await page.screenshot({ path: screenshot }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
