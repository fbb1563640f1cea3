// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.Cli.Configuration;

/// <summary>The optional JSON settings file (<c>rag.json</c>): the lowest-priority source after flags and environment variables.</summary>
internal sealed class CliSettingsFile
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public string? Folder { get; init; }

    public string? Index { get; init; }

    public string? Model { get; init; }

    public string? EmbeddingModel { get; init; }

    public string? ModelsDirectory { get; init; }

    /// <summary>Gets the keyword index's language by name (auto, english, spanish).</summary>
    public string? KeywordLanguage { get; init; }

    public int? ContextSize { get; init; }

    public int? Threads { get; init; }

    public int? Top { get; init; }

    /// <summary>Gets how long to wait for another process that holds the index's write lock before giving up.</summary>
    public int? BusyTimeoutMs { get; init; }

    /// <summary>Reads a settings file; a malformed file is an error naming the file and the problem.</summary>
    public static CliSettingsFile Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CliSettingsFile>(File.ReadAllText(path), s_json) ?? new CliSettingsFile();
        }
        catch (JsonException ex)
        {
            throw new CliException($"The settings file '{path}' is not valid JSON: {ex.Message}", ExitCodes.Usage, ex);
        }
        catch (IOException ex)
        {
            throw new CliException($"The settings file '{path}' cannot be read: {ex.Message}", ExitCodes.Usage, ex);
        }
    }
}
