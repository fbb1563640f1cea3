// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Rag.Cli.Parsing;

/// <summary>
/// Turns the command-line parser's usage errors into plain words: an unknown option gets the nearest known one as a
/// suggestion, and a value of the wrong type names its option and what it takes.
/// </summary>
internal static partial class UsageErrors
{
    /// <summary>The largest edit distance at which a known option is still suggested for a mistyped one.</summary>
    private const int MaxSuggestionDistance = 2;

    private static readonly Lazy<IReadOnlyList<(string Name, Type Type)>> s_options = new(DeclaredOptions);

    /// <summary>Describes a parse error of the command line <paramref name="args"/>.</summary>
    public static string Describe(Exception error, IReadOnlyList<string> args)
    {
        if (UnknownOption().Match(error.Message) is { Success: true } unknown)
        {
            string typed = Spell(unknown.Groups["name"].Value);
            string? suggestion = Suggest(typed);
            return suggestion is null
                ? $"Unknown option '{typed}'. Run the command with --help to see its options."
                : $"Unknown option '{typed}'. Did you mean '{suggestion}'?";
        }

        if (ConversionFailed().Match(error.Message) is { Success: true } conversion && OptionGiven(conversion.Groups["value"].Value, args) is { } option)
        {
            return $"'{conversion.Groups["value"].Value}' is not a valid value for {option}: it takes {Expected(option)}.";
        }

        return error.Message;
    }

    /// <summary>The known option nearest to <paramref name="typed"/>, if one is close enough to be what was meant.</summary>
    internal static string? Suggest(string typed) =>
        s_options.Value
            .Select(o => (o.Name, Distance: Levenshtein(typed, o.Name)))
            .Where(o => o.Distance <= MaxSuggestionDistance)
            .OrderBy(o => o.Distance)
            .Select(o => o.Name)
            .FirstOrDefault();

    private static string Spell(string name) => name.Length == 1 ? "-" + name : "--" + name;

    /// <summary>Finds the option whose value was <paramref name="value"/>: <c>--top abc</c> or <c>--top=abc</c>.</summary>
    private static string? OptionGiven(string value, IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith('-') && args[i].EndsWith("=" + value, StringComparison.Ordinal))
            {
                return args[i][..args[i].IndexOf('=', StringComparison.Ordinal)];
            }

            if (i + 1 < args.Count && args[i].StartsWith('-') && args[i + 1] == value)
            {
                return args[i];
            }
        }

        return null;
    }

    private static string Expected(string option)
    {
        string name = option.TrimStart('-');
        Type? type = s_options.Value.FirstOrDefault(o => o.Name.TrimStart('-') == name).Type;
        return (type is null ? null : Nullable.GetUnderlyingType(type) ?? type) switch
        {
            Type t when t == typeof(int) || t == typeof(long) => "a whole number",
            Type t when t == typeof(double) || t == typeof(float) => "a number",
            Type t => "a value of type " + t.Name,
            null => "another kind of value (see --help)",
        };
    }

    /// <summary>Every option the commands declare (<see cref="CommandOptionAttribute"/>), long and short, as typed.</summary>
    private static List<(string Name, Type Type)> DeclaredOptions() =>
    [
        .. typeof(UsageErrors).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(CommandSettings)))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(p => p.GetCustomAttribute<CommandOptionAttribute>() is { } option
                ? option.LongNames.Select(n => ("--" + n, p.PropertyType)).Concat(option.ShortNames.Select(n => ("-" + n, p.PropertyType)))
                : [])
            .Distinct(),
    ];

    private static int Levenshtein(string a, string b)
    {
        int[] previous = [.. Enumerable.Range(0, b.Length + 1)];
        int[] current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"^Unknown option '(?<name>[^']+)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex(@"^Failed to convert '(?<value>.*)' to ")]
    private static partial Regex ConversionFailed();
}
