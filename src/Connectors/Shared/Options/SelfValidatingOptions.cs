// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Options;

namespace Rag;

/// <summary>
/// Runs an options type's own <c>Validate()</c> when the options are first resolved, so a value out of range fails there as
/// an <see cref="OptionsValidationException"/> whose message names the type, the field and its allowed range.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class SelfValidatingOptions<TOptions>(Action<TOptions> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{typeof(TOptions).Name}: {ex.Message}");
        }
    }
}
