using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Union.Contracts;
using Union.Shared.Auth;
using Xunit;

namespace Union.Testing;

/// <summary>
/// Every RPC of a service (from <see cref="ApiCatalog.ServiceFiles"/>) against every role, through the
/// in-process host: the service's access table has an entry for each RPC, refuses each role it does
/// not list with PERMISSION_DENIED, and lets each role it lists through to the handler (whatever the
/// handler then answers an empty request, it is not PERMISSION_DENIED).
/// </summary>
public static class AccessMatrix
{
    /// <summary>The province: organisation-level checks in the handlers (county, province only) pass there.</summary>
    public const string Province = "51";

    /// <summary>The RPCs of the catalogue's files in a proto package, e.g. "union.archives.v1".</summary>
    public static IReadOnlyList<MethodDescriptor> Rpcs(string package) => ApiCatalog.ServiceFiles
        .Where(f => f.Package == package)
        .SelectMany(f => f.Services).SelectMany(s => s.Methods)
        .ToList();

    public static TheoryData<string> Paths(string package)
    {
        var data = new TheoryData<string>();
        foreach (var m in Rpcs(package)) data.Add($"/{m.Service.FullName}/{m.Name}");
        return data;
    }

    /// <summary>A new RPC without an entry fails here, and so does an entry for an RPC the package does not have.</summary>
    public static void AssertEveryRpcHasAnEntry(AccessTable table, string package)
    {
        var paths = Rpcs(package).Select(m => $"/{m.Service.FullName}/{m.Name}").ToList();
        Assert.NotEmpty(paths);
        var missing = paths.Where(p => table.Find(p) is null).ToList();
        var unknown = table.Rules.Select(r => r.Path).Except(paths).ToList();
        Assert.True(missing.Count == 0, $"No access policy entry for: {string.Join(", ", missing)}");
        Assert.True(unknown.Count == 0, $"Entries for RPCs the catalogue does not have: {string.Join(", ", unknown)}");
    }

    /// <summary>Calls <paramref name="grpcPath"/> with an empty request as each role in turn and checks the table's answer.</summary>
    /// <summary>A well-formed ID number for the worker's token (a made-up person).</summary>
    private const string WorkerIdNumber = "11010519491231002X";

    public static async Task AssertRolesAsync<TProgram>(ServiceHost<TProgram> host, AccessTable table, string grpcPath)
        where TProgram : class
    {
        var rule = table.Find(grpcPath) ?? throw new Xunit.Sdk.XunitException($"{grpcPath} has no entry in the {table.Name} access policy.");
        var bytes = Marshallers.Create(b => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, rule.Service, rule.Method, bytes, bytes);
        var wrong = new List<string>();
        foreach (var role in AccessTable.Columns)
        {
            var invoker = role switch
            {
                ServiceIdentity.Role => host.AsUser(ServiceIdentity.Subject(ServiceIdentity.Funds), ServiceIdentity.Organisation, role),
                // A worker's token always carries his own ID number (docs/operations.md); without it
                // archives refuses him before any rule of the table is in question.
                Roles.Worker => host.WithToken(Tokens.ForWorker($"worker@{Province}", Province, WorkerIdNumber)),
                _ => host.As(Province, role),
            };
            var (status, code) = await CallAsync(invoker, method);
            var allowed = rule.Roles.Contains(role);
            if (allowed && status == StatusCode.PermissionDenied)
                wrong.Add($"{role}: listed, but refused ({code})");
            if (!allowed && status != StatusCode.PermissionDenied)
                wrong.Add($"{role}: not listed, but answered {status} {code}");
        }
        Assert.True(wrong.Count == 0, $"{grpcPath}:\n{string.Join("\n", wrong)}");
    }

    private static async Task<(StatusCode Status, string? Code)> CallAsync(CallInvoker invoker, Method<byte[], byte[]> method)
    {
        try
        {
            using var call = invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), []);
            await call.ResponseAsync;
            return (StatusCode.OK, null);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        }
    }

    /// <summary>
    /// docs/architecture.md holds the table between <c>&lt;!-- access-policy:NAME --&gt;</c> and
    /// <c>&lt;!-- /access-policy:NAME --&gt;</c>, exactly as <see cref="AccessTable.ToMarkdown"/> writes it.
    /// On a mismatch the expected text is written next to the test output to paste in.
    /// </summary>
    public static void AssertDocumented(AccessTable table)
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md")).ReplaceLineEndings("\n");
        var begin = $"<!-- access-policy:{table.Name} -->\n";
        var end = $"<!-- /access-policy:{table.Name} -->";
        var from = doc.IndexOf(begin, StringComparison.Ordinal);
        var to = doc.IndexOf(end, StringComparison.Ordinal);
        var expected = table.ToMarkdown();
        var documented = from >= 0 && to > from ? doc[(from + begin.Length)..to] : null;
        if (documented == expected) return;
        var file = Path.Combine(AppContext.BaseDirectory, $"access-policy-{table.Name}.md");
        File.WriteAllText(file, begin + expected + end + "\n");
        Assert.Fail($"docs/architecture.md does not show the {table.Name} access policy as it is; the table as it is: {file}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Union.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Union.sln not found above " + AppContext.BaseDirectory);
    }
}
