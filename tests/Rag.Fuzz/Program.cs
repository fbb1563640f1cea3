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
        target.Run(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    });
    return 0;
}

if (args is ["replay", string replayName, .. string[] paths] && FuzzTarget.Find(replayName) is { } replayTarget && paths.Length > 0)
{
    int findings = 0;
    foreach (string file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal))
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            FuzzOutcome outcome = replayTarget.Run(File.ReadAllBytes(file));
            Console.WriteLine($"{outcome,-8} {watch.Elapsed.TotalMilliseconds,8:F0} ms  {file}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            findings++;
            Console.WriteLine($"FINDING  {watch.Elapsed.TotalMilliseconds,8:F0} ms  {file}\n{ex}");
        }
    }

    return findings == 0 ? 0 : 1;
}

Console.Error.WriteLine($"usage: rag-fuzz <target> | rag-fuzz replay <target> <file-or-folder>...\ntargets: {string.Join(", ", FuzzTarget.All.Select(t => t.Name))}");
return 2;
