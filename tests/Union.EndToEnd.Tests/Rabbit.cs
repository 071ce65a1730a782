using System.Diagnostics;
using RabbitMQ.Client;

namespace Union.EndToEnd.Tests;

/// <summary>The real RabbitMQ the suite runs against: virtual hosts, outages, raw messages.</summary>
public static class Rabbit
{
    public static Task AddVirtualHostAsync(string vhost) => Task.WhenAll(Task.Run(async () =>
    {
        await CtlAsync("add_vhost", vhost);
        await CtlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }));

    public static Task DeleteVirtualHostAsync(string vhost) => CtlAsync("delete_vhost", vhost);

    /// <summary>Stops the broker application (connections drop, the node stays up), as in an outage.</summary>
    public static Task StopAsync() => ScriptAsync("stop-rabbit");

    public static Task StartAsync() => ScriptAsync("start-rabbit");

    public static async Task<IConnection> ConnectAsync(string vhost) => await new ConnectionFactory
    {
        HostName = Union.Testing.TestServers.RabbitMqHost,
        VirtualHost = vhost,
        UserName = "guest",
        Password = "guest",
    }.CreateConnectionAsync();

    /// <summary>Messages ready plus unacknowledged in every queue of the virtual host.</summary>
    public static async Task<Dictionary<string, (long Ready, long Unacked)>> QueuesAsync(string vhost)
    {
        var output = await CtlAsync("list_queues", "-p", vhost, "--quiet", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t', StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 3 && long.TryParse(p[1], out _))
            .ToDictionary(p => p[0], p => (long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static Task<string> ScriptAsync(string command) =>
        RunAsync(Path.Combine(Suite.RepositoryRoot, "scripts", "servers.sh"), command);

    private static Task<string> CtlAsync(params string[] args) => RunAsync("rabbitmqctl", args);

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
