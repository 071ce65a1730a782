using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Shared.Auth;
using AllocationFormulaKind = Union.Contracts.Funds.V1.AllocationFormulaKind;
using FundSource = Union.Contracts.Common.V1.FundSource;

namespace Union.Funds.Tests;

/// <summary>
/// The grade closes the loop (000_001fd36b94af060d.txt §四(四)8): evaluation's EvaluationGraded is
/// kept per organisation and year, and next year's dry run uses it when the request gives none.
/// </summary>
public sealed class EvaluationGradeTests(FundsHost host) : IClassFixture<FundsHost>, IAsyncLifetime
{
    private const string Province = "51";
    private const string Chengdu = "51/5101";
    private const string Yibin = "51/5115";

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Allocation.AllocationClient Client() => new(host.As(Province, Roles.Finance));

    private static DryRunAllocationRequest Request(int year, string chengduGrade = "") => new()
    {
        Year = year,
        Source = FundSource.UnionFunds,
        Pool = new Money { Fen = 1_000_000 },
        Applicants =
        {
            new ApplicantInput { OrganisationPath = Chengdu, ApprovedVolume = new Money { Fen = 100 }, ReviewScore = "80", LastYearGrade = chengduGrade },
            new ApplicantInput { OrganisationPath = Yibin, ApprovedVolume = new Money { Fen = 100 }, ReviewScore = "80" },
        },
    };

    private static EvaluationGraded Graded(string org, int year, string grade, string kind = "PROGRAMME") => new()
    {
        Header = new EventHeader
        {
            EventId = Guid.CreateVersion7().ToString(), OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow), OrganisationPath = org,
            CorrelationId = Guid.NewGuid().ToString("N"),
        },
        EvaluationId = Guid.CreateVersion7().ToString(), SubjectKind = kind, OrganisationPath = org, Year = year, Score = "92.5", Grade = grade,
    };

    [Fact]
    public async Task Last_years_consumed_grade_changes_the_share()
    {
        await Client().SetAllocationFormulaAsync(new SetAllocationFormulaRequest
        {
            Kind = AllocationFormulaKind.ProjectVolume, VolumeWeight = "1", ScoreWeight = "0",
            GradeFactors = { new GradeFactor { Grade = "优秀", Factor = "1.5" }, new GradeFactor { Grade = "合格", Factor = "1" } },
        });
        var before = await Client().DryRunAllocationAsync(Request(2026));
        Assert.Equal(500_000, before.Lines.Single(l => l.Applicant.Path == Chengdu).Share.Fen);

        var graded = Graded(Chengdu, 2025, "优秀");
        var bus = host.Services.GetRequiredService<IBus>();
        await bus.Publish(graded);
        await bus.Publish(graded.Clone());
        // A project's grade and another year's are not the programme's grade of last year.
        await bus.Publish(Graded(Yibin, 2025, "优秀", kind: "PROJECT"));
        await bus.Publish(Graded(Yibin, 2024, "优秀"));
        Assert.True(await Union.Testing.Poll.UntilAsync(async () => await host.WithDatabaseAsync(db => db.Set<EvaluationGrade>().CountAsync()) == 3), "the grades were not stored");

        var after = await Client().DryRunAllocationAsync(Request(2026));
        var chengdu = after.Lines.Single(l => l.Applicant.Path == Chengdu);
        Assert.Equal("优秀", chengdu.LastYearGrade);
        Assert.Equal(600_000, chengdu.Share.Fen);
        Assert.Equal(400_000, after.Lines.Single(l => l.Applicant.Path == Yibin).Share.Fen);

        // A grade the request gives wins over the stored one.
        var given = await Client().DryRunAllocationAsync(Request(2026, "合格"));
        Assert.Equal(500_000, given.Lines.Single(l => l.Applicant.Path == Chengdu).Share.Fen);
    }
}
