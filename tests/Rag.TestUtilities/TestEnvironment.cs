// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.TestUtilities;

/// <summary>Finds the repository and the shared resources (models, evaluation data) that tests need.</summary>
public static class TestEnvironment
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>Gets a value indicating whether the tests run in CI, where a missing resource is a failure.</summary>
    public static bool IsCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the repository root (the folder holding Rag.sln).</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary>Gets the shared folder beside the repository (models, evaluation data).</summary>
    public static string SharedDirectory =>
        Environment.GetEnvironmentVariable("RAG_SHARED_DIR") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>Gets the tiny real LLaMA model used by connector tests.</summary>
    public static string TinyLlamaModelPath => Path.Combine(SharedDirectory, "models", "stories260K.gguf");

    /// <summary>Gets the SciFact evaluation folder.</summary>
    public static string SciFactDirectory => Path.Combine(SharedDirectory, "eval", "scifact");

    /// <summary>
    /// Returns <paramref name="path"/> when it exists. Otherwise skips the test, or fails it when <see cref="IsCI"/>:
    /// CI must never silently skip a model-dependent test.
    /// </summary>
    /// <param name="path">A file or folder the test needs.</param>
    /// <returns>The path.</returns>
    public static string RequireResource(string path)
    {
        if (File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        string message = $"Test resource not found: {path}";
        if (IsCI)
        {
            Assert.Fail(message + " (CI=true: a missing resource is a failure, not a skip)");
        }

        Assert.Skip(message);
        return path;
    }

    /// <summary>
    /// Returns the value of the environment variable <paramref name="variable"/> that names an external service (for
    /// example a database connection string). When it is unset, skips the test, or fails it when <see cref="IsCI"/>:
    /// CI provides the service and must never silently skip the tests that need it.
    /// </summary>
    /// <param name="variable">The environment variable.</param>
    /// <param name="description">What the variable names, for the message.</param>
    /// <returns>The variable's value.</returns>
    public static string RequireService(string variable, string description)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
        {
            return value;
        }

        string message = $"{description} not configured: set {variable}";
        if (IsCI)
        {
            Assert.Fail(message + " (CI=true: a missing service is a failure, not a skip)");
        }

        Assert.Skip(message);
        return string.Empty;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rag.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Rag.sln not found above {AppContext.BaseDirectory}.");
    }
}
