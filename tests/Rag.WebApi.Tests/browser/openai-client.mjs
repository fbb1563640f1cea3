// The official `openai` npm client against the WebApi's model server (/v1): the calls an app node makes, and the
// errors it must be able to tell apart. Retries are off, so every status is the server's first answer.
// Usage: node openai-client.mjs <base url ending in /v1/> <api key> <chat model id>
// Prints {"ok":true,...} and exits 0 on success; prints the reason and exits 1 otherwise.
import OpenAI from "openai";

const [baseURL, apiKey, chatModel] = process.argv.slice(2);
if (!chatModel) {
  console.error("Usage: node openai-client.mjs <base url ending in /v1/> <api key> <chat model id>");
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const check = (condition, message) => { if (!condition) throw new Error(message); };

// Runs a call that must fail; returns the client's error, which must be of the expected class and status.
async function expectError(name, errorClass, status, call) {
  try {
    await call();
  } catch (error) {
    check(error instanceof errorClass, `${name}: expected ${errorClass.name}, got ${error?.constructor?.name}: ${error?.message}`);
    check(error.status === status, `${name}: expected status ${status}, got ${error.status}`);
    return { status: error.status, code: error.code, param: error.param, message: error.message };
  }
  throw new Error(`${name}: the call succeeded`);
}

try {
  // Success paths.
  const models = [];
  for await (const model of client.models.list()) models.push(model.id);
  check(models.includes(chatModel), `models.list() lacks ${chatModel}: ${models.join(", ")}`);
  const embeddingModel = models.find((id) => id !== chatModel);
  check(embeddingModel, `models.list() lists no embedding model: ${models.join(", ")}`);
  const retrieved = await client.models.retrieve(chatModel);
  check(retrieved.id === chatModel, `models.retrieve() returned ${retrieved.id}`);

  const completion = await client.chat.completions.create({
    model: chatModel, messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 8, temperature: 0,
  });
  const completionText = completion.choices[0]?.message?.content ?? "";
  check(completionText.trim().length > 0, "chat.completions.create() returned no text");
  check(completion.usage?.completion_tokens > 0 && completion.usage.completion_tokens <= 8, `usage out of range: ${JSON.stringify(completion.usage)}`);

  const stream = await client.chat.completions.create({
    model: chatModel, messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 8, temperature: 0, stream: true,
  });
  let streamedText = "";
  let finishReason = null;
  for await (const chunk of stream) {
    streamedText += chunk.choices[0]?.delta?.content ?? "";
    finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  }
  check(streamedText.trim().length > 0, "the stream carried no text");
  check(finishReason === "length" || finishReason === "stop", `the stream ended with finish_reason ${finishReason}`);

  // The client asks for base64 by default and decodes it to floats.
  const embeddings = await client.embeddings.create({ model: embeddingModel, input: ["a little dog", "a big cat"] });
  check(embeddings.data.length === 2, `embeddings.create() returned ${embeddings.data.length} vectors`);
  const dimensions = embeddings.data[0].embedding.length;
  check(dimensions > 0 && embeddings.data.every((d) => d.embedding.length === dimensions && d.embedding.every(Number.isFinite)), "the vectors are not finite floats of one length");

  // Error paths: each its own error class, status and code.
  const wrongKey = await expectError("wrong key", OpenAI.AuthenticationError, 401,
    () => new OpenAI({ baseURL, apiKey: "not-the-key", maxRetries: 0 }).models.list());
  const unknownModel = await expectError("unknown model", OpenAI.NotFoundError, 404,
    () => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }));
  const badRole = await expectError("bad role", OpenAI.BadRequestError, 400,
    () => client.chat.completions.create({ model: chatModel, messages: [{ role: "tool", content: "hi" }] }));
  const tooLong = await expectError("prompt over the context window", OpenAI.BadRequestError, 400,
    () => client.chat.completions.create({ model: chatModel, messages: [{ role: "user", content: "Once upon a time there was a little dog. ".repeat(600) }] }));
  const tooManyInputs = await expectError("too many embedding inputs", OpenAI.BadRequestError, 400,
    () => client.embeddings.create({ model: embeddingModel, input: Array.from({ length: 257 }, (_, i) => `input ${i}`) }));

  check(wrongKey.code === "invalid_api_key", `wrong key: code ${wrongKey.code}`);
  check(unknownModel.code === "model_not_found", `unknown model: code ${unknownModel.code}`);
  check(badRole.param === "messages[0].role", `bad role: param ${badRole.param}`);
  check(tooLong.code === "context_length_exceeded", `prompt over the context window: code ${tooLong.code}`);
  check(tooManyInputs.code === "too_many_inputs" && tooManyInputs.param === "input", `too many inputs: ${JSON.stringify(tooManyInputs)}`);

  console.log(JSON.stringify({
    ok: true, models, completion: completionText, streamed: streamedText, finishReason, dimensions,
    errors: { wrongKey, unknownModel, badRole, tooLong, tooManyInputs },
  }));
} catch (error) {
  console.error(`FAILED: ${error.message}`);
  process.exitCode = 1;
}
