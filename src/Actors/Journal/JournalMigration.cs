namespace PluginHost.Actors.Journal;

/// <summary>One step of the journal schema, in both dialects.</summary>
/// <param name="Version">Schema version this migration brings the database to.</param>
/// <param name="Description">What the migration does.</param>
/// <param name="Sqlite">The migration's SQL for SQLite.</param>
/// <param name="Postgres">The migration's SQL for PostgreSQL.</param>
public sealed record JournalMigration(int Version, string Description, string Sqlite, string Postgres);
