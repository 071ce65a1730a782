using System.Text;
using Google.Protobuf.Reflection;

namespace Union.Shared.Auth;

/// <summary>
/// One RPC's entry in a service's access policy: the roles that may call it at all. What a role may
/// do within the call (a worker only his own application, a county-level union only, the funder
/// only) is the handler's check; <see cref="Note"/> says so for the reader.
/// </summary>
public sealed record AccessRule(string Service, string Method, IReadOnlyList<string> Roles, string? Note)
{
    /// <summary>The gRPC path, e.g. <c>/union.archives.v1.HouseholdArchives/CreateHousehold</c>.</summary>
    public string Path => $"/{Service}/{Method}";

    public bool Allows(IReadOnlySet<string> callerRoles) => Roles.Any(callerRoles.Contains);
}

/// <summary>
/// A service's access policy: for every RPC it serves, the roles allowed to call it. Deny by
/// default: <see cref="AccessInterceptor"/> refuses an RPC with no entry, so a new RPC is closed
/// until someone decides who may call it. Each service declares its table in
/// <c>services/&lt;Service&gt;/Grpc/AccessPolicy.cs</c>; docs/architecture.md ("Access policy") shows them.
/// </summary>
public sealed class AccessTable
{
    /// <summary>Every role a rule may name, in the order the documentation's columns show them.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        Roles.Caseworker, Roles.Reviewer, Roles.Approver, Roles.Finance, Roles.Evaluator, Roles.Auditor, Roles.Admin,
        Roles.Worker, ServiceIdentity.Role,
    ];

    /// <summary>Every role of the union's staff: all but the worker (a mobile-app user) and the service identity.</summary>
    public static IReadOnlyList<string> Staff { get; } = Columns.Where(r => r != Roles.Worker && r != ServiceIdentity.Role).ToArray();

    /// <summary>
    /// Services every host serves outside any table: the gRPC health check (probes call it without a
    /// token) and server reflection (not mapped today; exempt so a tool may list the API if it is).
    /// </summary>
    public static IReadOnlySet<string> ExemptServices { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
    };

    private readonly List<AccessRule> _rules = [];
    private readonly Dictionary<string, AccessRule> _byPath = new(StringComparer.Ordinal);

    /// <summary>The service the table belongs to, e.g. "archives" (the heading in the documentation).</summary>
    public string Name { get; }

    public AccessTable(string name) => Name = name;

    public IReadOnlyList<AccessRule> Rules => _rules;

    public AccessRule? Find(string grpcPath) => _byPath.GetValueOrDefault(grpcPath);

    public static bool IsExempt(string grpcPath) =>
        grpcPath.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var service, _] && ExemptServices.Contains(service);

    /// <summary>Adds the entries of one gRPC service; a method the service does not have is a mistake and throws.</summary>
    public AccessTable Service(ServiceDescriptor service, Action<ServiceRules> rules)
    {
        rules(new ServiceRules(this, service));
        return this;
    }

    private void Add(ServiceDescriptor service, string method, IReadOnlyList<string> roles, string? note)
    {
        if (service.FindMethodByName(method) is null)
            throw new InvalidOperationException($"{service.FullName} has no method {method}.");
        if (roles.Count == 0 || roles.Any(r => !Columns.Contains(r)))
            throw new InvalidOperationException($"{service.FullName}/{method}: roles must be some of {string.Join(", ", Columns)}.");
        var rule = new AccessRule(service.FullName, method, Columns.Where(roles.Contains).ToArray(), note);
        if (!_byPath.TryAdd(rule.Path, rule)) throw new InvalidOperationException($"{rule.Path} has two entries.");
        _rules.Add(rule);
    }

    /// <summary>The table as a Markdown role × RPC matrix (docs/architecture.md keeps it, a test keeps it true).</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| RPC | ").AppendJoin(" | ", Columns).Append(" | note |\n");
        text.Append("| --- |").Append(string.Concat(Enumerable.Repeat(" :-: |", Columns.Count))).Append(" --- |\n");
        foreach (var rule in _rules)
        {
            var service = rule.Service[(rule.Service.LastIndexOf('.') + 1)..];
            text.Append($"| `{service}/{rule.Method}` | ")
                .AppendJoin(" | ", Columns.Select(r => rule.Roles.Contains(r) ? "✓" : " "))
                .Append(" | ").Append(rule.Note ?? string.Empty).Append(" |\n");
        }
        return text.ToString();
    }

    /// <summary>The entries of one gRPC service, added in the order they are written.</summary>
    public sealed class ServiceRules(AccessTable table, ServiceDescriptor service)
    {
        public ServiceRules Allow(string method, IEnumerable<string> roles, string? note = null)
        {
            table.Add(service, method, roles.ToArray(), note);
            return this;
        }
    }
}
