using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Projects.Persistence;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

public class CreateProjectApplicationTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_files_a_submitted_application_with_the_total_derived_from_the_budget()
    {
        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());

        Assert.True(Guid.TryParse(created.ProjectId, out _));
        Assert.Equal(ProjectStatus.Submitted, created.Status);
        Assert.Equal(Jinjiang, created.Owner.Path);
        Assert.Equal("510104", created.Owner.Code);
        Assert.Equal(2027, created.Year);
        Assert.Equal(ProjectCategory.Medical, created.Category);
        Assert.Equal(ApplicationKind.Annual, created.Kind);
        Assert.Equal(42_345_678, created.Total.Fen);
        Assert.Equal([FundSource.ProvincialFinance, FundSource.UnionFunds], created.Budget.Select(l => l.Source));
        Assert.Equal(120, created.TargetBeneficiaries);
        Assert.Equal(ProjectsHost.DefaultNow, created.Audit.CreatedAt.ToDateTimeOffset());
        Assert.Contains(Jinjiang, created.Audit.CreatedBy);
    }

    [Fact]
    public async Task Create_keeps_the_budget_in_fund_source_order_whatever_order_it_came_in()
    {
        var request = Valid();
        request.Budget.Clear();
        request.Budget.Add(new BudgetLine { Source = FundSource.Other, Amount = new Money { Fen = 1 } });
        request.Budget.Add(new BudgetLine { Source = FundSource.CentralFinance, Amount = new Money { Fen = 2 } });

        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(request);

        Assert.Equal([FundSource.CentralFinance, FundSource.Other], created.Budget.Select(l => l.Source));
        Assert.Equal(3, created.Total.Fen);
    }

    [Fact]
    public async Task A_city_files_for_a_county_it_manages_and_the_county_owns_the_application()
    {
        var created = await host.Client(Chengdu).CreateProjectApplicationAsync(Valid(organisationPath: Jinjiang));

        Assert.Equal(Jinjiang, created.Owner.Path);
        var read = await host.Client(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = created.ProjectId });
        Assert.Equal(created, read);
    }

    [Fact]
    public async Task Create_for_an_organisation_outside_the_callers_subtree_answers_not_found_and_changes_nothing()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(organisationPath: Cuiping)).ResponseAsync);

        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_when_the_category_already_has_an_application_this_round()
    {
        var first = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());
        var before = await host.RowCountsAsync();

        var second = Valid();
        second.Title = "另一份医疗帮扶申报书";
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => host.Client(Jinjiang).CreateProjectApplicationAsync(second).ResponseAsync);

        Assert.Equal("PROJECT_APPLICATION_EXISTS", e.Code());
        Assert.Equal(first.ProjectId, e.Metadata()["project_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_when_the_city_files_again_what_the_county_already_filed()
    {
        var first = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => host.Client(Chengdu).CreateProjectApplicationAsync(Valid(organisationPath: Jinjiang)).ResponseAsync);

        Assert.Equal(first.ProjectId, e.Metadata()["project_id"]);
    }

    [Fact]
    public async Task Create_accepts_the_same_category_in_another_round_year_or_organisation()
    {
        await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());

        // Another kind of round, another year, another category, another organisation: none is the same round.
        await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Supplementary));
        await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(year: 2028));
        await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(category: ProjectCategory.Education));
        await host.Client(Qingyang).CreateProjectApplicationAsync(Valid());
        await host.Client(Chengdu).CreateProjectApplicationAsync(Valid());

        Assert.Equal(6, (await host.RowCountsAsync())["project_applications"]);
    }

    [Fact]
    public async Task Create_accepts_any_number_of_emergency_applications_in_the_same_category()
    {
        // 000_001fd36b94af060d.txt: emergency projects "随时申报", each on its own.
        var first = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(ProjectCategory.Special, ApplicationKind.Emergency));
        var second = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(ProjectCategory.Special, ApplicationKind.Emergency));
        var third = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(ProjectCategory.Special, ApplicationKind.Emergency));

        Assert.Equal(3, new[] { first.ProjectId, second.ProjectId, third.ProjectId }.Distinct().Count());
    }

    [Fact]
    public async Task The_database_itself_holds_one_application_per_category_per_round_but_not_for_emergencies()
    {
        // Two calls racing past the handler's check still meet the unique index.
        var project = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());
        var emergency = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Emergency));

        await Assert.ThrowsAsync<DbUpdateException>(() => host.WithDatabaseAsync(db => CopyAsync(db, project.ProjectId)));
        await host.WithDatabaseAsync(db => CopyAsync(db, emergency.ProjectId));

        Assert.Equal(3, (await host.RowCountsAsync())["project_applications"]);
    }

    [Fact]
    public async Task Create_publishes_ProjectApplicationSubmitted_through_the_outbox()
    {
        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());

        var message = Assert.Single(await host.WithDatabaseAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()));
        Assert.Equal(ProjectApplicationSubmitted.Descriptor.FullName, message.EventType);
        Assert.Equal(Jinjiang, message.OrganisationPath);
        var evt = JsonParser.Default.Parse<ProjectApplicationSubmitted>(message.Payload);
        Assert.Equal(created.ProjectId, evt.ProjectId);
        Assert.Equal(2027, evt.Year);
        Assert.Equal("MEDICAL", evt.Category);
        Assert.Equal(42_345_678, evt.Total.Fen);
        Assert.Equal(Jinjiang, evt.Header.OrganisationPath);
        Assert.Equal(message.EventId.ToString(), evt.Header.EventId);
    }

    [Theory]
    [InlineData(ProjectCategory.LivingSecurity, "LIVING_SECURITY")]
    [InlineData(ProjectCategory.VocationalTraining, "VOCATIONAL_TRAINING")]
    [InlineData(ProjectCategory.Special, "SPECIAL")]
    public async Task The_event_names_the_category_as_the_proto_enum_without_its_prefix(ProjectCategory category, string expected)
    {
        await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(category));

        var message = Assert.Single(await host.WithDatabaseAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()));
        Assert.Equal(expected, JsonParser.Default.Parse<ProjectApplicationSubmitted>(message.Payload).Category);
    }

    [Fact]
    public async Task Create_writes_who_filed_what_to_the_audit_log()
    {
        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());

        var entries = await host.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Domain.ProjectApplication)).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal("Added", entry.Action);
        Assert.Equal(created.ProjectId, entry.EntityId);
        Assert.Equal(Jinjiang, entry.OrganisationPath);
        Assert.Equal(Jinjiang, entry.ActorOrganisation);
    }

    /// <summary>Inserts a copy of an application for the same round straight into the database, past the handler.</summary>
    private static async Task CopyAsync(Shared.Persistence.UnionDbContext db, string projectId)
    {
        var projects = (ProjectsDbContext)db;
        var original = await projects.ProjectApplications.AsNoTracking().SingleAsync(p => p.Id == Guid.Parse(projectId));
        var copy = Domain.ProjectApplication.Submit(new Domain.ProjectApplicationDraft(
            original.OrganisationPath, original.Year, original.Category, original.Kind, "副本", original.Background,
            original.Budget.ToList(), original.TargetBeneficiaries), "test", ProjectsHost.DefaultNow);
        projects.ProjectApplications.Add(copy);
        await projects.SaveChangesAsync();
    }
}
