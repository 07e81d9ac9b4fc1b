namespace PluginHost.Shared.Runs;

/// <summary>Data carried by a step: either text (JSON, UTF-8 output) or raw bytes, never both.</summary>
public sealed record Payload
{
    /// <summary>Creates a payload; exactly one of <paramref name="text"/> and <paramref name="bytes"/> is set.</summary>
    public Payload(string? text = null, byte[]? bytes = null)
    {
        if ((text is null) == (bytes is null))
            throw new ArgumentException("a payload holds either text or bytes: exactly one of 'text' and 'bytes' must be set");
        Text = text;
        Bytes = bytes;
    }

    /// <summary>The text, when the payload is text.</summary>
    public string? Text { get; }

    /// <summary>The bytes, when the payload is binary.</summary>
    public byte[]? Bytes { get; }

    /// <summary>An empty text payload.</summary>
    public static Payload Empty { get; } = new("", null);

    /// <summary>A text (or JSON) payload.</summary>
    public static Payload OfText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>A binary payload.</summary>
    public static Payload OfBytes(byte[] bytes) => new(null, bytes ?? throw new ArgumentNullException(nameof(bytes)));

    /// <summary>Compares text, or bytes by content.</summary>
    public bool Equals(Payload? other) =>
        other is not null
        && Text == other.Text
        && (Bytes is null ? other.Bytes is null : other.Bytes is not null && Bytes.AsSpan().SequenceEqual(other.Bytes));

    /// <summary>Hash of the text, or of the bytes' content.</summary>
    public override int GetHashCode()
    {
        if (Text is not null) return Text.GetHashCode();
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }
}
