using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>A running suite the end-to-end helpers drive: calls through its gateway, its processes' output.</summary>
public interface IRunningSuite
{
    CallInvoker As(string organisationPath, params string[] roles);

    string Output(int lines = 40);
}

/// <summary>
/// Built hosts started as processes from their build output, in Development, their output kept for
/// a failing test's message, killed with their children at the end.
/// </summary>
public sealed class ProcessGroup : IAsyncDisposable
{
    private readonly List<(string Name, Process Process, System.Text.StringBuilder Output)> _processes = [];

    public void Start(string name, string dll, Dictionary<string, string> environment, string? workingDirectory = null)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the solution first (make build): {dll} is missing.");
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var output = new System.Text.StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((name, process, output));
    }

    /// <summary>The last lines each process wrote, for a failing test's message.</summary>
    public string Output(int lines = 40) => string.Join("\n", _processes.Select(p =>
    {
        string text;
        lock (p.Output) text = p.Output.ToString();
        return $"--- {p.Name} (exited: {p.Process.HasExited}) ---\n" + string.Join("\n", text.Split('\n').TakeLast(lines));
    }));

    /// <summary>A call invoker on <paramref name="channel"/> presenting a development token for the organisation and roles.</summary>
    public static CallInvoker As(GrpcChannel channel, string organisationPath, params string[] roles)
    {
        var token = Tokens.For(organisationPath, roles);
        return channel.Intercept(metadata =>
        {
            var headers = new Metadata();
            foreach (var entry in metadata) headers.Add(entry);
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process, _) in _processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
