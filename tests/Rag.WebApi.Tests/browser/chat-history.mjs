// The chat page over a long conversation, in headless Chromium (Debian's package): the service accepts a small history
// budget, and the page must trim the oldest turns to fit it (with a visible note) rather than fail with 400; a document
// with a long name is ellipsised and keeps its delete button in view.
// Usage: node chat-history.mjs <base url> <document path> <upload name> <question> <history budget in characters>
// Prints {"ok":true,...} and exits 0 on success; prints the reason and exits 1 otherwise.
import { readFile } from "node:fs/promises";
import { launchChromium } from "./chromium.mjs";

const [url, documentPath, uploadName, question, budgetText] = process.argv.slice(2);
if (!budgetText) {
  console.error("Usage: node chat-history.mjs <base url> <document path> <upload name> <question> <history budget>");
  process.exit(2);
}

const budget = Number(budgetText);
const turns = 4;
const problems = [];
const sentHistories = [];
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("response", (response) => { if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`); });
  page.on("request", (request) => { if (request.url().endsWith("/api/ask/stream")) sentHistories.push(JSON.parse(request.postData()).history); });

  await page.goto(url, { waitUntil: "load" });
  await page.locator("#mode").filter({ hasText: /extractive|generated/ }).waitFor();
  await page.setInputFiles("#file-input", { name: uploadName, mimeType: "text/markdown", buffer: await readFile(documentPath) });
  await page.locator("#upload-status").filter({ hasText: /^Indexed\.$/ }).waitFor();

  // The long name is cut with an ellipsis inside the panel; its delete button stays inside the panel too.
  const item = page.locator("#documents li", { hasText: uploadName.slice(0, 20) });
  await item.waitFor();
  const name = item.locator(".name");
  const nameCut = await name.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).textOverflow === "ellipsis");
  if (!nameCut) problems.push("the long document name is not ellipsised");
  if ((await name.getAttribute("title")) !== uploadName) problems.push("the ellipsised name has no title with the whole name");
  const list = await page.locator("#documents").boundingBox();
  const remove = await item.locator("button").boundingBox();
  if (!remove || remove.x + remove.width > list.x + list.width + 0.5) problems.push(`the delete button is outside the list: ${JSON.stringify({ remove, list })}`);

  const answers = [];
  for (let turn = 1; turn <= turns; turn++) {
    await page.fill("#question", `${question} (${turn})`);
    await page.click("#ask");
    await page.locator(".message.assistant").nth(turn - 1).locator(".note, .sources").first().waitFor();
    await page.locator("#ask:not([disabled])").waitFor();
    answers.push((await page.locator(".message.assistant .text").nth(turn - 1).innerText()).trim());
  }

  const lengths = sentHistories.map((h) => h.reduce((sum, m) => sum + m.content.length, 0));
  if (sentHistories.length !== turns) problems.push(`${sentHistories.length} asks were sent, not ${turns}`);
  if (lengths.some((length) => length > budget)) problems.push(`a history over the ${budget}-character budget was sent: ${lengths}`);
  if (answers.some((a) => a.startsWith("Error:"))) problems.push(`an ask failed: ${answers.join(" | ")}`);
  // What is kept is the most recent: the last turn sent is the previous question, whenever any is sent.
  sentHistories.forEach((h, i) => { if (h.length && h.at(-2).content !== `${question} (${i})`) problems.push(`ask ${i + 1} did not keep the latest turn`); });
  const notes = await page.locator(".message.user .note.trimmed").allInnerTexts();
  if (!notes.length) problems.push("no note says that earlier turns were left out");
  if (problems.length) throw new Error(problems.join("\n"));

  console.log(JSON.stringify({ ok: true, budget, lengths, notes }));
} catch (error) {
  console.error(`FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
