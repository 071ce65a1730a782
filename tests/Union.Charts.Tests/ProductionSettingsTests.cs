using System.Text.Json;
using System.Text.RegularExpressions;

namespace Union.Charts.Tests;

/// <summary>
/// charts/production-settings.json lists, per deployable, every configuration key its code reads
/// and whether the chart sets it or the default stands. These tests hold it to both sides: the
/// sources (a new key read in code fails until it is listed) and the rendered Deployments (a key
/// listed as set by the chart must be in the pod's environment, and the pod gets nothing else).
/// </summary>
public partial class ProductionSettingsTests
{
    public static TheoryData<string> Deployables() => new(DeployableNames());

    public static TheoryData<string, string> DeployablesAndValues()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in DeployableNames())
            foreach (var file in Charts.ValuesFiles)
                data.Add(name, file);
        return data;
    }

    private static string[] DeployableNames()
    {
        using var doc = Charts.ProductionSettings();
        return doc.RootElement.GetProperty("deployables").EnumerateObject().Select(p => p.Name).ToArray();
    }

    private sealed record Listing(string[] Sources, string[] Chart, string[] Defaults);

    private static Listing ListingOf(string deployable)
    {
        using var doc = Charts.ProductionSettings();
        var entry = doc.RootElement.GetProperty("deployables").GetProperty(deployable);
        return new Listing(
            entry.GetProperty("sources").EnumerateArray().Select(e => e.GetString()!).ToArray(),
            entry.GetProperty("chart").EnumerateArray().Select(e => e.GetString()!).ToArray(),
            entry.GetProperty("defaults").EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Every_key_the_code_reads_is_listed(string deployable)
    {
        var listing = ListingOf(deployable);
        var read = ConfigurationReads.In(listing.Sources.Select(s => Path.Combine(Charts.Root, s)));
        var listed = listing.Chart.Concat(listing.Defaults).ToArray();
        var unlisted = read.Where(key => !listed.Any(l => Covers(l, key))).ToArray();
        Assert.True(unlisted.Length == 0,
            $"{deployable} reads {string.Join(", ", unlisted)}: add each to charts/production-settings.json " +
            "(under chart, and set it in the chart, or under defaults, with why the default is right)");
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void Every_listed_key_is_read_by_the_code(string deployable)
    {
        var listing = ListingOf(deployable);
        var read = ConfigurationReads.In(listing.Sources.Select(s => Path.Combine(Charts.Root, s)));
        var stale = listing.Chart.Concat(listing.Defaults).Where(l => !read.Any(key => Covers(l, key))).ToArray();
        Assert.True(stale.Length == 0, $"{deployable}: no code reads {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(DeployablesAndValues))]
    public void Every_key_the_chart_must_set_is_in_the_rendered_Deployment(string deployable, string file)
    {
        var environment = EnvironmentOf(deployable, file);
        var missing = ListingOf(deployable).Chart.Select(ToEnvironmentName)
            .Where(pattern => !environment.Any(name => Matches(pattern, name))).ToArray();
        Assert.True(missing.Length == 0, $"union-{deployable} rendered with {file} lacks {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(DeployablesAndValues))]
    public void The_rendered_Deployment_sets_nothing_the_code_does_not_read(string deployable, string file)
    {
        var listing = ListingOf(deployable);
        var known = listing.Chart.Concat(listing.Defaults).Select(ToEnvironmentName).Append("ASPNETCORE_ENVIRONMENT").ToArray();
        var unknown = EnvironmentOf(deployable, file).Where(name => !known.Any(pattern => Matches(pattern, name))).ToArray();
        Assert.True(unknown.Length == 0, $"union-{deployable} rendered with {file} sets {string.Join(", ", unknown)}, which no listed key names (a misspelling?)");
    }

    [Fact]
    public void The_scan_finds_keys_read_each_way()
    {
        var read = ConfigurationReads.In([Path.Combine(Charts.Root, "services", "Evaluation"), Path.Combine(Charts.Root, "services", "Shared")]);
        Assert.Contains("Redis:Configuration", read);                 // Configuration["..."]
        Assert.Contains("Seed:Demo", read);                           // GetValue<bool>("...")
        Assert.Contains("ConnectionStrings:Database", read);          // GetConnectionString("...")
        Assert.Contains("RabbitMq:Password", read);                   // an options class with a Section
        Assert.Contains("PersonalData:Keys:*", read);                 // a dictionary in one
        Assert.Contains("Services:projects:Grpc", read);              // a gRPC client of another service
        Assert.Contains("Services:projects:MaxRetries", read);        // and its options
    }

    /// <summary>The names of the environment variables the deployable's pod gets: its own env and the ConfigMaps it loads.</summary>
    private static string[] EnvironmentOf(string deployable, string file)
    {
        var docs = Charts.Manifests(file);
        var deployment = docs.OfKind("Deployment").Single(d => d.Name() == "union-" + deployable);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var names = (container["env"]?.AsArray() ?? []).Select(e => (string)e!["name"]!).ToList();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var configMap = (string?)source!["configMapRef"]?["name"];
            Assert.NotNull(configMap);
            var data = docs.OfKind("ConfigMap").Single(c => c.Name() == configMap)["data"]!.AsObject();
            names.AddRange(data.Select(p => p.Key));
        }
        return [.. names];
    }

    private static string ToEnvironmentName(string key) => key.Replace(":", "__");

    private static bool Matches(string pattern, string name) =>
        pattern.EndsWith("__*", StringComparison.Ordinal)
            ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) && name.Length > pattern.Length - 1
            : pattern == name;

    /// <summary>A listed key covers a key read in code when it is that key or lies inside that section.</summary>
    private static bool Covers(string listed, string read) =>
        listed == read || listed.StartsWith(read + ":", StringComparison.Ordinal)
        || (read.EndsWith(":*", StringComparison.Ordinal) && listed == read);
}

/// <summary>
/// The configuration keys C# sources read: literal keys (GetSection, GetValue, Configuration[...],
/// GetConnectionString), constants used as keys, options classes bound from their Section (each
/// public settable property a key; a dictionary property "Name:*"), and Services:&lt;name&gt;:Grpc
/// with its options for each AddUnionGrpcClient call.
/// </summary>
public static partial class ConfigurationReads
{
    public static SortedSet<string> In(IEnumerable<string> directories)
    {
        var files = directories.SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText).ToArray();
        // Options classes and constants from the whole suite: a section class may live elsewhere.
        var everything = Directory.EnumerateFiles(Path.Combine(Charts.Root, "services"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Charts.Root, "gateway"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText).ToArray();
        var sections = OptionsClasses(everything);
        var constants = everything.SelectMany(t => StringConstant().Matches(t))
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value);

        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in files)
        {
            foreach (Match m in LiteralKey().Matches(text)) keys.Add(m.Groups["key"].Value);
            foreach (Match m in ConnectionString().Matches(text)) keys.Add("ConnectionStrings:" + m.Groups[1].Value);
            foreach (Match m in ConstantKey().Matches(text))
            {
                if (constants.TryGetValue(m.Groups[1].Value, out var key) && key.Contains(':')) keys.Add(key);
            }
            foreach (Match m in SectionRead().Matches(text))
            {
                // GetSection(XOptions.Section), or GetSection(Section) inside the options class itself.
                var owner = m.Groups[1].Success ? m.Groups[1].Value : EnclosingSectionClass(text, sections);
                if (owner is not null && sections.TryGetValue(owner, out var options))
                {
                    foreach (var property in options.Properties) keys.Add($"{options.Section}:{property}");
                }
            }
            foreach (Match m in GrpcClient().Matches(text))
            {
                var service = m.Groups[1].Value;
                keys.Add($"Services:{service}:Grpc");
                foreach (var property in sections["GrpcClientOptions"].Properties) keys.Add($"Services:{service}:{property}");
            }
        }
        return keys;
    }

    private sealed record OptionsClass(string Section, string[] Properties);

    private static Dictionary<string, OptionsClass> OptionsClasses(IEnumerable<string> texts)
    {
        var result = new Dictionary<string, OptionsClass>();
        foreach (var text in texts)
        {
            foreach (Match c in ClassBody().Matches(text))
            {
                var body = c.Groups["body"].Value;
                var properties = Property().Matches(body)
                    .Select(p => p.Groups["type"].Value.StartsWith("Dictionary<", StringComparison.Ordinal) ? p.Groups["name"].Value + ":*" : p.Groups["name"].Value)
                    .ToArray();
                var section = SectionConstant().Match(body);
                if (section.Success) result[c.Groups["name"].Value] = new OptionsClass(section.Groups[1].Value, properties);
                // Bound under a name given at the call (Services:<name>), not a constant.
                else if (c.Groups["name"].Value == "GrpcClientOptions") result["GrpcClientOptions"] = new OptionsClass("", properties);
            }
        }
        return result;
    }

    private static string? EnclosingSectionClass(string text, Dictionary<string, OptionsClass> sections) =>
        ClassBody().Matches(text).Select(c => c.Groups["name"].Value)
            .FirstOrDefault(name => sections.ContainsKey(name) && SectionConstant().IsMatch(text));

    [GeneratedRegex("""(?:GetSection|GetValue(?:<[^>]+>)?)\(\s*"(?<key>[A-Za-z_][\w:]*)"|[Cc]onfiguration\[\s*"(?<key>[A-Za-z_][\w:]*)"\s*\]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex("""GetConnectionString\(\s*"(\w+)"\s*\)""")]
    private static partial Regex ConnectionString();

    [GeneratedRegex("""[Cc]onfiguration\[\s*(?:\w+\.)?(\w+)\s*\]""")]
    private static partial Regex ConstantKey();

    [GeneratedRegex("""const string (\w+) = "([^"]*)";""")]
    private static partial Regex StringConstant();

    [GeneratedRegex("""GetSection\(\s*(?:[\w.]*?(\w+)\.)?Section\s*\)""")]
    private static partial Regex SectionRead();

    [GeneratedRegex("""AddUnionGrpcClient<[^>]+>\([^,]+,\s*"(\w+)"\s*\)""")]
    private static partial Regex GrpcClient();

    [GeneratedRegex("""^(?:public |internal )?(?:sealed )?(?:partial )?class (?<name>\w+)[^\n{]*\n?\{(?<body>.*?)^\}""", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ClassBody();

    [GeneratedRegex("""public const string Section = "([^"]+)";""")]
    private static partial Regex SectionConstant();

    [GeneratedRegex("""public (?!static|const|override)(?<type>[\w<>\[\],?. ]+?) (?<name>\w+) \{ get; (?:set|init); \}""")]
    private static partial Regex Property();
}
