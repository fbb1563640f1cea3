// Drives the chat page through what goes wrong: the API key, an upload the API refuses, an upload that fails to
// ingest, and deleting a document of a subfolder.
// Usage: node chat-failures.mjs <base url> <api key> <subfolder document path, relative to the documents folder>
// The service requires the key; the subfolder document is already indexed. Prints {"ok":true,...} and exits 0 when
// every check holds; otherwise prints the reason and exits 1.
import { launchChromium } from "./chromium.mjs";

const [url, key, nested] = process.argv.slice(2);
if (!nested) {
  console.error("Usage: node chat-failures.mjs <base url> <api key> <subfolder document path>");
  process.exit(2);
}

const step = (text) => console.log(`step: ${text}`);
const status = (page) => page.locator("#upload-status");
// The upload status once the upload has finished, whichever way it went.
const finalStatus = async (page) => {
  await status(page).filter({ hasText: /^(Upload failed|Not indexed|Indexing failed|Indexed\.)/ }).waitFor();
  return (await status(page).innerText()).trim();
};

const browser = await launchChromium();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

  step("enter the API key; it is kept for the session, not on disk");
  await page.goto(url, { waitUntil: "load" });
  await page.fill("#api-key", key);
  await page.locator("#api-key").dispatchEvent("change");
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem("rag-api-key"), local: Object.keys(localStorage) }));
  if (stored.session !== key) throw new Error(`sessionStorage holds ${JSON.stringify(stored.session)}, not the key`);
  if (stored.local.length) throw new Error(`localStorage holds ${JSON.stringify(stored.local)}`);
  await page.reload({ waitUntil: "load" });
  if (await page.inputValue("#api-key") !== key) throw new Error("The key was lost on reload within the session.");
  const other = await (await browser.newContext()).newPage();
  await other.goto(url, { waitUntil: "load" });
  const otherKey = await other.inputValue("#api-key");
  if (otherKey !== "") throw new Error(`A new session found the key: ${JSON.stringify(otherKey)}`);
  await other.close();

  step("upload a type the API refuses");
  await page.setInputFiles("#file-input", { name: "payload.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ not a document") });
  const refused = await finalStatus(page);
  if (!/^Upload failed: 415: .*payload\.exe.*not one of the accepted types/.test(refused)) throw new Error(`Refused upload shows: ${refused}`);

  step("upload a PDF that is not one");
  await page.setInputFiles("#file-input", { name: "broken.pdf", mimeType: "application/pdf", buffer: Buffer.from("this is not a PDF file at all\n") });
  const broken = await finalStatus(page);
  if (!/^Not indexed: broken\.pdf: \S/.test(broken)) throw new Error(`Failed ingestion shows: ${broken}`);

  step(`delete ${nested}`);
  const item = page.locator("#documents li", { hasText: nested });
  await item.waitFor();
  await item.locator("button").click();
  await status(page).filter({ hasText: `Deleted ${nested}.` }).waitFor();
  await item.waitFor({ state: "detached" });

  if (problems.length) throw new Error(problems.join("\n"));
  console.log(JSON.stringify({ ok: true, refused, broken }));
} catch (error) {
  console.error(`FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
