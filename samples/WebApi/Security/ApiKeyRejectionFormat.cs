// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Security;

/// <summary>How <see cref="ApiKeyMiddleware"/> words a refusal: in the shape the clients of that path read.</summary>
internal enum ApiKeyRejectionFormat
{
    /// <summary>RFC 9457 ProblemDetails (the <c>/api</c> endpoints).</summary>
    ProblemDetails,

    /// <summary>An OpenAI error object (the OpenAI-compatible <c>/v1</c> endpoints).</summary>
    OpenAI,
}
