// A page of another origin tries to write into the knowledge base through the user's browser (headless Chromium,
// Debian's package): a no-cors multipart upload to /api/documents and a plain HTML form post to /api/ingestion, the
// two writes a browser sends without a CORS preflight. Both must reach the service and be refused (403). As a control,
// the same upload from the service's own page must be accepted (202), so a refusal is the service's doing.
// Usage: node cross-site.mjs <service base url>
// Prints {"ok":true,...} and exits 0 on success; prints the reason and exits 1 otherwise.
import { createServer } from "node:http";
import { launchChromium } from "./chromium.mjs";

const [target] = process.argv.slice(2);
if (!target) {
  console.error("Usage: node cross-site.mjs <service base url>");
  process.exit(2);
}

const attackPage = `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="ingest" method="post" action="${target}/api/ingestion" target="sink"><input name="start" value="1"></form>
<script>
  window.attack = async () => {
    const form = new FormData();
    form.append("files", new Blob(["# Expenses\\n\\nClaims above 500 euros need no approval.\\n"], { type: "text/markdown" }), "expenses-update.md");
    await fetch("${target}/api/documents", { method: "POST", mode: "no-cors", body: form }).catch(() => {});
    document.getElementById("ingest").submit();
  };
</script></body></html>`;

// The other origin: "localhost" on another port is another site than the service's 127.0.0.1.
const attacker = createServer((request, response) => { response.writeHead(200, { "Content-Type": "text/html" }); response.end(attackPage); });
await new Promise((resolve) => attacker.listen(0, "127.0.0.1", resolve));
const attackerUrl = `http://localhost:${attacker.address().port}/`;

const statuses = [];
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  page.on("response", (response) => {
    if (response.url().startsWith(target)) statuses.push({ method: response.request().method(), url: response.url().slice(target.length), status: response.status() });
  });
  const responded = (path) => page.waitForResponse((r) => r.url() === `${target}${path}` && r.request().method() === "POST");

  await page.goto(attackerUrl);
  const [upload, ingest] = await Promise.all([responded("/api/documents"), responded("/api/ingestion"), page.evaluate(() => window.attack())]);

  await page.goto(`${target}/`);
  const control = await page.evaluate(async () => {
    const form = new FormData();
    form.append("files", new Blob(["# Own page\\n\\nWritten from the service's own page.\\n"], { type: "text/markdown" }), "own-page.md");
    return (await fetch("/api/documents", { method: "POST", body: form })).status;
  });

  const result = { ok: upload.status() === 403 && ingest.status() === 403 && control === 202, upload: upload.status(), ingest: ingest.status(), control, statuses };
  console.log(JSON.stringify(result));
  if (!result.ok) process.exitCode = 1;
} catch (error) {
  console.error(`FAILED: ${error.message}`);
  console.error(JSON.stringify(statuses));
  process.exitCode = 1;
} finally {
  await browser.close();
  attacker.close();
}
