// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using Rag.Ingestion;

namespace Rag.Tests.Ingestion;

public sealed class UndecodableFileNamesTests
{
    [Fact]
    public void Escape_NameNotValidUtf8_KeepsValidCharactersAndEscapesEachOtherByteAndPercent()
    {
        byte[] latin1 = [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'%', .. Encoding.UTF8.GetBytes("ñ.md")];

        Assert.Equal("caf%E9%25ñ.md", UndecodableFileNames.Escape(latin1));
    }

    [Fact]
    public void Escape_NamesThatWouldSpellTheSameEscape_StayDistinct()
    {
        byte[] invalidBytes = [(byte)'a', 0xE9, 0xFF];
        byte[] percentText = [(byte)'a', (byte)'%', (byte)'E', (byte)'9', 0xFF];

        Assert.Equal("a%E9%FF", UndecodableFileNames.Escape(invalidBytes));
        Assert.Equal("a%25E9%FF", UndecodableFileNames.Escape(percentText));
    }
}
