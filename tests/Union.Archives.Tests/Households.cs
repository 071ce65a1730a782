using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;

namespace Union.Archives.Tests;

/// <summary>Requests the tests build on: a valid application, changed one field at a time.</summary>
public static class Households
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static int _sequence;

    /// <summary>A valid ID number no other test uses (GB 11643 check character computed).</summary>
    public static string NewIdNumber(DateOnly? birthDate = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var birth = birthDate ?? new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 14000));
        var body = $"511502{birth:yyyyMMdd}{(n * 7 + Random.Shared.Next(0, 7)) % 1000:D3}";
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    public static CreateHouseholdRequest Valid(string? idNumber = null, string organisationPath = "") => new()
    {
        OrganisationPath = organisationPath,
        HeadName = "张德明",
        HeadIdNumber = idNumber ?? NewIdNumber(),
        HeadPhone = "13990003333",
        Employer = "宜宾某纸业公司",
        Causes = { HardshipCause.Illness },
        MonthlyIncomePerPerson = new Money { Fen = 45_000 },
        LocalMonthlyAllowance = new Money { Fen = 65_900 },
    };

    /// <summary>A valid member: a schoolchild with no income unless changed.</summary>
    public static Member Member(string? idNumber = null, string name = "张小明", Relation relation = Relation.Child) => new()
    {
        Name = name,
        Relation = relation,
        IdNumber = idNumber ?? NewIdNumber(new DateOnly(2010, 5, 17).AddDays(Random.Shared.Next(0, 2000))),
        Health = Health.Healthy,
        Schooling = Schooling.Compulsory,
        Employment = Employment.Student,
        MonthlyIncome = new Money { Fen = 0 },
    };

    /// <summary>A valid bank card number (Luhn check digit computed).</summary>
    public static string NewBankCard()
    {
        var body = "622202" + string.Concat(Enumerable.Range(0, 12).Select(_ => Random.Shared.Next(0, 10)));
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return body + (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>Changes a stored file directly (e.g. its status, which the life cycle owns), as the system.</summary>
    public static Task ChangeStoredAsync(this Union.Testing.ServiceHost<Program> host, string householdId, params (string Property, object? Value)[] values) =>
        host.WithDatabaseAsync(async db =>
        {
            var household = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.Set<Domain.Household>(), h => h.Id == Guid.Parse(householdId));
            foreach (var (property, value) in values) db.Entry(household).Property(property).CurrentValue = value;
            await db.SaveChangesAsync();
        });

    /// <summary>A client acting for a caller with a subject of the test's choosing (e.g. two workers of one union).</summary>
    public static HouseholdArchives.HouseholdArchivesClient ClientFor(this Union.Testing.ServiceHost<Program> host, string subject, string organisationPath, params string[] roles) =>
        ClientWithToken(host, Union.Shared.Auth.DevTokens.Mint(Union.Testing.Tokens.Options, subject, organisationPath, roles));

    /// <summary>A mobile-app worker whose token vouches for <paramref name="idNumber"/> (null: a token without an ID number).</summary>
    public static HouseholdArchives.HouseholdArchivesClient WorkerClient(this Union.Testing.ServiceHost<Program> host, string subject, string organisationPath, string? idNumber) =>
        ClientWithToken(host, Union.Testing.Tokens.ForWorker(subject, organisationPath, idNumber));

    /// <summary>Submits a draft as a caseworker of <paramref name="organisationPath"/>: from now on the file holds its people (一户一档).</summary>
    public static async Task<Household> SubmitAsync(this Union.Testing.ServiceHost<Program> host, string organisationPath, string householdId) =>
        await new ArchiveLifecycle.ArchiveLifecycleClient(host.As(organisationPath, "caseworker"))
            .SubmitApplicationAsync(new TransitionRequest { HouseholdId = householdId, Reason = "提交申请" });

    private static HouseholdArchives.HouseholdArchivesClient ClientWithToken(Union.Testing.ServiceHost<Program> host, string token)
    {
        return new HouseholdArchives.HouseholdArchivesClient(global::Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(host.Channel.CreateCallInvoker(), metadata =>
        {
            var headers = new global::Grpc.Core.Metadata();
            foreach (var entry in metadata) headers.Add(entry);
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));
    }
}
