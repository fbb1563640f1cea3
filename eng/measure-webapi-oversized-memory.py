# Memory of the built WebApi sample (Release) under oversized requests: RSS baseline, peak (VmHWM), after, after idle.
# Usage: python3 eng/measure-webapi-oversized-memory.py artifacts/bin/Rag.WebApi/release/Rag.WebApi.dll <empty work dir> <chat .gguf>
# Starts the sample on 127.0.0.1 with ServeModels (the GGUF as chat model, the built-in MiniLM for embeddings), warms
# it up, then sends three rounds of oversized requests and prints the server's RSS after each (Linux /proc).
import http.client, json, os, subprocess, sys, time, re, socket, threading
dll, work, model = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(f"{work}/documents", exist_ok=True)
open(f"{work}/documents/a.md","w").write("# Leave\n\nStaff get 25 vacation days a year.\n")
srv = subprocess.Popen(["dotnet", dll, "--urls", "http://127.0.0.1:0", "--environment", "Production",
  "--Knowledge:DocumentsFolder", f"{work}/documents", "--Knowledge:IndexPath", f"{work}/index.db",
  "--Knowledge:ModelPath", model, "--Knowledge:ServeModels", "true", "--Knowledge:RequestsPerMinute", "100000",
  "--Knowledge:ModelRequestsPerMinute", "100000",
  "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"],
  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
port = None
for line in srv.stdout:
    m = re.search(r"Now listening on: http://127.0.0.1:(\d+)", line)
    if m: port = int(m.group(1)); break
threading.Thread(target=lambda: [None for _ in srv.stdout], daemon=True).start()
def status():
    d = {}
    for l in open(f"/proc/{srv.pid}/status"):
        k, v = l.split(":", 1); d[k] = v.strip()
    return int(d["VmRSS"].split()[0]) // 1024, int(d["VmHWM"].split()[0]) // 1024
def req(method, path, body=b"", ctype="application/json", chunked=False):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        if chunked:
            c.putrequest(method, path); c.putheader("Content-Type", ctype); c.putheader("Transfer-Encoding", "chunked"); c.endheaders()
            try:
                for i in range(0, len(body), 1 << 16):
                    part = body[i:i + (1 << 16)]; c.send(b"%x\r\n" % len(part) + part + b"\r\n")
                c.send(b"0\r\n\r\n")
            except OSError: pass
        else:
            c.request(method, path, body=body, headers={"Content-Type": ctype})
        r = c.getresponse(); r.read(); print(f"    {method} {path} -> {r.status}; rss/hwm {status()}", flush=True); return r.status
    except OSError as e:
        print(f"    {method} {path} -> conn:{type(e).__name__}; rss/hwm {status()}", flush=True); return f"conn:{type(e).__name__}"
    finally: c.close()
def idle():
    while True:
        c = http.client.HTTPConnection("127.0.0.1", port); c.request("GET", "/api/ingestion"); s = json.loads(c.getresponse().read()); c.close()
        if not s["isRunning"] and s["pending"] == 0 and s["lastResult"]: return
        time.sleep(0.2)
idle()
c = http.client.HTTPConnection("127.0.0.1", port); c.request("GET", "/v1/models"); ids = [m["id"] for m in json.loads(c.getresponse().read())["data"]]; c.close()
print("models", ids)
chat_id = next(i for i in ids if "stories" in i.lower()); emb_id = next(i for i in ids if i != chat_id)
# warm-up: one small request of each kind, so baseline has the model, JIT and pools loaded
print("warm", req("POST", "/v1/chat/completions", json.dumps({"model": chat_id, "messages": [{"role": "user", "content": "hi"}], "max_tokens": 4}).encode()),
      req("POST", "/v1/embeddings", json.dumps({"model": emb_id, "input": ["hello"]}).encode()),
      req("POST", "/api/ask", json.dumps({"question": "How many vacation days?"}).encode()))
def timed(n, body):
    t = time.time()
    for _ in range(n): assert req("POST", "/v1/embeddings", body) == 200
    return (time.time() - t) / n * 1000
chunk = "Staff may work remotely on Fridays with manager approval, and claims are paid monthly. " * 12
print("ms per 32-chunk batch (x10):", round(timed(10, json.dumps({"model": emb_id, "input": [chunk] * 32}).encode())))
time.sleep(5)
base = status(); print("baseline rss/hwm MiB", base)
prompt = "word " * (29 * 1024 * 1024 // 5)
cases = []
for i in range(3):
    cases += [
      ("chat 29 MB prompt", req("POST", "/v1/chat/completions", json.dumps({"model": chat_id, "messages": [{"role": "user", "content": prompt}]}).encode())),
      ("chat 29 MB prompt chunked", req("POST", "/v1/chat/completions", json.dumps({"model": chat_id, "messages": [{"role": "user", "content": prompt}]}).encode(), chunked=True)),
      ("embeddings 128 inputs x 8000 chars", req("POST", "/v1/embeddings", json.dumps({"model": emb_id, "input": ["lorem ipsum dolor " * 440] * 128}).encode())),
      ("embeddings 257 inputs", req("POST", "/v1/embeddings", json.dumps({"model": emb_id, "input": ["x"] * 257}).encode())),
      ("chat huge json schema", req("POST", "/v1/chat/completions", json.dumps({"model": chat_id, "messages": [{"role": "user", "content": "hi"}],
          "response_format": {"type": "json_schema", "json_schema": {"name": "s", "schema": {"type": "object", "properties": {f"p{j}": {"type": "string"} for j in range(30000)}}}}}).encode())),
      ("upload 60 MB", req("POST", "/api/documents", b"-" * (60 * 1024 * 1024), ctype="multipart/form-data; boundary=x")),
      ("ask 29 MB question", req("POST", "/api/ask", json.dumps({"question": prompt}).encode())),
    ]
    print("round", i, status())
for name, st in cases[:7]: print(f"  {name}: {st}")
after = status(); print("after rss/hwm MiB", after)
time.sleep(30); late = status(); print("after 30 s idle", late)
# a few small requests: lets the GC run (a gen0 budget is spent) and trim
for _ in range(50): req("GET", "/api/search?q=vacation")
time.sleep(10); final = status()
print("ms per 32-chunk batch after (x10):", round(timed(10, json.dumps({"model": emb_id, "input": [chunk] * 32}).encode()))); print("after 50 small requests + 10 s", final)
print(json.dumps({"baseline": base[0], "peak": after[1], "after": after[0], "after_idle": late[0], "after_small": final[0]}))
srv.kill()
