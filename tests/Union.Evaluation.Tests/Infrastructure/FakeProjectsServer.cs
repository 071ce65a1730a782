using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;

namespace Union.Evaluation.Tests.Infrastructure;

/// <summary>
/// A minimal but real gRPC server for the projects API on a fixed loopback port (HTTP/2 over
/// Kestrel): the evaluation host reaches it through its real typed client, deadlines, Polly
/// pipeline and all. Tests decide what it answers.
/// </summary>
public sealed class FakeProjectsServer : IAsyncDisposable
{
    public const int Port = 17114;

    private WebApplication? _app;

    public FakeProjects State { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port, l => l.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(State);
        _app = builder.Build();
        _app.MapGrpcService<FakeProjectApplications>();
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>What the fake projects service knows and how it behaves.</summary>
public sealed class FakeProjects
{
    private int _calls;

    public ConcurrentDictionary<string, ProjectApplication> Projects { get; } = new();

    /// <summary>The first this many calls answer UNAVAILABLE (a service starting up, a pod rolling).</summary>
    public int UnavailableCalls { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public string? LastAuthorization { get; private set; }

    public int NextCall(string? authorization)
    {
        LastAuthorization = authorization;
        return Interlocked.Increment(ref _calls);
    }

    public ProjectApplication Add(Guid projectId, string organisationPath, string title)
    {
        var project = new ProjectApplication
        {
            ProjectId = projectId.ToString(),
            Owner = new OrganisationRef { Path = organisationPath, Code = organisationPath[(organisationPath.LastIndexOf('/') + 1)..] },
            Year = 2025,
            Category = ProjectCategory.Medical,
            Kind = ApplicationKind.Annual,
            Title = title,
            Total = new Money { Fen = 30_000_000 },
            Status = ProjectStatus.Approved,
        };
        Projects[project.ProjectId] = project;
        return project;
    }

    public void Reset()
    {
        Projects.Clear();
        UnavailableCalls = 0;
        Interlocked.Exchange(ref _calls, 0);
        LastAuthorization = null;
    }
}

public sealed class FakeProjectApplications(FakeProjects state) : ProjectApplications.ProjectApplicationsBase
{
    public override Task<ProjectApplication> GetProjectApplication(GetProjectApplicationRequest request, ServerCallContext context)
    {
        var call = state.NextCall(context.RequestHeaders.GetValue("authorization"));
        if (call <= state.UnavailableCalls) throw new RpcException(new Status(StatusCode.Unavailable, "projects is starting"));
        return state.Projects.TryGetValue(request.ProjectId, out var project)
            ? Task.FromResult(project)
            : throw new RpcException(new Status(StatusCode.NotFound, "no such project"));
    }
}

/// <summary>The evaluation host with projects at the fake server, which it starts first.</summary>
public sealed class FallbackHost : EvaluationHost
{
    public FakeProjectsServer Projects { get; } = new();

    protected override string ProjectsAddress => $"http://127.0.0.1:{FakeProjectsServer.Port}";

    public override async Task InitializeAsync()
    {
        await Projects.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Projects.DisposeAsync();
    }
}
