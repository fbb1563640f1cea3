// Copyright header
using System;

namespace Demo;

/// <summary>A sample.</summary>
public static class Sample
{
    public static int Add(int a, int b) => a + b;

    /* block
       comment */
    public static string Text = "string with // not a comment";
}
