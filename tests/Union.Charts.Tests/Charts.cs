using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Union.Charts.Tests;

/// <summary>The repository, the charts and the tools scripts/charts.sh installs (once per test run).</summary>
public static class Charts
{
    public static readonly string Root = FindRoot();
    public static readonly string Umbrella = Path.Combine(Root, "charts", "union");
    public static readonly string[] ValuesFiles = ["values-dev.yaml", "values-province.yaml"];
    public const string KubeVersion = "1.31.0";

    private static readonly Lazy<string> Helm = new(() =>
    {
        // Installs helm and the schemas if missing, vendors the library chart into the subcharts.
        var deps = Run(Path.Combine(Root, "scripts", "charts.sh"), ["deps"]);
        Assert.True(deps.ExitCode == 0, "scripts/charts.sh deps failed:\n" + deps.Output);
        var env = Run(Path.Combine(Root, "scripts", "charts.sh"), ["env"]);
        return env.Output.Split('\n').Single(l => l.StartsWith("HELM=", StringComparison.Ordinal))["HELM=".Length..].Trim();
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Dictionary<string, JsonArray> Rendered = [];

    public static string ValuesPath(string file) => Path.Combine(Umbrella, file);

    public static Result HelmRun(params string[] args) => Run(Helm.Value, args);

    public static Result Lint(string valuesFile) =>
        HelmRun("lint", "--strict", Umbrella, "-f", valuesFile, "--kube-version", KubeVersion);

    public static Result Template(string valuesFile) =>
        HelmRun("template", "union", Umbrella, "-f", valuesFile, "--kube-version", KubeVersion, "--namespace", "union");

    /// <summary>The manifests rendered with one of the chart's values files, as JSON documents.</summary>
    public static JsonArray Manifests(string file)
    {
        lock (Rendered)
        {
            if (Rendered.TryGetValue(file, out var cached)) return cached;
            var yaml = RenderToFile(file);
            var json = Run(Path.Combine(Root, "scripts", "charts.sh"), ["json", yaml]);
            Assert.True(json.ExitCode == 0, json.Output);
            var docs = JsonNode.Parse(json.Output)!.AsArray();
            Rendered[file] = docs;
            return docs;
        }
    }

    /// <summary>Renders with a values file of the chart and writes the manifests to a temporary file.</summary>
    public static string RenderToFile(string file)
    {
        var rendered = Template(ValuesPath(file));
        Assert.True(rendered.ExitCode == 0, $"helm template with {file} failed:\n{rendered.Output}");
        var path = Path.Combine(Path.GetTempPath(), $"union-chart-{Environment.ProcessId}-{file}");
        File.WriteAllText(path, rendered.Stdout);
        return path;
    }

    public static IEnumerable<JsonObject> OfKind(this JsonArray docs, string kind) =>
        docs.OfType<JsonObject>().Where(d => (string?)d["kind"] == kind);

    public static string Name(this JsonObject doc) => (string)doc["metadata"]!["name"]!;

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    public static Result Run(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Union.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Union.sln not found above " + AppContext.BaseDirectory);
    }

    public static JsonDocument ProductionSettings() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "charts", "production-settings.json")));
}
