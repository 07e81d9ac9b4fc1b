namespace PluginHost.Plugins.Archives.Tar;

/// <summary>Read-only view of the next <c>length</c> bytes of the tar stream: one entry's data.</summary>
internal sealed class TarDataStream : ReadOnlyStream
{
    private readonly TarStreamReader _owner;

    /// <summary>Creates the view; reads go through <paramref name="owner"/>, which tracks what is left.</summary>
    public TarDataStream(TarStreamReader owner) => _owner = owner;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => _owner.ReadData(buffer);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _owner.ReadDataAsync(buffer, cancellationToken);
}
