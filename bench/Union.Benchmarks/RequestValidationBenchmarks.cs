using BenchmarkDotNet.Attributes;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Archives.Grpc;
using Union.Shared.Validation;

namespace Union.Benchmarks;

/// <summary>
/// Request validation of <c>CreateHousehold</c>: the <see cref="RequestValidator"/> chain that
/// HouseholdArchivesService.CreateHousehold runs before anything is written, including the
/// per-member checks of MemberInput.Members.
/// A valid request with three members, and the same request with five mistakes (all collected).
/// </summary>
[MemoryDiagnoser]
public class RequestValidationBenchmarks
{
    private CreateHouseholdRequest _valid = null!;
    private CreateHouseholdRequest _invalid = null!;

    [GlobalSetup]
    public void Setup()
    {
        _valid = new CreateHouseholdRequest
        {
            OrganisationPath = "51/5101/510104",
            HeadName = "赵小兰",
            HeadIdNumber = "510104197805120038",
            HeadPhone = "13800138000",
            Employer = "成都某机械厂",
            Causes = { HardshipCause.Illness, HardshipCause.Education },
            MonthlyIncomePerPerson = new Money { Fen = 50_000 },
            LocalMonthlyAllowance = new Money { Fen = 65_900 },
            MigrantWorker = false,
            BankCard = "6222021234567890128",
            Channel = Channel.GrassrootsVisit,
            ApplicationType = ApplicationType.NewArchive,
            Members =
            {
                Member("王大伟", Relation.Spouse, "51010419800920004X", Health.SeriousIllness, Schooling.SeniorSecondary, Employment.UnableToWork, 0),
                Member("王小明", Relation.Child, "510104200503010014", Health.Healthy, Schooling.Higher, Employment.Student, 0),
                Member("赵老汉", Relation.Parent, "510104195201170027", Health.ChronicIllness, Schooling.Compulsory, Employment.Retired, 180_000),
            },
        };
        _invalid = _valid.Clone();
        _invalid.HeadIdNumber = "510104197805120031";   // wrong check digit
        _invalid.HeadPhone = "2380013800";              // not a mobile number
        _invalid.BankCard = "6222021234567890123";      // fails Luhn
        _invalid.Members[1].Relation = Relation.Unspecified;
        _invalid.Members[2].MonthlyIncome = new Money { Fen = -1 };
    }

    private static Member Member(string name, Relation relation, string idNumber, Health health, Schooling schooling, Employment employment, long incomeFen) => new()
    {
        Name = name,
        Relation = relation,
        IdNumber = idNumber,
        Health = health,
        Schooling = schooling,
        Employment = employment,
        MonthlyIncome = new Money { Fen = incomeFen },
    };

    [Benchmark(Baseline = true, Description = "CreateHousehold, valid, 3 members")]
    public int Valid() => Validate(_valid).Violations.Count;

    [Benchmark(Description = "CreateHousehold, 5 violations")]
    public int Invalid() => Validate(_invalid).Violations.Count;

    // The service's own field checks, the ones CreateHousehold runs before any look-up.
    private static RequestValidator Validate(CreateHouseholdRequest request) => HouseholdArchivesService.ValidateFields(request);
}
