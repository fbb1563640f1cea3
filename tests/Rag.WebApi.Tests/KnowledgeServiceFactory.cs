// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Rag.TestUtilities;

namespace Rag.WebApi.Tests;

/// <summary>
/// The WebApi sample on the real embedded stack (ONNX embeddings, SQLite) over a temporary documents folder and index,
/// one per test class. Runs in the Production environment, so errors look the way clients see them.
/// </summary>
public class KnowledgeServiceFactory : WebApplicationFactory<Program>
{
    private readonly TemporaryDirectory _root = new();

    /// <summary>Gets the folder uploads are saved to and indexed from.</summary>
    public string DocumentsFolder => Path.Combine(_root.Path, "documents");

    /// <summary>Gets the temporary root holding the documents folder and the index; nothing may be written outside it.</summary>
    public string RootFolder => _root.Path;

    /// <summary>Gets what the service logs at Warning and above (its configured level), this factory's and those derived from it.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Gets the API key the service requires, or <see langword="null"/> when it requires none.</summary>
    public virtual string? ApiKey => null;

    /// <summary>Gets the largest upload accepted, in bytes.</summary>
    public virtual long MaxUploadBytes => 1024 * 1024;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Knowledge:DocumentsFolder", DocumentsFolder);
        builder.UseSetting("Knowledge:IndexPath", Path.Combine(_root.Path, "index", "index.db"));
        builder.UseSetting("Knowledge:ApiKey", ApiKey ?? string.Empty);
        builder.UseSetting("Knowledge:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Knowledge:RequestsPerMinute", "10000");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
