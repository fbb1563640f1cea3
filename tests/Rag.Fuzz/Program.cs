// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Fuzz;
using SharpFuzz;

// rag-fuzz <target>                  run under afl-fuzz (SharpFuzz's out-of-process loop; alone, it reads one input from stdin)
// rag-fuzz replay <target> <path>... run files or folders through the target without AFL and print each outcome (use an
//                                    uninstrumented build: instrumented code may only run inside Fuzzer's loop)
if (args is [string name] && name != "replay")
{
    // Nothing instrumented may run before the loop has set up AFL's coverage map, so the target is looked up inside it.
    Fuzzer.OutOfProcess.Run(stream =>
    {
        FuzzTarget target = FuzzTarget.Find(name) ?? throw new ArgumentException($"Unknown fuzz target '{name}'.", nameof(args));
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        ReadOnlyMemory<byte> input = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        try
        {
            target.Run(input);
        }
        catch (Exception ex) when (LogFinding(ex, input.Span))
        {
            // Not reached: the filter only records the finding, and AFL++ sees the exception.
        }
    });
    return 0;
}

if (args is ["replay", string replayName, .. string[] paths] && FuzzTarget.Find(replayName) is { } replayTarget && paths.Length > 0)
{
    int findings = 0;
    foreach (string file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal))
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // The ingestor's default per-file limit (IngestionOptions.MaxFileProcessingTime): readers must honour it.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            FuzzOutcome outcome = replayTarget.Run(File.ReadAllBytes(file), limit.Token);
            Console.WriteLine($"{outcome,-8} {watch.Elapsed.TotalMilliseconds,8:F0} ms  {file}");
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            findings++;
            Console.WriteLine($"TIMEOUT  {watch.Elapsed.TotalMilliseconds,8:F0} ms  {file} (stopped at the 2-minute per-file limit)");
        }
        catch (Exception ex)
        {
            findings++;
            Console.WriteLine($"FINDING  {watch.Elapsed.TotalMilliseconds,8:F0} ms  {file}\n{ex}");
        }
    }

    return findings == 0 ? 0 : 1;
}

Console.Error.WriteLine($"usage: rag-fuzz <target> | rag-fuzz replay <target> <file-or-folder>...\ntargets: {string.Join(", ", FuzzTarget.All.Select(t => t.Name))}");
return 2;

// Appends the exception and the input (base64) to FUZZ_FINDINGS_LOG, so a crash that does not reproduce alone can be triaged.
static bool LogFinding(Exception exception, ReadOnlySpan<byte> input)
{
    if (Environment.GetEnvironmentVariable("FUZZ_FINDINGS_LOG") is { Length: > 0 } log)
    {
        File.AppendAllText(log, $"--- {TimeProvider.System.GetUtcNow():O}\n{Convert.ToBase64String(input)}\n{exception}\n");
    }

    return false;
}
