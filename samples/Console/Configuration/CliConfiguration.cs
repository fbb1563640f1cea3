// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.LlamaSharp;

namespace Rag.Cli.Configuration;

/// <summary>The effective configuration of one command: flags, then environment variables, then the settings file, then defaults.</summary>
internal sealed record CliConfiguration(
    string? Folder,
    string IndexPath,
    string? Model,
    string? EmbeddingModel,
    string ModelsDirectory,
    int? ContextSize,
    int? Threads,
    int Top,
    TimeSpan BusyTimeout,
    KeywordLanguage? KeywordLanguage)
{
    public const string IndexFolderName = ".rag";

    /// <summary>Resolves the configuration; <paramref name="folderArgument"/> (a positional argument) wins over --folder.</summary>
    public static CliConfiguration Resolve(KnowledgeBaseSettings settings, string? folderArgument = null)
    {
        string? settingsPath = settings.SettingsFile ?? Env("RAG_SETTINGS") ?? (File.Exists("rag.json") ? "rag.json" : null);
        if (settingsPath is not null && !File.Exists(settingsPath))
        {
            throw new CliException($"The settings file '{settingsPath}' does not exist.", ExitCodes.NotFound);
        }

        CliSettingsFile file = settingsPath is null ? new CliSettingsFile() : CliSettingsFile.Load(settingsPath);

        string? folder = folderArgument ?? settings.Folder ?? Env("RAG_FOLDER") ?? file.Folder;
        if (folder is not null)
        {
            folder = Path.GetFullPath(folder);
            if (!Directory.Exists(folder))
            {
                throw new CliException(
                    File.Exists(folder) ? $"'{folder}' is a file; give the folder that holds your documents." : $"The folder '{folder}' does not exist.",
                    ExitCodes.NotFound);
            }
        }

        string? index = settings.Index ?? Env("RAG_INDEX") ?? file.Index;
        if (index is null)
        {
            folder ??= FolderWithIndex(Directory.GetCurrentDirectory())
                ?? throw new CliException("Say which folder to use: --folder <path> (or set RAG_FOLDER), or run 'index <folder>' first.", ExitCodes.Usage);
            index = Path.Combine(folder, IndexFolderName, "index.db");
        }

        return new CliConfiguration(
            folder,
            Path.GetFullPath(index),
            settings.Model ?? Env("RAG_MODEL") ?? file.Model,
            settings.EmbeddingModel ?? Env("RAG_EMBEDDING_MODEL") ?? file.EmbeddingModel, // null: the index's own model, else the default
            file.ModelsDirectory ?? ModelStore.DefaultRootDirectory,
            // Unset by default: the connector then uses the model's trained context, capped at 4096 tokens. Forcing a larger
            // window than the model was trained on makes small models ramble past their training length.
            int.TryParse(Env("RAG_CONTEXT_SIZE"), out int ctx) && ctx > 0 ? ctx : file.ContextSize,
            int.TryParse(Env("RAG_THREADS"), out int threads) ? threads : file.Threads,
            file.Top ?? 5,
            TimeSpan.FromMilliseconds(int.TryParse(Env("RAG_BUSY_TIMEOUT_MS"), out int busy) && busy >= 0 ? busy : file.BusyTimeoutMs ?? 5000),
            ResolveKeywordLanguage(settings, file, settingsPath)); // null: the index's own setting, else Auto
    }

    private static KeywordLanguage? ResolveKeywordLanguage(KnowledgeBaseSettings settings, CliSettingsFile file, string? settingsPath) =>
        settings.KeywordLanguage is { } flag ? KeywordLanguageSetting.Parse(flag, "--keyword-language")
        : Env("RAG_KEYWORD_LANGUAGE") is { } env ? KeywordLanguageSetting.Parse(env, "RAG_KEYWORD_LANGUAGE")
        : KeywordLanguageSetting.Parse(file.KeywordLanguage, $"keywordLanguage in '{settingsPath}'");

    private static string? FolderWithIndex(string directory) =>
        File.Exists(Path.Combine(directory, IndexFolderName, "index.db")) ? directory : null;

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
