namespace PluginHost.Tests.Common;

/// The PostgreSQL server of the "postgres" test collection: started before its first test, deleted after its last.
public sealed class PostgresServerFixture : PostgresServer, IAsyncLifetime
{
    public Task InitializeAsync() => StartNewAsync();

    public Task DisposeAsync() => StopAndDeleteAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
