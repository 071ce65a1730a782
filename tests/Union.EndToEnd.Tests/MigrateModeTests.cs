using System.Diagnostics;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>
/// `--migrate` is how the Helm pre-upgrade hook brings a database up to date: the host applies its
/// migrations and exits, without serving. Checked for every service against a fresh PostgreSQL database.
/// </summary>
public class MigrateModeTests
{
    [Theory]
    [InlineData("Archives", "households")]
    [InlineData("Projects", "outbox_messages")]
    [InlineData("Funds", "outbox_messages")]
    [InlineData("Evaluation", "outbox_messages")]
    public async Task A_service_run_with_migrate_applies_its_migrations_and_exits(string service, string table)
    {
        var database = TestServers.NewPostgresDatabase($"union_migrate_{service.ToLowerInvariant()}");
        try
        {
            var dll = Path.Combine(Suite.RepositoryRoot, "services", service, "bin", Suite.Configuration, "net10.0", $"Union.{service}.dll");
            var info = new ProcessStartInfo("dotnet", [dll, "--migrate"])
            {
                WorkingDirectory = Path.GetDirectoryName(dll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // Production settings: nothing is migrated at start-up, only because of --migrate.
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["Persistence__Provider"] = "Postgres";
            info.Environment["Persistence__MigrateOnStartup"] = "false";
            info.Environment["ConnectionStrings__Database"] = database;
            info.Environment["Auth__SigningKey"] = "a-production-like-signing-key-for-the-migrate-test";
            info.Environment["PersonalData__Keys__k1"] = Convert.ToBase64String(new byte[32]);
            info.Environment["PersonalData__ActiveKeyId"] = "k1";
            info.Environment["PersonalData__LookupKey"] = Convert.ToBase64String(new byte[32]);
            info.Environment["Ports__Grpc"] = "17801";
            info.Environment["Ports__Http"] = "17802";
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 0, $"{service} --migrate exited {process.ExitCode}:\n{await output}\n{await errors}");
            Assert.Equal(0, await Database.CountAsync(database, table));
            Assert.True(await Database.CountAsync(database, "__EFMigrationsHistory") >= 1);
        }
        finally
        {
            await TestServers.DropPostgresDatabaseAsync(database);
        }
    }
}
