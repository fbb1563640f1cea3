// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Tests;

/// <summary>The service with an API key configured.</summary>
public sealed class ApiKeyServiceFactory : KnowledgeServiceFactory
{
    /// <summary>The key the tests present.</summary>
    public const string Key = "test-key-0123456789";

    public override string? ApiKey => Key;
}
