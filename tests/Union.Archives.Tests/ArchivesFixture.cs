using Union.Testing;

namespace Union.Archives.Tests;

public sealed class SqliteArchives() : ServiceHost<Program>(TestDatabase.Sqlite);

public sealed class PostgresArchives() : ServiceHost<Program>(TestDatabase.Postgres);
